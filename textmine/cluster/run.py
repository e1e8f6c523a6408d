"""Clustering a whole batch: duplicates, clusters (optionally inside each label), stable ids across
runs, keywords and the summary.

>>> result = cluster_texts(["a1", "a2", "a3"], ["河湾村会计挪用修路款", "河湾村会计挪用修路款！", "邻居吵架"])
>>> result.duplicate_of
['', 'a1', '']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from textmine.cluster.char_grams import unit_rows
from textmine.cluster.keywords import class_tfidf_keywords
from textmine.cluster.model import ProblemClusterer
from textmine.cluster.summary import build_summary
from textmine.errors import TextmineError

NO_LABEL = "none"


@dataclass
class ClusterResult:
    """Per-record cluster ids, keywords and duplicate links, and the per-cluster summary."""

    clusters: list[int]
    keywords: list[str]
    duplicate_of: list[str]
    summary: list[dict[str, Any]] = field(default_factory=list)


def _new_clusterer(settings: dict[str, Any]) -> ProblemClusterer:
    return ProblemClusterer(**settings)


def cluster_texts(
    ids: Sequence[str],
    texts: Sequence[str],
    dates: Sequence[Any] | None = None,
    labels: Sequence[Sequence[str]] | None = None,
    within_labels: bool = False,
    previous: list[dict[str, Any]] | None = None,
    authors: Sequence[object] | None = None,
    **settings: Any,
) -> ClusterResult:
    """Cluster ``texts``; inside each record's first label when ``within_labels``; keeping the ids of
    ``previous`` (an earlier summary) where records fit its clusters; with ``authors`` (one per record), two
    records of one author join only on what they share beyond that author's habits."""
    ids = [str(i) for i in ids]
    texts = ["" if t is None else str(t) for t in texts]
    if within_labels and labels is None:
        raise TextmineError("clustering within labels needs the records classified first")
    if within_labels and previous is not None:
        raise TextmineError("--within-labels and --update cannot be combined; run them separately")
    if within_labels:
        parts = _partition([list(x)[:1] or [NO_LABEL] for x in labels])
    else:
        parts = {NO_LABEL: np.arange(len(texts))}
    clusters = np.full(len(texts), -1, dtype=np.int64)
    duplicate_of = [""] * len(texts)
    summary: list[dict[str, Any]] = []
    next_id = 0 if previous is None else 1 + max((e["cluster"] for e in previous), default=-1)
    for part, index in parts.items():
        part_authors = [authors[i] for i in index] if authors is not None else None
        clusterer = _new_clusterer(settings).fit([texts[i] for i in index], authors=part_authors)
        local = clusterer.labels_.copy()
        if previous is not None:
            local = _keep_previous_ids(clusterer, [ids[i] for i in index], previous, next_id)
        else:
            local = np.where(local >= 0, local + next_id, -1)
        next_id = max(next_id, int(local.max()) + 1 if len(local) else next_id)
        clusterer.labels_ = local
        for k, j in enumerate(clusterer.duplicate_of_):
            if j >= 0:
                duplicate_of[index[k]] = ids[index[j]]
        clusters[index] = local
        keywords = class_tfidf_keywords(clusterer.word_docs_, local)
        sub = build_summary(
            clusterer,
            [ids[i] for i in index],
            [texts[i] for i in index],
            keywords,
            dates=[dates[i] for i in index] if dates is not None else [texts[i] for i in index],
            labels=[labels[i] for i in index] if labels is not None else None,
        )
        for entry in sub:
            entry["within_label"] = part if within_labels else None
        summary.extend(sub)
    summary.sort(key=lambda e: (-e["size"], e["cluster"]))
    by_id = {e["cluster"]: e["topic"] or "、".join(e["keywords"][:5]) for e in summary}
    return ClusterResult(
        clusters=clusters.tolist(),
        keywords=[by_id.get(int(c), "") for c in clusters],
        duplicate_of=duplicate_of,
        summary=summary,
    )


def _partition(first_labels: list[list[str]]) -> dict[str, np.ndarray]:
    parts: dict[str, list[int]] = {}
    for i, labels in enumerate(first_labels):
        parts.setdefault(labels[0], []).append(i)
    return {k: np.array(v) for k, v in sorted(parts.items())}


def _keep_previous_ids(clusterer: ProblemClusterer, ids: list[str], previous: list[dict[str, Any]], next_id: int):
    """Records already in a previous cluster keep it; new records join the previous cluster whose
    centroid they match best when close enough; the rest form new clusters with new ids."""
    final = np.full(len(ids), -1, dtype=np.int64)
    known = {rid: entry["cluster"] for entry in previous for rid in entry.get("record_ids", [])}
    for k, rid in enumerate(ids):
        final[k] = known.get(rid, -1)
    sparse = clusterer.vectors_
    centroids, cluster_ids = _centroid_matrix(previous, clusterer.vectorizer_.feature_names())
    unassigned = np.flatnonzero(final < 0)
    if centroids is not None and len(unassigned):
        similarity = (sparse[unassigned] @ centroids.T).toarray()
        best = similarity.argmax(axis=1)
        fits = similarity[np.arange(len(unassigned)), best] >= 1 - clusterer.distance_threshold_
        final[unassigned[fits]] = np.asarray(cluster_ids)[best[fits]]
    fresh = clusterer.labels_
    for local in sorted({int(c) for c in fresh[final < 0] if c >= 0}):
        members = np.flatnonzero((fresh == local) & (final < 0))
        if (clusterer.duplicate_of_[members] < 0).sum() >= clusterer.min_cluster_size:
            final[members] = next_id
            next_id += 1
    return final


def _centroid_matrix(previous: list[dict[str, Any]], feature_names: list[str]):
    position = {name: j for j, name in enumerate(feature_names)}
    rows, cols, values, cluster_ids = [], [], [], []
    for entry in previous:
        terms = {t: w for t, w in (entry.get("centroid") or {}).items() if t in position}
        if not terms:
            continue
        for term, weight in terms.items():
            rows.append(len(cluster_ids))
            cols.append(position[term])
            values.append(weight)
        cluster_ids.append(entry["cluster"])
    if not cluster_ids:
        return None, []
    matrix = sp.csr_matrix((values, (rows, cols)), shape=(len(cluster_ids), len(feature_names)))
    return unit_rows(matrix), cluster_ids
