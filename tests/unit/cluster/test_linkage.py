import numpy as np
import scipy.sparse as sp

from textmine.cluster import linkage


def grouped_unit_vectors(n_groups: int, per_group: int, dim: int = 32, noise: float = 0.3, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n_groups, dim))
    points = np.repeat(centres, per_group, axis=0) + noise * rng.normal(size=(n_groups * per_group, dim))
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float32), np.repeat(np.arange(n_groups), per_group)


def test_cell_search_finds_nearly_all_close_pairs_of_the_full_search(monkeypatch):
    vectors, _ = grouped_unit_vectors(60, 50)
    full = {tuple(p) for p in linkage._projected_neighbours(vectors, 10).tolist()}
    monkeypatch.setattr(linkage, "BRUTE_FORCE_LIMIT", 500)
    cells = {tuple(p) for p in linkage._projected_neighbours(vectors, 10, seed=3).tolist()}
    similarity = {(i, j): float(vectors[i] @ vectors[j]) for i, j in full}
    close = {pair for pair, s in similarity.items() if s >= 0.8}
    assert len(close) > 1000
    assert len(close & cells) / len(close) >= 0.95
    assert all(i < j for i, j in cells)


def test_large_inputs_cluster_like_small_ones(monkeypatch):
    vectors, groups = grouped_unit_vectors(40, 30, noise=0.2)
    X = sp.csr_matrix(vectors)
    exact = linkage.average_linkage(X, threshold=0.5)
    monkeypatch.setattr(linkage, "BRUTE_FORCE_LIMIT", 300)
    monkeypatch.setattr(linkage, "EXACT_LIMIT", 400)
    monkeypatch.setattr(linkage, "PART_SIZE", 300)
    approximate = linkage.average_linkage(X, threshold=0.5, projection=vectors, seed=0)
    from sklearn.metrics import adjusted_rand_score

    assert adjusted_rand_score(groups, exact) > 0.95
    assert adjusted_rand_score(exact, approximate) > 0.9
    assert (approximate == linkage.average_linkage(X, threshold=0.5, projection=vectors, seed=0)).all()
