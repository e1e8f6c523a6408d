"""Cluster summaries: size, resubmissions, the topic line (place · problem), keywords, how much the records share
beyond generic words (coherence, the ``mixed`` flag), labels, representative records, places and units, date
span, record ids, and a centroid that lets a later run keep the same cluster ids.

>>> summarise_dates(["2023-05-02", "", "2023年1月4日"])
['2023-01-04', '2023-05-02']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from textmine.cluster.coherence import cluster_coherence, distinctive_rows, is_mixed
from textmine.cluster.topics import topic_line
from textmine.text.dates import parse_date
from textmine.text.entities import is_place, is_unit, written_names

CENTROID_TERMS = 60


def summarise_dates(values: Sequence[Any]) -> list[str] | None:
    dates = sorted(d for d in (parse_date(v) for v in values) if d)
    return [dates[0], dates[-1]] if dates else None


def top_names(names: Sequence[Sequence[str]], test, n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` names passing ``test`` that most records name, from each record's place and unit names."""
    counts = Counter(w for record in names for w in dict.fromkeys(record) if test(w))  # in the records' order
    return [{"name": name, "records": k} for name, k in counts.most_common(n)]


def representatives(vectors, members: np.ndarray, n: int = 3) -> list[int]:
    """Indices of the members closest to the cluster's mean vector."""
    rows = vectors[members]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    closeness = np.asarray(rows @ centre).ravel()
    return [int(members[i]) for i in np.argsort(-closeness, kind="stable")[:n]]


def centroid_terms(sparse_rows, feature_names: Sequence[str]) -> dict[str, float]:
    """The strongest terms of the members' mean sparse vector, for matching later records."""
    mean = np.asarray(sparse_rows.mean(axis=0)).ravel()
    top = np.flatnonzero(mean > 0)
    top = top[np.argsort(-mean[top], kind="stable")][:CENTROID_TERMS]
    return {str(feature_names[i]): round(float(mean[i]), 5) for i in top if mean[i] > 0}


def build_summary(
    clusterer,
    ids: Sequence[str],
    texts: Sequence[str],
    keywords: dict[int, list[str]],
    dates: Sequence[Any] | None = None,
    labels: Sequence[Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """One entry per cluster, largest first."""
    cluster_ids = clusterer.labels_
    duplicate_of = clusterer.duplicate_of_
    sparse = clusterer.vectors_
    feature_names = clusterer.vectorizer_.feature_names()
    distinctive = distinctive_rows(sparse)
    cleaned = getattr(clusterer, "cleaned_", None) or clusterer.clean_texts(texts)
    segmenter = clusterer.segmenter_  # the one the records were cut with
    entries = []
    order = np.argsort(cluster_ids, kind="stable")  # members of each cluster together, in input order
    found, starts, sizes = np.unique(cluster_ids[order], return_index=True, return_counts=True)
    for cluster, start, size in zip(found.tolist(), starts.tolist(), sizes.tolist()):
        if cluster < 0:
            continue
        members = order[start : start + size]
        distinct = members[duplicate_of[members] < 0]
        names = [written_names(segmenter.cut(cleaned[i]), cleaned[i], segmenter.stop_words) for i in members]
        shared = cluster_coherence(distinctive, distinct, seed=getattr(clusterer, "seed", 0))
        words = keywords.get(cluster, [])
        entry: dict[str, Any] = {
            "cluster": cluster,
            "size": len(distinct),
            "records": len(members),
            "resubmissions": int(len(members) - len(distinct)),
            "topic": topic_line([clusterer.word_docs_[i] for i in distinct], [cleaned[i] for i in distinct], words),
            "keywords": words,
            **shared,
            "mixed": is_mixed(shared["split_similarity"]),
            "representatives": [
                {"id": str(ids[i]), "text": texts[i]} for i in representatives(clusterer.vectors_, distinct)
            ],
            "places": top_names(names, is_place),
            "units": top_names(names, is_unit),
            "date_span": summarise_dates([dates[i] for i in members]) if dates is not None else None,
            "record_ids": [str(ids[i]) for i in members],
            "centroid": centroid_terms(sparse[distinct], feature_names),
        }
        if labels is not None:
            entry["labels"] = dict(Counter(label for i in distinct for label in labels[i]).most_common())
        entries.append(entry)
    entries.sort(key=lambda e: (-e["size"], e["cluster"]))
    return entries
