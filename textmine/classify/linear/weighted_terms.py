"""The terms of a record that add most to a label's linear score: the raw material of evidence.

For every (row, label) pair, the columns of the row whose TF-IDF value times the label's weight is
positive, largest product first, equal products in column order. The compiled helper does a whole
chunk in one call; the numpy twin gives the same columns.

>>> import numpy as np, scipy.sparse as sp
>>> rows = sp.csr_matrix(np.array([[0.5, 0.2, 0.9], [0.0, 0.4, 0.1]], dtype=np.float32))
>>> weights = np.array([[1.0, 2.0, -1.0]], dtype=np.float32)
>>> top_weighted_columns(rows, np.array([0, 1]), np.array([0, 0]), weights, k=2).tolist()
[[0, 1], [1, -1]]
>>> distinct_terms(np.array([[2, 0, 1]], dtype=np.int32), ["公款", "挪用公款", "吃喝"], n=2)
[['吃喝', '公款']]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from textmine.classify.linear import compiled


def top_weighted_columns(
    rows: sp.csr_matrix,
    row_of_pair: np.ndarray,
    label_of_pair: np.ndarray,
    weights: np.ndarray,
    k: int,
    use_compiled: bool = True,
) -> np.ndarray:
    """A (pairs, k) array of columns, -1 where a row has fewer than k positive products."""
    indptr = rows.indptr.astype(np.int32, copy=False)
    indices = rows.indices.astype(np.int32, copy=False)
    data = rows.data.astype(np.float32, copy=False)
    weights = np.ascontiguousarray(weights, dtype=np.float32)
    row_of_pair = np.ascontiguousarray(row_of_pair, dtype=np.int64)
    label_of_pair = np.ascontiguousarray(label_of_pair, dtype=np.int64)
    out = np.full((len(row_of_pair), k), -1, dtype=np.int32)
    if k <= 0 or not len(row_of_pair):
        return out
    if use_compiled and compiled.kernel is not None:
        compiled.kernel.top_terms(indptr, indices, data, row_of_pair, label_of_pair, weights, weights.shape[1], k, out)
        return out
    for p, (row, label) in enumerate(zip(row_of_pair.tolist(), label_of_pair.tolist())):
        start, end = indptr[row], indptr[row + 1]
        columns = indices[start:end]
        products = data[start:end] * weights[label, columns]
        positive = products > 0
        columns, products = columns[positive], products[positive]
        order = np.lexsort((columns, -products))[:k]
        out[p, : len(order)] = columns[order]
    return out


def distinct_terms(candidates: np.ndarray, terms: list[str], n: int, use_compiled: bool = True) -> list[list[str]]:
    """For each row of candidate columns (-1 ends a row), the terms in order, skipping one that holds or
    sits inside a term taken before, at most ``n``."""
    candidates = np.ascontiguousarray(candidates, dtype=np.int32)
    if use_compiled and compiled.kernel is not None:
        return compiled.kernel.distinct_terms(candidates, candidates.shape[1] if candidates.ndim == 2 else 0, terms, n)
    return [_distinct(columns, terms, n) for columns in candidates.tolist()]


def _distinct(columns: list[int], terms: list[str], n: int) -> list[str]:
    chosen: list[str] = []
    for column in columns:
        if column < 0 or len(chosen) >= n:
            break
        term = terms[column]
        if not any(term in taken or taken in term for taken in chosen):
            chosen.append(term)
    return chosen
