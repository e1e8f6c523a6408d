"""TF-IDF over character 2- and 3-grams, counted with numpy.

``CharGramTfidf`` gives what scikit-learn's ``TfidfVectorizer(analyzer="char", ngram_range=(2, 3),
lowercase=False, sublinear_tf=True, dtype=np.float32)`` gives (the same columns in the same order, the same
document-frequency limits and ``max_features`` choice), without a Python loop over every n-gram: each n-gram is
one 64-bit integer (its characters' code points, 21 bits each), and counting is sorting those integers. The
integers sort as the n-grams sort as strings (a 2-gram before the 3-grams that extend it), so the columns come
in scikit-learn's order.

>>> grams = CharGramTfidf(min_df=1, max_df=1.0)
>>> rows = grams.fit_transform(["柳河村修路", "柳河村挪用"])
>>> grams.get_feature_names_out()[:6].tolist()
['修路', '挪用', '村修', '村修路', '村挪', '村挪用']
>>> round(float((rows[0] @ rows[1].T).toarray()[0, 0]), 3)
0.275
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.lazy import lazy_module

sklearn_preprocessing = lazy_module("sklearn.preprocessing")

WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's character analyzer folds them
BITS = np.uint64(21)


class CharGramTfidf:
    """Sublinear TF-IDF (smoothed idf, unit rows) over character 2-3-grams.

    Parameters
    ----------
    min_df: documents (an int) a gram must occur in.
    max_df: share of documents (a float) a gram may occur in at most.
    max_features: the most frequent grams kept, by count over all documents.
    separator: a character that parts the pieces of a document (the names of one record): no gram spans it.

    Learned attributes: ``grams_`` (the sort keys of the kept grams, ascending), ``idf_``.
    """

    def __init__(
        self, min_df: int = 2, max_df: float = 0.3, max_features: int | None = 50000, separator: str | None = None
    ) -> None:
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.separator = separator

    def fit_transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        """Learn the grams and their idf; the documents' rows. ``ValueError`` when no gram is left."""
        doc_of, keys = _grams(docs, self.separator)
        grams, column = np.unique(keys, return_inverse=True)
        if not len(grams):
            raise ValueError("empty vocabulary: the documents have no two characters in a row")
        counts = _count_matrix(doc_of, column, len(docs), len(grams))
        keep = self._kept_columns(counts)
        self.grams_ = grams[keep]
        counts = counts[:, keep]
        df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float32)
        self.idf_ = np.full_like(df, len(docs) + 1, dtype=np.float32)
        self.idf_ /= df + 1
        np.log(self.idf_, out=self.idf_)
        self.idf_ += 1.0
        return self._weigh(counts)

    def transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        doc_of, keys = _grams(docs, self.separator)
        position = np.searchsorted(self.grams_, keys)
        found = position < len(self.grams_)
        found[found] = self.grams_[position[found]] == keys[found]
        return self._weigh(_count_matrix(doc_of[found], position[found], len(docs), len(self.grams_)))

    def get_feature_names_out(self) -> np.ndarray:
        return np.array([_decode(int(key)) for key in self.grams_], dtype=object)

    def _kept_columns(self, counts: sp.csr_matrix) -> np.ndarray:
        """Columns within the document-frequency limits, then the ``max_features`` most frequent of them."""
        n_docs = counts.shape[0]
        most = self.max_df * n_docs if isinstance(self.max_df, float) else self.max_df
        if most < self.min_df:
            raise ValueError("max_df corresponds to < documents than min_df")
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        mask = (df <= most) & (df >= self.min_df)
        if self.max_features is not None and mask.sum() > self.max_features:
            totals = np.asarray(counts.sum(axis=0)).ravel()
            chosen = np.where(mask)[0][(-totals[mask]).argsort()[: self.max_features]]
            mask = np.zeros(len(df), dtype=bool)
            mask[chosen] = True
        if not mask.any():
            raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        return np.flatnonzero(mask)

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        counts = counts.astype(np.float32)
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self.idf_[counts.indices]
        return unit_rows(counts, copy=False)


def _grams(docs: Sequence[str], separator: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(document index, sort key) of every 2- and 3-gram occurrence, leaving out those that hold ``separator``. A
    2-gram ``ab`` is ``a·b·0`` and a 3-gram ``abc`` is ``a·b·(c+1)`` in 21-bit fields, so keys order as the strings
    do."""
    folded = [WHITE_SPACES.sub(" ", doc) for doc in docs]
    lengths = np.array([len(doc) for doc in folded], dtype=np.int64)
    points = np.frombuffer("".join(folded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    doc_at = np.repeat(np.arange(len(folded)), lengths)
    left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(points)) - 1  # characters after each one in its doc
    pairs = np.flatnonzero(left >= 1)
    triples = np.flatnonzero(left >= 2)
    two = (points[pairs] << (BITS * np.uint64(2))) | (points[pairs + 1] << BITS)
    three = (points[triples] << (BITS * np.uint64(2))) | (points[triples + 1] << BITS) | (points[triples + 2] + 1)
    if separator is not None:
        parted = points == np.uint64(ord(separator))
        pairs_kept = ~(parted[pairs] | parted[pairs + 1])
        triples_kept = ~(parted[triples] | parted[triples + 1] | parted[triples + 2])
        pairs, two, triples, three = pairs[pairs_kept], two[pairs_kept], triples[triples_kept], three[triples_kept]
    return np.concatenate([doc_at[pairs], doc_at[triples]]), np.concatenate([two, three])


def _count_matrix(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> sp.csr_matrix:
    counts = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(n_rows, n_columns), dtype=np.float32
    )
    counts.sum_duplicates()
    return counts


def _decode(key: int) -> str:
    first, second, third = key >> 42, (key >> 21) & ((1 << 21) - 1), key & ((1 << 21) - 1)
    return chr(first) + chr(second) + (chr(third - 1) if third else "")


def unit_rows(matrix: sp.csr_matrix, copy: bool = True) -> sp.csr_matrix:
    """Each row scaled to unit length (rows of zeros stay so); a matrix without rows or columns (records with no
    word at all: only punctuation, say) as it is.

    >>> unit_rows(sp.csr_matrix((2, 0))).shape, unit_rows(sp.csr_matrix([[3.0, 4.0]])).toarray().tolist()
    ((2, 0), [[0.6, 0.8]])
    """
    if 0 in matrix.shape:
        return matrix
    return sklearn_preprocessing.normalize(matrix, copy=copy)
