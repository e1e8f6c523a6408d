"""Recurring problems: records that tell the same underlying problem, grouped.

The steps are swappable objects: ``vectorizer`` (records → unit vectors), ``duplicates`` (finds
resubmissions) and the clustering itself: average-linkage agglomerative clustering under cosine
distance, cut at ``distance_threshold`` so the number of clusters is found, not given (see
:mod:`textmine.cluster.linkage` for how it stays within memory on large inputs).
Clusters smaller than ``min_cluster_size`` records become -1: a record that recurs nowhere is not forced
into a cluster (a reposted message recurs: it is raised again).

>>> texts = ["柳河村会计挪用修路款", "柳河村会计把修路款挪用了", "石门乡天天要求打卡拍照", "石门乡工作群打卡拍照太多"]
>>> ProblemClusterer(min_cluster_size=2, distance_threshold=0.8).fit(texts).labels_.tolist()
[0, 0, 1, 1]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.cluster.authors import HABIT_SHARE, RARE_NAME_SHARE, habit_discount
from textmine.cluster.duplicates import CONTAINMENT, NearDuplicateFinder, join_contained
from textmine.cluster.linkage import EXACT_LIMIT, average_linkage
from textmine.cluster.merge import SHARED_KEYWORDS, same_problem_clusters
from textmine.cluster.vectors import WordVectors, project
from textmine.errors import TextmineError
from textmine.text import Segmenter, normalize
from textmine.text.boilerplate import strip_boilerplate

#: The cut chosen on the dev sets at two input sizes: the written dev split (577 records; the best adjusted Rand
#: index over all records, groups and records that recur nowhere alike) and the labelled real messages (6,881;
#: the real dev topics); between and beyond them it follows the logarithm of the size. More records bring more
#: chains of merely similar records, so larger inputs are cut more strictly.
CUT_AT_SIZE = ((577, 0.85), (6881, 0.7))


def cut_for_size(n_records: int) -> float:
    """The cosine distance at which merging stops for an input of ``n_records``.

    >>> cut_for_size(577), cut_for_size(6881), cut_for_size(2000)
    (0.85, 0.7, 0.775)
    """
    (n0, t0), (n1, t1) = CUT_AT_SIZE
    share = (np.log(max(n_records, 2)) - np.log(n0)) / (np.log(n1) - np.log(n0))
    return round(float(np.clip(t0 + share * (t1 - t0), min(t0, t1) - 0.1, max(t0, t1))), 3)


class ProblemClusterer:
    """Cluster records into recurring problems.

    Parameters
    ----------
    segmenter: word segmentation (the shipped dictionary and stop words when None).
    vectorizer: turns space-joined words into unit-length rows (``WordVectors`` when None).
    duplicates: a near-duplicate finder (``NearDuplicateFinder`` when None).
    distance_threshold: cosine distance at which average linkage stops merging; None chooses it from the
        number of records (:func:`cut_for_size`).
    min_cluster_size: records a cluster needs; smaller ones become -1 (two: the same problem raised twice is
        already a recurring one).
    pair_similarity: a cluster of fewer than three distinct records is kept only when its records are at least
        this similar (cosine): two records that merely share a theme are no recurring problem.
    n_neighbors: candidate neighbours per record on large inputs.
    author_share, author_min_records: with authors given to ``fit``, an author's habits are the features (place
        and unit names left out) in at least ``author_share`` of the author's distinct records, for authors with
        at least ``author_min_records`` of them; two records of one author are compared without them
        (:mod:`textmine.cluster.authors`).
    author_rare_share: a place or unit name in at most this share of all records is a particular place, kept as
        evidence between one author's records (never a habit).
    merge_shared: clusters naming one place whose keywords outside it share at least this many are joined
        (:mod:`textmine.cluster.merge`); None leaves the clusters as the cut gives them.
    containment: a record with at least this share of its shingles inside another record of its cluster is a
        resubmission of it (:func:`textmine.cluster.duplicates.join_contained`); None leaves resubmissions to
        ``duplicates`` alone.
    seed: random state of the projection and partitioning used on large inputs.

    Learned attributes: ``labels_`` (cluster id per record, -1 for none, ids numbered by size),
    ``duplicate_of_``, ``vectors_`` (unit rows), ``vectorizer_``, ``segmenter_`` (the one the records were cut
    with), ``word_docs_``, ``cleaned_`` (the records as :meth:`clean_texts` gives them), ``discount_`` (the similarity one author's habits give that author's records).
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        vectorizer=None,
        duplicates=None,
        distance_threshold: float | None = None,
        min_cluster_size: int = 2,
        pair_similarity: float = 0.3,
        n_neighbors: int = 30,
        author_share: float = HABIT_SHARE,
        author_min_records: int = 3,
        author_rare_share: float = RARE_NAME_SHARE,
        merge_shared: int | None = SHARED_KEYWORDS,
        containment: float | None = CONTAINMENT,
        seed: int = 0,
    ) -> None:
        self.segmenter = segmenter
        self.vectorizer = vectorizer
        self.duplicates = duplicates
        self.distance_threshold = distance_threshold
        self.min_cluster_size = min_cluster_size
        self.pair_similarity = pair_similarity
        self.n_neighbors = n_neighbors
        self.author_share = author_share
        self.author_min_records = author_min_records
        self.author_rare_share = author_rare_share
        self.merge_shared = merge_shared
        self.containment = containment
        self.seed = seed

    def word_docs(self, texts: Sequence[str]) -> list[str]:
        segmenter = self._segmenter()
        return [segmenter.content_words(text) for text in self.clean_texts(texts)]

    def _segmenter(self) -> Segmenter:
        return self.segmenter if self.segmenter is not None else Segmenter.default()

    def clean_texts(self, texts: Sequence[str]) -> list[str]:
        """Records as clustering reads them: normalised, greetings and closing formulas removed, title repeated."""
        return [normalize(strip_boilerplate(t or "")) for t in texts]

    def fit(
        self, texts: Sequence[str], word_docs: Sequence[str] | None = None, authors: Sequence[object] | None = None
    ) -> ProblemClusterer:
        """Cluster ``texts``; ``authors`` (one per record, empty for unknown) keeps an author's habits out of the
        similarity of that author's own records."""
        texts = list(texts)
        cleaned = self.clean_texts(texts)
        self.cleaned_ = cleaned
        self.segmenter_ = segmenter = self._segmenter()
        self.word_docs_ = list(word_docs) if word_docs is not None else [segmenter.content_words(t) for t in cleaned]
        finder = self.duplicates if self.duplicates is not None else NearDuplicateFinder()
        self.duplicate_of_ = finder.fit(texts).duplicate_of_
        vectorizer = self.vectorizer if self.vectorizer is not None else WordVectors()
        self.vectors_ = sp.csr_matrix(vectorizer.fit_transform(self.word_docs_, texts=cleaned))
        self.vectorizer_ = vectorizer
        self.discount_ = self._author_discount(authors)
        raw = self._link(self.vectors_)
        if self.merge_shared is not None:
            raw = same_problem_clusters(self.word_docs_, cleaned, raw, self.merge_shared)
        if self.containment is not None:
            self.duplicate_of_ = join_contained(texts, raw, self.duplicate_of_, self.containment)
        self.labels_ = self._relabel(raw)
        return self

    def fit_predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.fit(texts).labels_

    def _link(self, vectors: sp.csr_matrix) -> np.ndarray:
        projection = project(vectors, seed=self.seed) if vectors.shape[0] > EXACT_LIMIT else None
        self.distance_threshold_ = (
            self.distance_threshold if self.distance_threshold is not None else cut_for_size(vectors.shape[0])
        )
        return average_linkage(
            vectors, self.distance_threshold_, self.n_neighbors, projection, self.seed, self.discount_
        )

    def _author_discount(self, authors: Sequence[object] | None) -> sp.csr_matrix:
        n = self.vectors_.shape[0]
        if authors is None:
            return sp.csr_matrix((n, n), dtype=np.float32)
        if len(authors) != n:
            raise TextmineError(f"{len(authors)} authors were given for {n} records")
        names = self.vectorizer_.feature_names() if hasattr(self.vectorizer_, "feature_names") else []
        return habit_discount(
            self.vectors_,
            authors,
            names,
            self.author_share,
            self.author_min_records,
            self.duplicate_of_ < 0,
            self.author_rare_share,
        )

    def _weak_small_clusters(self, raw: np.ndarray, sizes: dict[int, int]) -> set[int]:
        """Clusters of fewer than three distinct records whose least similar pair is below ``pair_similarity``."""
        members: dict[int, list[int]] = {}
        for i, cluster in enumerate(raw.tolist()):
            if sizes[cluster] < 3:
                members.setdefault(cluster, []).append(i)
        weak = set()
        for cluster, rows in members.items():
            if len(rows) > 1:
                block = self.vectors_[rows]
                similarity = np.asarray((block @ block.T - self.discount_[rows][:, rows]).todense())
                if similarity.min() < self.pair_similarity:
                    weak.add(cluster)
        return weak

    def _relabel(self, raw: np.ndarray) -> np.ndarray:
        """-1 for clusters with too few records (a repost counts: a problem raised again recurs); the rest
        numbered 0, 1, ... by their number of distinct records, then of all records."""
        distinct = self.duplicate_of_ < 0
        sizes: dict[int, int] = {}
        totals: dict[int, int] = {}
        for cluster, first in zip(raw.tolist(), distinct.tolist()):
            sizes[cluster] = sizes.get(cluster, 0) + int(first)
            totals[cluster] = totals.get(cluster, 0) + 1
        weak = self._weak_small_clusters(raw, sizes)
        kept = [c for c, total in totals.items() if total >= self.min_cluster_size and c not in weak]
        first_seen = {c: i for i, c in reversed(list(enumerate(raw.tolist())))}
        kept.sort(key=lambda c: (-sizes[c], -totals[c], first_seen[c]))
        new_id = {c: k for k, c in enumerate(kept)}
        labels = np.array([new_id.get(c, -1) for c in raw.tolist()], dtype=np.int64)
        # a resubmission always shares the cluster of the record it repeats
        has_original = self.duplicate_of_ >= 0
        labels[has_original] = labels[self.duplicate_of_[has_original]]
        return labels
