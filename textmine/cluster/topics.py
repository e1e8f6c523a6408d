"""A cluster's topic line: the place or organisation its records name, then the problem, as "伊景园滨河苑 · 车位捆绑销售".

The place is the name most of the cluster's records share: a run of up to ``MAX_TOKENS`` adjacent words ending in
a place or organisation word (村, 街道, 小区, 苑, 路, 学校, 公司, 局 …), of two words at least (a bare 派出所 or
物业公司 names no particular one), written the same way in the records, not starting with the province or city
or a pointing word, not the government itself, in at least ``MIN_SHARE`` of the distinct records (two at
least). The name most records share is taken, or a longer name containing it that half as many records write
(伊景园滨河苑 rather than 滨河苑). The problem is
the cluster's keywords that are not part of that name, three at most, in the order the records most often write
them; keywords written next to each other are joined (车位 捆绑 销售 → 车位捆绑销售).

>>> docs = ["伊 景园 滨河 苑 车位 捆绑 销售", "伊 景园 滨河 苑 开发商 车位 捆绑 销售", "滨河 苑 车位 捆绑"]
>>> texts = ["伊景园滨河苑车位捆绑销售", "伊景园滨河苑开发商将车位捆绑销售", "滨河苑车位捆绑"]
>>> topic_place(docs, texts)
'伊景园滨河苑'
>>> topic_line(docs, texts, ["捆绑", "车位", "滨河", "销售"])
'伊景园滨河苑 · 车位捆绑销售'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from textmine.cluster.names import name_key, name_runs

MIN_SHARE = 0.3
PROBLEM_WORDS = 3
SEPARATOR = " · "


def _names_in(tokens: list[str], text: str) -> set[str]:
    """Candidate names of one record (:func:`textmine.cluster.names.name_runs`), each written as its key (伊景园滨河苑项目
    as 伊景园滨河苑)."""
    return {key for key in map(name_key, name_runs(tokens, text)) if len(key) >= 3}


def topic_place(word_docs: Sequence[str], texts: Sequence[str]) -> str | None:
    """The name most of the records share (see the module's note), or None."""
    counts: Counter[str] = Counter()
    for doc, text in zip(word_docs, texts):
        counts.update(_names_in(doc.split(), text))
    least = max(2, MIN_SHARE * len(word_docs))
    shared = {name: k for name, k in counts.items() if k >= least}
    if not shared:
        return None
    most = max(shared.values())
    top = max((name for name, k in shared.items() if k == most), key=lambda name: (len(name), name))
    fuller = [name for name, k in shared.items() if top in name and k * 2 >= most]  # 伊景园滨河苑 over 滨河苑
    return max(fuller, key=lambda name: (len(name), shared[name], name))


def problem_words(word_docs: Sequence[str], keywords: Sequence[str], place: str | None) -> str:
    """Up to three keywords outside the place, in the records' usual order, adjacent ones joined."""
    chosen = [k for k in keywords if not place or k not in place][:PROBLEM_WORDS]
    if not chosen:
        return ""
    orders: Counter[tuple[str, ...]] = Counter()
    adjacent: Counter[tuple[str, str]] = Counter()
    for doc in word_docs:
        tokens = doc.split()
        position = {k: tokens.index(k) for k in chosen if k in tokens}
        orders[tuple(sorted(position, key=position.get))] += 1
        for a, b in pairwise(tokens):
            adjacent[(a, b)] += 1
    usual = [k for k in max(orders, key=lambda o: (len(o), orders[o])) if k in chosen]
    ordered = usual + [k for k in chosen if k not in usual]
    line = ordered[0]
    for a, b in pairwise(ordered):
        line += ("" if adjacent[(a, b)] * 2 >= len(word_docs) else " ") + b
    return line


def topic_line(word_docs: Sequence[str], texts: Sequence[str], keywords: Sequence[str]) -> str:
    """``place · problem``, or the problem alone when the records share no name."""
    place = topic_place(word_docs, texts)
    problem = problem_words(word_docs, keywords, place)
    return SEPARATOR.join(part for part in (place, problem) if part)
