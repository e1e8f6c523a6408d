"""Vectorised TF-IDF transform for a fitted scikit-learn ``TfidfVectorizer``.

scikit-learn counts n-grams one Python string at a time, which is most of the time spent classifying.
:class:`FastTfidf` keeps the fitted vocabulary and idf weights and counts the n-grams of a whole batch
at once with numpy: each n-gram becomes an integer key (code points or token ids packed into one
64-bit number), keys are looked up in the sorted vocabulary keys, and the counts become a sparse
matrix. The result equals the vectorizer's own transform (a test checks this).

>>> from sklearn.feature_extraction.text import TfidfVectorizer
>>> vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit(["挪用公款", "公款吃喝"])
>>> fast = FastTfidf.from_vectorizer(vec)
>>> bool(abs(fast.transform(["公款挪用"]) - vec.transform(["公款挪用"])).max() < 1e-6)
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat

import numpy as np
import pandas as pd
import scipy.sparse as sp

BITS = 21  # a Unicode code point fits in 21 bits; three of them fit in 63
WHITESPACE_RUNS = re.compile(r"\s\s+")


class FastTfidf:
    """The transform of a fitted char or whitespace-token TF-IDF vectorizer, vectorised."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, analyzer: str, ngram_range: tuple[int, int],
                 lowercase: bool, sublinear_tf: bool, norm: str | None, dtype=np.float32) -> None:  # fmt: skip
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.lowercase = lowercase
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.dtype = dtype
        self.idf = np.asarray(idf, dtype=np.float64)
        self.n_features = len(vocabulary)
        if analyzer == "char":
            keys = _char_keys_of(list(vocabulary))
        else:
            self.token_ids = _token_ids(vocabulary)
            keys = np.array([self._word_key(term.split(" ")) for term in vocabulary], dtype=np.uint64)
        self._terms = _in_column_order(vocabulary)
        self.columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
        self.key_index = pd.Index(keys)  # a hash table from n-gram key to position

    @classmethod
    def from_vectorizer(cls, vectorizer) -> FastTfidf:
        analyzer = "char" if vectorizer.analyzer == "char" else "word"
        return cls(
            vectorizer.vocabulary_,
            vectorizer.idf_,
            analyzer,
            tuple(vectorizer.ngram_range),
            vectorizer.lowercase,
            vectorizer.sublinear_tf,
            vectorizer.norm,
            vectorizer.dtype,
        )

    def _word_key(self, tokens: list[str]) -> int:
        base = len(self.token_ids) + 1
        key = 0
        for token in tokens:
            key = key * base + self.token_ids[token] + 1
        return key

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        if self.lowercase:
            docs = [d.lower() for d in docs]
        rows, keys = self._char_keys(docs) if self.analyzer == "char" else self._word_keys(docs)
        position = self.key_index.get_indexer(keys)
        found = position >= 0
        counts = self._count_matrix(rows[found], self.columns[position[found]], len(docs))
        if self.sublinear_tf:
            np.log(counts.data, out=counts.data)
            counts.data += 1
        counts.data *= self.idf[counts.indices]
        if self.norm == "l2":
            _scale_rows_to_unit_length(counts)
        elif self.norm:
            raise ValueError(f"norm {self.norm!r} is not supported; use 'l2' or None")
        return counts.astype(self.dtype)

    def terms(self) -> list[str]:
        """The vocabulary in column order (what ``get_feature_names_out`` gives)."""
        return list(self._terms)

    def _count_matrix(self, rows: np.ndarray, columns: np.ndarray, n_docs: int) -> sp.csr_matrix:
        """Counts of (document, feature) pairs as a canonical CSR matrix, from one sort of the pairs."""
        # one number per (document, feature); 32 bits when they fit, which numpy sorts several times faster
        dtype = np.uint32 if n_docs * max(self.n_features, 1) < 2**32 else np.int64
        cells, counts = np.unique(
            rows.astype(dtype) * dtype(self.n_features) + columns.astype(dtype), return_counts=True
        )
        cells = cells.astype(np.int64)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(cells // self.n_features, minlength=n_docs), out=indptr[1:])
        matrix = sp.csr_matrix(
            (counts.astype(np.float64), cells % self.n_features, indptr), shape=(n_docs, self.n_features)
        )
        matrix.has_canonical_format = True
        return matrix

    def _char_keys(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        docs = [WHITESPACE_RUNS.sub(" ", d) for d in docs]
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        codes = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(docs)), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)
        return _ngram_keys(codes, doc_of, ends, self.ngram_range, np.uint64(1 << BITS))

    def _word_keys(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        token_lists = [d.split() for d in docs]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(docs))
        tokens = [t for tokens in token_lists for t in tokens]
        # 0: a token no term holds (a dict lookup in C beats pandas' indexer on strings)
        ids = np.fromiter(map(self.token_ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        ids = (ids + 1).astype(np.uint64)
        doc_of = np.repeat(np.arange(len(docs)), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)
        return _ngram_keys(ids, doc_of, ends, self.ngram_range, np.uint64(len(self.token_ids) + 1))


def _ngram_keys(units: np.ndarray, doc_of: np.ndarray, ends: np.ndarray, ngram_range, base: np.uint64):
    """Keys of every n-gram (n in ngram_range) that stays inside its document and holds no unit 0
    (unknown), with their document. Units are at least 1, so keys of different n never meet."""
    all_rows, all_keys = [], []
    total = len(units)
    start = np.arange(total)
    has_unknown = bool((units == 0).any())
    zeros_before = np.concatenate([[0], np.cumsum(units == 0)]) if has_unknown else None
    for n in range(ngram_range[0], ngram_range[1] + 1):
        count = total - n + 1
        if count <= 0:
            break
        key = units[:count].copy()
        for offset in range(1, n):
            key *= base
            key += units[offset : offset + count]
        valid = start[:count] + n <= ends[:count]
        if has_unknown:
            valid &= zeros_before[n : n + count] == zeros_before[:count]
        all_rows.append(doc_of[:count][valid])
        all_keys.append(key[valid])
    if not all_keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(all_rows), np.concatenate(all_keys)


def _char_keys_of(terms: list[str]) -> np.ndarray:
    """:func:`_char_key` of every term at once: code points shifted into place and summed per term."""
    lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    if not len(terms) or lengths.min() < 1:
        return np.array([_char_key(term) for term in terms], dtype=np.uint64)
    codes = np.frombuffer("".join(terms).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    position = np.arange(len(codes)) - np.repeat(starts, lengths)
    shifts = (np.repeat(lengths, lengths) - 1 - position).astype(np.uint64) * np.uint64(BITS)
    return np.add.reduceat(codes << shifts, starts)


def _char_key(term: str) -> int:
    key = 0
    for ch in term:
        key = (key << BITS) + ord(ch)
    return key


def _token_ids(vocabulary: dict[str, int]) -> dict[str, int]:
    tokens: dict[str, int] = {}
    for term in vocabulary:
        for token in term.split(" "):
            tokens.setdefault(token, len(tokens))
    return tokens


def _scale_rows_to_unit_length(matrix: sp.csr_matrix) -> None:
    """Divide each row of a CSR matrix by its Euclidean norm, in place (empty rows stay empty)."""
    lengths = np.diff(matrix.indptr)
    row_of = np.repeat(np.arange(matrix.shape[0]), lengths)
    norms = np.sqrt(np.bincount(row_of, weights=matrix.data**2, minlength=matrix.shape[0]))
    norms[norms == 0] = 1.0
    matrix.data /= np.repeat(norms, lengths)


def _in_column_order(vocabulary: dict[str, int]) -> list[str]:
    terms = [""] * len(vocabulary)
    for term, column in vocabulary.items():
        terms[column] = term
    return terms
