"""Fast TF-IDF transform for a fitted scikit-learn ``TfidfVectorizer``.

scikit-learn counts n-grams one Python string at a time, which is most of the time spent classifying.
:class:`FastTfidf` keeps the fitted vocabulary and idf weights and counts the n-grams of a whole batch
at once: each n-gram becomes an integer key (code points or token ids packed into one 64-bit number)
looked up in a hash table of the vocabulary keys. The compiled counter (``_speedups.c``, built at
install when a C compiler is present) does this in one pass per document; without it numpy does the
same in batched array operations. Both equal the vectorizer's own transform (tests check this).

>>> from sklearn.feature_extraction.text import TfidfVectorizer
>>> vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit(["挪用公款", "公款吃喝"])
>>> fast = FastTfidf.from_vectorizer(vec)
>>> bool(abs(fast.transform(["公款挪用"]) - vec.transform(["公款挪用"])).max() < 1e-6)
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import repeat

import numpy as np
import scipy.sparse as sp

from textmine.classify.linear import compiled
from textmine.classify.linear.compiled import code_points, hash_table, offsets_of, token_table
from textmine.lazy import lazy_module

pandas = lazy_module("pandas")  # only for the fallback lookup; predicting needs no pandas otherwise

BITS = 21  # a Unicode code point plus one fits in 21 bits; three of them fit in 63
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
        self.keys = keys
        if self.base ** ngram_range[1] >= 2**64:
            raise ValueError(f"n-grams of {ngram_range[1]} units do not fit the 64-bit keys; use at most 3 characters")
        self.use_compiled = True
        self._index = None  # pandas' hash table of the keys, built on first use without the compiled counter
        self._table = None  # the compiled counter's hash table of the keys, built on first use
        self._token_table = None  # the same for the tokens of a word vocabulary

    def compiled_applies(self) -> bool:
        """Whether :meth:`transform` takes the compiled path (built, wanted, and a float32 l2 or no norm)."""
        return (
            self.use_compiled and compiled.kernel is not None and self.norm in (None, "l2") and self.dtype == np.float32
        )

    @property
    def base(self) -> int:
        """The number each unit of an n-gram key is multiplied by (units are code points or token ids)."""
        return 1 << BITS if self.analyzer == "char" else len(self.token_ids) + 1

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
        if self.compiled_applies():
            return stacked_transform([self], [docs])
        if self.lowercase:
            docs = [d.lower() for d in docs]
        units, offsets = self._char_units(docs) if self.analyzer == "char" else self._word_units(docs)
        rows, keys = _ngram_keys(units, offsets, self.ngram_range, np.uint64(self.base))
        position = self._key_index().get_indexer(keys)
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

    def _key_index(self):
        if self._index is None:
            self._index = pandas.Index(self.keys)
        return self._index

    def _compiled_table(self) -> np.ndarray:
        """(key, column) pairs in an open-addressing hash table, with every prefix of a term that is no
        term itself as (prefix, EMPTY): the compiled counter stops extending an n-gram no term starts with."""
        if self._table is None:
            keys = np.ascontiguousarray(self.keys, dtype=np.uint64)
            starts = np.setdiff1d(_prefix_keys(keys, self._unit_counts(), self.base), keys)
            empty = np.full(len(starts), np.iinfo(np.uint64).max, dtype=np.uint64)
            self._table = hash_table(
                np.concatenate([keys, starts]), np.concatenate([self.columns, empty.view(np.int64)])
            )
        return self._table

    def _unit_counts(self) -> np.ndarray:
        """How many units (characters or tokens) each key packs, in key order."""
        if self.analyzer == "char":
            per_column = np.fromiter(map(len, self._terms), dtype=np.int64, count=len(self._terms))
        else:
            per_column = np.fromiter((t.count(" ") + 1 for t in self._terms), dtype=np.int64, count=len(self._terms))
        return per_column[self.columns]

    def _compiled_token_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The hash table of the word tokens, their offsets and their code points (ids in order)."""
        if self._token_table is None:
            self._token_table = token_table(list(self.token_ids))  # ids in order
        return self._token_table

    def compiled_block(self, docs: Sequence[str]) -> tuple:
        """This transform of ``docs`` as one block of the compiled ``tfidf_rows``."""
        if self.lowercase:
            docs = [d.lower() for d in docs]
        units, offsets = self._char_units(docs) if self.analyzer == "char" else self._compiled_word_units(docs)
        return self._block(units, offsets)

    def compiled_content_block(self, token_lists: Iterable[list[str]], stop_table: tuple, capacity: int) -> tuple:
        """:meth:`compiled_block` of each token list's :meth:`Segmenter.content_words`, decided, lowered and
        looked up by the kernel without the joined text (``capacity``: at least the characters of all tokens;
        ``stop_table``: the stop words as :func:`token_table` gives them). One list at a time: the tokens of
        one text are freed before the next is cut, so their memory stays in the cache."""
        ids = np.empty(max(capacity, 1), dtype=np.uint32)
        offsets, one = [0], np.empty(2, dtype=np.int64)
        tables = (*stop_table, *self._compiled_token_table())
        for tokens in token_lists:
            compiled.kernel.content_word_ids([tokens], *tables, ids[offsets[-1] :], one)
            offsets.append(offsets[-1] + int(one[1]))
        return self._block(ids[: offsets[-1]], np.array(offsets, dtype=np.int64))

    def _block(self, units: np.ndarray, offsets: np.ndarray) -> tuple:
        low, high = self.ngram_range
        return (
            units,
            offsets,
            low,
            high,
            self.base,
            self._compiled_table(),
            self.idf,
            self.sublinear_tf,
            self.norm == "l2",
        )

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

    def _char_units(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Code points plus one (no unit is 0, so n-grams of different lengths never share a key) of all
        documents in one array, with runs of whitespace squeezed as scikit-learn's char analyzer does,
        and where each document starts and ends."""
        units, offsets = code_points([WHITESPACE_RUNS.sub(" ", d) for d in docs])
        return units + np.uint32(1), offsets

    def _word_units(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids plus one (0: a token no term holds) of all documents, and the document offsets."""
        token_lists = [d.split() for d in docs]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(docs))
        tokens = [t for tokens in token_lists for t in tokens]
        # a dict lookup in C beats pandas' indexer on strings
        ids = np.fromiter(map(self.token_ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        return (ids + 1).astype(np.uint32), offsets_of(lengths)

    def _compiled_word_units(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_word_units`, with the splitting and the lookups compiled."""
        text, offsets = code_points(docs)
        ids = np.empty(len(text), dtype=np.uint32)
        id_offsets = np.empty(len(offsets), dtype=np.int64)
        compiled.kernel.token_ids(text, offsets, *self._compiled_token_table(), ids, id_offsets)
        return ids[: id_offsets[-1]], id_offsets


def stacked_transform(transforms: Sequence[FastTfidf], docs: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """``scipy.sparse.hstack`` of each transform of its documents, counted in one compiled pass (every
    transform must be one the compiled path applies to, see :meth:`FastTfidf.compiled_applies`)."""
    blocks = [transform.compiled_block(texts) for transform, texts in zip(transforms, docs)]
    return transform_blocks(transforms, blocks)


def transform_blocks(transforms: Sequence[FastTfidf], blocks: Sequence[tuple]) -> sp.csr_matrix:
    """The rows of compiled blocks (:meth:`FastTfidf.compiled_block`, one per transform) side by side."""
    blocks = tuple(blocks)
    n_docs = len(blocks[0][1]) - 1
    # a row holds at most one n-gram of each length per unit
    capacity = max(1, sum(int(block[1][-1]) * (block[3] - block[2] + 1) for block in blocks))
    indptr = np.empty(n_docs + 1, dtype=np.int64)
    indices = np.empty(capacity, dtype=np.int32)
    data = np.empty(capacity, dtype=np.float32)
    nnz = compiled.kernel.tfidf_rows(blocks, indptr, indices, data)
    n_features = sum(transform.n_features for transform in transforms)
    matrix = sp.csr_matrix((data[:nnz], indices[:nnz], indptr), shape=(n_docs, n_features))
    matrix.has_canonical_format = True
    return matrix


def _prefix_keys(keys: np.ndarray, unit_counts: np.ndarray, base: int) -> np.ndarray:
    """The keys of every proper prefix of the given keys (a key packs its units as key * base + unit)."""
    prefixes = [keys[unit_counts > drop] // np.uint64(base**drop) for drop in range(1, int(unit_counts.max(initial=1)))]
    return np.unique(np.concatenate(prefixes)) if prefixes else np.zeros(0, dtype=np.uint64)


def _ngram_keys(units: np.ndarray, offsets: np.ndarray, ngram_range, base: np.uint64):
    """Keys of every n-gram (n in ngram_range) that stays inside its document and holds no unit 0 (a
    token no term holds), with their document."""
    lengths = np.diff(offsets)
    doc_of = np.repeat(np.arange(len(lengths)), lengths)
    ends = np.repeat(offsets[1:], lengths)
    units = units.astype(np.uint64)
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
    codes, offsets = code_points(terms)
    codes = codes.astype(np.uint64) + np.uint64(1)
    starts = offsets[:-1]
    position = np.arange(len(codes)) - np.repeat(starts, lengths)
    shifts = (np.repeat(lengths, lengths) - 1 - position).astype(np.uint64) * np.uint64(BITS)
    return np.add.reduceat(codes << shifts, starts)


def _char_key(term: str) -> int:
    key = 0
    for ch in term:
        key = (key << BITS) + ord(ch) + 1
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
