"""How much a cluster's records share beyond generic words, and the ``mixed`` flag.

A cluster can hold together on words every message of an office uses (市, 政府, 反映, 问题, the city's name):
average linkage sees them as similarity, a reader sees no common problem. The *distinctive* features are those in
fewer than ``GENERIC_SHARE`` of all records clustered. Over those features alone, for a cluster's distinct records
(resubmissions left out): ``coherence`` is their mean pairwise cosine similarity; ``split_similarity`` the mean
similarity between the two parts average linkage splits them into last (a cluster of two problems falls into its
two problems, which share nearly nothing; one problem told many ways has no such seam); ``top_term_share`` the
share of records holding the strongest distinctive feature. A cluster whose split similarity is below
``MIXED_BELOW`` is flagged ``mixed``.

The threshold was chosen on the dev data (``python scripts/coherence_threshold.py``): the gold groups of the
written dev split and the real dev topics are coherent clusters, the unions of two gold groups of the same label
are mixed ones; ``MIXED_BELOW`` is the cut with the best balanced accuracy between them. Mean pairwise similarity
alone separated them less well (the written corpus's groups paraphrase more than real reposts).

>>> import numpy as np, scipy.sparse as sp
>>> rows = sp.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 1]] * 5, dtype=float))
>>> distinctive_features(rows, generic_share=0.9).tolist()
[False, True, True, True]
>>> distinctive = distinctive_rows(rows, generic_share=0.9)
>>> cluster_coherence(distinctive, np.array([0, 1]))
{'coherence': 1.0, 'split_similarity': 1.0, 'top_term_share': 1.0}
>>> cluster_coherence(distinctive, np.array([0, 1, 2, 3]))
{'coherence': 0.1667, 'split_similarity': 0.0, 'top_term_share': 0.5}
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from textmine.cluster.char_grams import unit_rows
from textmine.lazy import lazy_module

hierarchy = lazy_module("scipy.cluster.hierarchy")
scipy_distance = lazy_module("scipy.spatial.distance")

GENERIC_SHARE = 0.05
MIXED_BELOW = 0.13
MAX_MEMBERS = 300
MIN_GENERIC = 10  # on a small input a word in a few records is no generic word


def distinctive_features(vectors: sp.csr_matrix, generic_share: float = GENERIC_SHARE) -> np.ndarray:
    """A boolean per feature: present in fewer than ``generic_share`` of the records, or of ``MIN_GENERIC`` records
    on small inputs (and in at least one)."""
    vectors = sp.csr_matrix(vectors)
    present = np.bincount(vectors.indices, minlength=vectors.shape[1])
    return (present > 0) & (present < max(generic_share * vectors.shape[0], MIN_GENERIC))


def distinctive_rows(vectors: sp.csr_matrix, generic_share: float = GENERIC_SHARE) -> sp.csr_matrix:
    """The rows over the distinctive features alone, unit length (a row of generic words only becomes zero)."""
    vectors = sp.csr_matrix(vectors)
    keep = distinctive_features(vectors, generic_share)
    rows = sp.csr_matrix(vectors @ sp.diags(keep.astype(np.float32)))
    rows.eliminate_zeros()
    return unit_rows(rows)


def cluster_coherence(unit_rows: sp.csr_matrix, members: np.ndarray, seed: int = 0) -> dict[str, float]:
    """Coherence, split similarity and top-term share of ``members`` (rows of :func:`distinctive_rows`; all 1.0
    for a single member); a cluster of more than ``MAX_MEMBERS`` is measured on a sample of that many."""
    if len(members) < 2:
        return {"coherence": 1.0, "split_similarity": 1.0, "top_term_share": 1.0}
    if len(members) > MAX_MEMBERS:
        members = np.sort(np.random.default_rng(seed).choice(members, MAX_MEMBERS, replace=False))
    unit = unit_rows[members]
    weight = np.bincount(unit.indices, weights=unit.data, minlength=unit.shape[1])
    top = int(np.argmax(weight))
    top_share = float(np.count_nonzero(unit.indices == top) / len(members)) if weight[top] > 0 else 0.0
    similarity = (unit @ unit.T).toarray().astype(np.float64)
    n = len(members)
    pairwise = (similarity.sum() - np.trace(similarity)) / (n * (n - 1))
    return {
        "coherence": round(max(float(pairwise), 0.0), 4),
        "split_similarity": round(max(_split_similarity(similarity), 0.0), 4),
        "top_term_share": round(top_share, 4),
    }


def _split_similarity(similarity: np.ndarray) -> float:
    """Mean similarity between the two parts of the last average-linkage merge."""
    if len(similarity) == 2:
        return float(similarity[0, 1])
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = hierarchy.linkage(scipy_distance.squareform(distance, checks=False), method="average")
    part = hierarchy.cut_tree(tree, n_clusters=2).ravel() == 0
    return float(similarity[np.ix_(part, ~part)].mean())


def is_mixed(split_similarity: float, threshold: float = MIXED_BELOW) -> bool:
    """Whether a cluster whose two parts are that similar shares too little beyond generic words.

    >>> is_mixed(0.01), is_mixed(0.3)
    (True, False)
    """
    return split_similarity < threshold
