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

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from textmine.cluster.vectors import is_broad_place
from textmine.text.entities import BARE_SUFFIXES, GENERIC, GENERIC_PLACES, PLACE_SUFFIXES, POINTING, UNIT_SUFFIXES

NAME_ENDINGS = PLACE_SUFFIXES + UNIT_SUFFIXES + (
    "苑", "园", "小区", "花园", "家园", "公寓", "大厦", "广场", "路", "街", "大道", "巷", "大桥", "公园", "集团",
    "幼儿园", "市场", "车站", "机场", "地铁站", "高铁站", "工业园", "项目",
)  # fmt: skip
MAX_TOKENS = 5
MIN_SHARE = 0.3
PROBLEM_WORDS = 3
SEPARATOR = " · "
ADMIN_PREFIX = re.compile(r"^(?:(?:[A-Za-z]\d*|\d+)(?:省|市|县|区))+")  # A市, A7县: the city and county of every record
NOT_NAMES = ("政府", "城市", "市委", "党委")  # the government and "the city": no particular place
WORDISH = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")


def _names_in(tokens: list[str], text: str) -> set[str]:
    """Candidate names of one record: adjacent-word runs ending in a name word."""
    found = set()
    for end, token in enumerate(tokens):
        if not token.endswith(NAME_ENDINGS):
            continue
        for start in range(max(0, end - MAX_TOKENS + 1), end):  # two words at least: a bare 派出所 is no name
            first = tokens[start]
            if first in BARE_SUFFIXES or first[0] in POINTING or is_broad_place(first) or not first[0].isalpha():
                continue
            name = "".join(tokens[start : end + 1])
            if name.endswith(NOT_NAMES) or name in GENERIC | GENERIC_PLACES or not WORDISH.match(name):
                continue
            if len(name) >= 3 and name in text:
                found.add(ADMIN_PREFIX.sub("", name) if not is_broad_place(name) else name)
    return {name for name in found if len(name) >= 3 and not is_broad_place(name)}


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
