"""Recurring problems: records that tell the same underlying problem, grouped.

The steps are swappable objects: ``vectorizer`` (records → unit vectors), ``duplicates`` (finds
resubmissions) and the clustering itself: average-linkage agglomerative clustering under cosine
distance, cut at ``distance_threshold`` so the number of clusters is found, not given (see
:mod:`textmine.cluster.linkage` for how it stays within memory on large inputs).
Clusters smaller than ``min_cluster_size`` (counting a resubmission once) become -1: a record
that recurs nowhere is not forced into a cluster.

>>> texts = ["柳河村会计挪用修路款", "柳河村会计把修路款挪用了", "石门乡天天要求打卡拍照", "石门乡工作群打卡拍照太多"]
>>> ProblemClusterer(min_cluster_size=2, distance_threshold=0.8).fit(texts).labels_.tolist()
[0, 0, 1, 1]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.cluster.duplicates import NearDuplicateFinder
from textmine.cluster.linkage import EXACT_LIMIT, average_linkage
from textmine.cluster.vectors import WordVectors, project
from textmine.text import Segmenter, normalize


class ProblemClusterer:
    """Cluster records into recurring problems.

    Parameters
    ----------
    segmenter: word segmentation (the shipped dictionary and stop words when None).
    vectorizer: turns space-joined words into unit-length rows (``WordVectors`` when None).
    duplicates: a near-duplicate finder (``NearDuplicateFinder`` when None).
    distance_threshold: cosine distance at which average linkage stops merging.
    min_cluster_size: distinct (non-duplicate) records a cluster needs; smaller ones become -1.
    n_neighbors: candidate neighbours per record on large inputs.
    seed: random state of the projection and partitioning used on large inputs.

    Learned attributes: ``labels_`` (cluster id per record, -1 for none, ids numbered by size),
    ``duplicate_of_``, ``vectors_`` (unit rows), ``vectorizer_``, ``word_docs_``.
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        vectorizer=None,
        duplicates=None,
        distance_threshold: float = 0.85,
        min_cluster_size: int = 3,
        n_neighbors: int = 30,
        seed: int = 0,
    ) -> None:
        self.segmenter = segmenter
        self.vectorizer = vectorizer
        self.duplicates = duplicates
        self.distance_threshold = distance_threshold
        self.min_cluster_size = min_cluster_size
        self.n_neighbors = n_neighbors
        self.seed = seed

    def word_docs(self, texts: Sequence[str]) -> list[str]:
        segmenter = self.segmenter if self.segmenter is not None else Segmenter.default()
        return [segmenter.content_words(normalize(t or "")) for t in texts]

    def fit(self, texts: Sequence[str], word_docs: Sequence[str] | None = None) -> ProblemClusterer:
        texts = list(texts)
        self.word_docs_ = list(word_docs) if word_docs is not None else self.word_docs(texts)
        finder = self.duplicates if self.duplicates is not None else NearDuplicateFinder()
        self.duplicate_of_ = finder.fit(texts).duplicate_of_
        vectorizer = self.vectorizer if self.vectorizer is not None else WordVectors()
        self.vectors_ = sp.csr_matrix(vectorizer.fit_transform(self.word_docs_))
        self.vectorizer_ = vectorizer
        raw = self._link(self.vectors_)
        self.labels_ = self._relabel(raw)
        return self

    def fit_predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.fit(texts).labels_

    def _link(self, vectors: sp.csr_matrix) -> np.ndarray:
        projection = project(vectors, seed=self.seed) if vectors.shape[0] > EXACT_LIMIT else None
        return average_linkage(vectors, self.distance_threshold, self.n_neighbors, projection, self.seed)

    def _relabel(self, raw: np.ndarray) -> np.ndarray:
        """-1 for clusters with too few distinct records; the rest numbered 0, 1, ... by size."""
        distinct = self.duplicate_of_ < 0
        sizes: dict[int, int] = {}
        for cluster, first in zip(raw.tolist(), distinct.tolist()):
            sizes[cluster] = sizes.get(cluster, 0) + int(first)
        kept = [c for c, size in sizes.items() if size >= self.min_cluster_size]
        first_seen = {c: i for i, c in reversed(list(enumerate(raw.tolist())))}
        kept.sort(key=lambda c: (-sizes[c], first_seen[c]))
        new_id = {c: k for k, c in enumerate(kept)}
        labels = np.array([new_id.get(c, -1) for c in raw.tolist()], dtype=np.int64)
        # a resubmission always shares the cluster of the record it repeats
        has_original = self.duplicate_of_ >= 0
        labels[has_original] = labels[self.duplicate_of_[has_original]]
        return labels
