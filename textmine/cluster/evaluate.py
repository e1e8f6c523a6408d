"""Scoring clusters against known recurring-problem groups, and duplicates against known resubmissions.

>>> score_clusters(["g1", "g1", None, "g2", "g2"], [0, 0, 1, 1, 1])["adjusted_rand"]
1.0
>>> score_clusters(["g1", "g1", None, "g2", "g2"], [0, 1, 1, 2, 2])["adjusted_rand"]
0.5714
>>> largest_cluster_purity(["a", "a", "b", None, "b"], [0, 0, 0, 0, 1], top=20)
{'clusters_scored': 2, 'purity': 0.75}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from textmine.lazy import lazy_module

metrics = lazy_module("sklearn.metrics")


def score_clusters(groups: Sequence[str | None], clusters: Sequence[int]) -> dict[str, float]:
    """ARI and V-measure over the records that have a group; a record at -1 counts as its own cluster."""
    truth, found = [], []
    left_out = 0
    for k, (group, cluster) in enumerate(zip(groups, clusters)):
        if not group:
            continue
        truth.append(group)
        found.append(f"single-{k}" if cluster < 0 else str(cluster))
        left_out += cluster < 0
    if not truth:
        return {"adjusted_rand": 0.0, "v_measure": 0.0, "grouped_records": 0, "grouped_left_out": 0}
    return {
        "adjusted_rand": round(float(metrics.adjusted_rand_score(truth, found)), 4),
        "v_measure": round(float(metrics.v_measure_score(truth, found)), 4),
        "grouped_records": len(truth),
        "grouped_left_out": int(left_out),
    }


def largest_cluster_purity(groups: Sequence[str | None], clusters: Sequence[int], top: int = 20) -> dict:
    """Purity of the ``top`` largest clusters: in each, the share of its gold members that belong to its most
    common gold topic, averaged over the clusters holding gold members (weighted by those members). A mixed
    cluster near the top of the list, where an office starts reading, pulls it down."""
    sizes: dict[int, int] = defaultdict(int)
    members: dict[int, list[str]] = defaultdict(list)
    for group, cluster in zip(groups, clusters):
        if cluster < 0:
            continue
        sizes[cluster] += 1
        if group:
            members[cluster].append(group)
    largest = sorted(sizes, key=lambda c: (-sizes[c], c))[:top]
    scored = [members[c] for c in largest if members[c]]
    total = sum(len(m) for m in scored)
    majority = sum(max(m.count(g) for g in set(m)) for m in scored)
    return {"clusters_scored": len(scored), "purity": round(majority / total, 4) if total else 1.0}


def _pairs(sets: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for members in sets.values() for pair in combinations(members, 2)}


def duplicate_sets(ids: Sequence[str], duplicate_of: Sequence[str | None]) -> dict[str, list[str]]:
    """Sets of ids joined by duplicate links (each record to the one it repeats)."""
    root = {i: i for i in ids}

    def find(x: str) -> str:
        while root[x] != x:
            x = root[x]
        return x

    for rid, original in zip(ids, duplicate_of):
        if original and original in root:
            a, b = find(rid), find(original)
            if a != b:
                root[a] = b
    sets: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        sets[find(rid)].append(rid)
    return sets


def score_duplicates(ids: Sequence[str], true_dup_of: Sequence[str | None], found_dup_of: Sequence[str | None]):
    """Precision and recall of same-submission pairs."""
    truth = _pairs(duplicate_sets(ids, true_dup_of))
    found = _pairs(duplicate_sets(ids, found_dup_of))
    hit = len(truth & found)
    return {
        "precision": round(hit / len(found), 4) if found else 1.0,
        "recall": round(hit / len(truth), 4) if truth else 1.0,
        "true_pairs": len(truth),
        "found_pairs": len(found),
    }
