"""Joining clusters that tell one problem of one place.

Average linkage compares whole records: a problem told at length in many ways (a formal report, a short post, an
interview) can fall into several clusters whose records share little beyond the place and the problem words. Two
clusters of at least ``MIN_RECORDS`` records each are joined when both name the same place (the name most of
their records share, :func:`textmine.cluster.topics.topic_place`, written as its key: 伊景园滨河苑项目 and 伊景园滨河苑
are one; one name may hold the other: 丽发新城 and 暮云街道丽发新城) and at least ``SHARED_KEYWORDS`` of their keywords
outside that name agree, one word or one within the other (搅拌 and 搅拌站): two problems of one estate, parking
spaces and property fees, stay apart.

>>> docs = ["伊 景园 滨河 苑 捆绑 车位 销售", "伊 景园 滨河 苑 捆绑 车位", "伊 景园 滨河 苑 项目 车位 捆绑 职工",
...         "伊 景园 滨河 苑 项目 捆绑 车位 定向", "伊 景园 滨河 苑 物业费 上涨", "伊 景园 滨河 苑 物业费 乱 收"]
>>> texts = [d.replace(" ", "") for d in docs]
>>> same_problem_clusters(docs, texts, [0, 0, 1, 1, 2, 2]).tolist()
[0, 0, 0, 0, 2, 2]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from textmine.cluster.components import smallest_joined
from textmine.cluster.keywords import class_tfidf_keywords
from textmine.cluster.topics import topic_place

MIN_RECORDS = 2
SHARED_KEYWORDS = 2
KEYWORDS = 8


def _cluster_members(labels: np.ndarray) -> dict[int, np.ndarray]:
    """The member indices of each cluster of at least ``MIN_RECORDS`` records (-1 left out)."""
    found, counts = np.unique(labels[labels >= 0], return_counts=True)
    return {int(c): np.flatnonzero(labels == c) for c, k in zip(found, counts) if k >= MIN_RECORDS}


def _problem(keywords: Sequence[str], place: str) -> set[str]:
    """The keywords that are no part of the place's name."""
    return {word for word in keywords if word not in place}


def same_problem_clusters(
    word_docs: Sequence[str], texts: Sequence[str], labels: Sequence[int], shared: int = SHARED_KEYWORDS
) -> np.ndarray:
    """``labels`` with the clusters of one place and one problem joined (each takes the smallest id among them);
    ``texts`` are the records as written (the place must be written as one there)."""
    labels = np.asarray(labels, dtype=np.int64)
    members = _cluster_members(labels)
    if len(members) < 2:
        return labels
    kept = np.where(np.isin(labels, list(members)), labels, -1)
    keywords = class_tfidf_keywords(word_docs, kept, top_n=KEYWORDS)
    placed = []
    for cluster, rows in members.items():
        place = topic_place([word_docs[i] for i in rows], [texts[i] for i in rows])
        if place:
            placed.append((cluster, place, _problem(keywords.get(cluster, []), place)))
    pairs = [
        (k, m)
        for k, (_, place_a, words_a) in enumerate(placed)
        for m, (_, place_b, words_b) in enumerate(placed[k + 1 :], k + 1)
        if _contains(place_a, place_b) and _agreeing(words_a, words_b) >= shared
    ]
    ids = [cluster for cluster, _, _ in placed]  # ascending, as ``members`` lists them
    joined = {cluster: ids[first] for cluster, first in zip(ids, smallest_joined(len(ids), pairs).tolist())}
    return np.array([joined.get(c, c) for c in labels.tolist()], dtype=np.int64)


def _contains(a: str, b: str) -> bool:
    """Whether one name holds the other (丽发新城 and 暮云街道丽发新城 are one place)."""
    return a in b or b in a


def _agreeing(words_a: set[str], words_b: set[str]) -> int:
    """How many words of ``words_a`` the other set holds, or holds within a longer word (搅拌 in 搅拌站)."""
    return sum(any(_contains(a, b) for b in words_b) for a in words_a)
