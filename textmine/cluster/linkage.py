"""Average-linkage clustering under cosine distance, cut at a distance threshold, in memory that
grows with the records rather than their square.

Two records whose cosine similarity is below ``1 - threshold`` can never end in one cluster
through each other alone, and two groups with no such pair between them can never merge (their
average similarity is below the cut). So the records are first split into the connected components
of the graph of pairs at or above ``1 - threshold``; exact average linkage (scipy) then runs inside
each component. Up to ``EXACT_LIMIT`` records the pairs come from the exact similarity matrix, a block
of rows at a time. Beyond it, each record's candidate neighbours come from low-dimensional random
projections (every pair scored up to ``BRUTE_FORCE_LIMIT`` records, an inverted-file search over
k-means cells above), and each candidate pair is then scored exactly. A component too large for a dense
distance matrix is first divided by k-means on the projections, which keeps near neighbours together.

>>> import numpy as np, scipy.sparse as sp
>>> X = sp.csr_matrix(np.array([[1, 0], [0.99, 0.14], [0, 1]]))
>>> average_linkage(X, threshold=0.2).tolist()
[0, 0, 1]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from textmine.cluster.components import connected
from textmine.lazy import lazy_module

sklearn_cluster = lazy_module("sklearn.cluster")
hierarchy = lazy_module("scipy.cluster.hierarchy")
scipy_distance = lazy_module("scipy.spatial.distance")

EXACT_LIMIT = 20_000  # records whose similarity pairs are found exactly (sparse products, a block of rows at a time)
PART_SIZE = 4000  # largest piece a big component is divided into
PAIR_BATCH = 50_000  # candidate pairs whose exact similarity is computed at once
BRUTE_FORCE_LIMIT = 20_000  # records whose projected neighbours are found by scoring every pair
PROBES = 8  # neighbouring k-means cells searched besides a record's own, beyond that limit


def average_linkage(
    X: sp.csr_matrix, threshold: float, n_neighbors: int = 30, projection=None, seed: int = 0, discount=None
) -> np.ndarray:
    """Cluster ids (0..k-1, each record in one) for unit-length rows of ``X``. ``discount``, an n × n sparse
    matrix, is subtracted from the similarity of the pairs it holds (see :mod:`textmine.cluster.authors`)."""
    n = X.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    discount = sp.csr_matrix((n, n), dtype=np.float32) if discount is None else sp.csr_matrix(discount)
    pairs = _close_pairs(X, 1.0 - threshold, n_neighbors, projection, seed, discount)
    component = connected(n, pairs)
    labels = np.full(n, -1, dtype=np.int64)
    next_id = 0
    for members in _pieces(component, X, projection, seed):
        if len(members) == 1:
            labels[members] = next_id
            next_id += 1
            continue
        local = _exact(X[members], threshold, discount[members][:, members])
        labels[members] = local + next_id
        next_id += int(local.max()) + 1
    return labels


def _exact(X: sp.csr_matrix, threshold: float, discount: sp.csr_matrix) -> np.ndarray:
    similarity = np.asarray((X @ X.T).todense(), dtype=np.float64)
    if discount.nnz:
        similarity -= discount.toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = hierarchy.linkage(scipy_distance.squareform(distance, checks=False), method="average")
    return hierarchy.fcluster(tree, t=threshold, criterion="distance").astype(np.int64) - 1


def _close_pairs(
    X: sp.csr_matrix, min_similarity: float, n_neighbors: int, projection, seed: int, discount: sp.csr_matrix
) -> np.ndarray:
    """Pairs (i < j) with cosine similarity, less the discount, at or above ``min_similarity``."""
    n = X.shape[0]
    found = []
    if n <= EXACT_LIMIT or projection is None:
        step = max(1, 2_000_000 // max(n, 1))
        for start in range(0, n, step):
            block = X[start : start + step] @ X.T
            block = (block - discount[start : start + step] if discount.nnz else block).tocoo()
            keep = (block.data >= min_similarity) & (block.row + start < block.col)
            found.append(np.stack([block.row[keep] + start, block.col[keep]], axis=1))
    else:
        candidates = _projected_neighbours(projection, n_neighbors, seed)
        for start in range(0, len(candidates), PAIR_BATCH):  # exact similarity, a batch of pairs at a time
            batch = candidates[start : start + PAIR_BATCH]
            similarity = np.asarray(X[batch[:, 0]].multiply(X[batch[:, 1]]).sum(axis=1)).ravel()
            if discount.nnz:
                similarity -= np.asarray(discount[batch[:, 0], batch[:, 1]]).ravel()
            found.append(batch[similarity >= min_similarity])
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)


def _projected_neighbours(vectors: np.ndarray, n_neighbors: int, seed: int = 0, block: int = 512) -> np.ndarray:
    """Candidate pairs: each record's nearest neighbours by the projected vectors. Up to
    ``BRUTE_FORCE_LIMIT`` records every pair is scored; beyond it the records are put in about sqrt(n)
    k-means cells and each record is compared with the records of the ``PROBES`` cells nearest its own
    (an inverted-file search), which keeps the work near n * sqrt(n) instead of n * n."""
    n = len(vectors)
    k = min(n_neighbors, n - 1)
    if k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    if n <= BRUTE_FORCE_LIMIT:
        return _unique_pairs(
            [_nearest(vectors, np.arange(s, min(s + block, n)), np.arange(n), k) for s in range(0, n, block)]
        )
    kmeans = sklearn_cluster.MiniBatchKMeans(int(np.sqrt(n)), random_state=seed, n_init=1, batch_size=4096).fit(vectors)
    cells = _members(kmeans.labels_, len(kmeans.cluster_centers_))
    centre_similarity = kmeans.cluster_centers_ @ kmeans.cluster_centers_.T
    found = []
    for cell, queries in enumerate(cells):
        if not len(queries):
            continue
        nearby = [c for c in np.argsort(-centre_similarity[cell], kind="stable")[: PROBES + 1] if c != cell][:PROBES]
        candidates = np.concatenate([queries, *(cells[c] for c in nearby)])
        found += [_nearest(vectors, queries[s : s + block], candidates, k) for s in range(0, len(queries), block)]
    return _unique_pairs(found)


def _nearest(vectors: np.ndarray, queries: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """(query, neighbour) pairs: the ``k`` most similar candidates of each query, itself excluded."""
    scores = vectors[queries] @ vectors[candidates].T
    scores[queries[:, None] == candidates[None, :]] = -np.inf
    k = min(k, len(candidates) - 1)
    if k < 1:
        return np.zeros((0, 2), dtype=np.int64)
    nearest = candidates[np.argpartition(-scores, k - 1, axis=1)[:, :k]]
    return np.stack([np.repeat(queries, k), nearest.ravel()], axis=1)


def _unique_pairs(found: list[np.ndarray]) -> np.ndarray:
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    pairs = np.stack([pairs.min(axis=1), pairs.max(axis=1)], axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def _members(assignment: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """The record indices of each group, in index order."""
    order = np.argsort(assignment, kind="stable")
    return np.split(order, np.searchsorted(assignment[order], np.arange(1, n_groups)))


def _pieces(component: np.ndarray, X: sp.csr_matrix, projection, seed: int):
    """Member index arrays: each component, with components over the exact limit divided."""
    for members in _members(component, int(component.max()) + 1):  # components are numbered 0..k-1
        if len(members) <= EXACT_LIMIT:
            yield members
            continue
        vectors = projection[members] if projection is not None else X[members]
        parts = int(np.ceil(len(members) / PART_SIZE))
        assignment = sklearn_cluster.MiniBatchKMeans(parts, random_state=seed, n_init=3, batch_size=4096).fit_predict(
            vectors
        )
        for part in range(parts):
            chosen = members[assignment == part]
            if len(chosen):
                yield from (chosen[i : i + EXACT_LIMIT] for i in range(0, len(chosen), EXACT_LIMIT))
