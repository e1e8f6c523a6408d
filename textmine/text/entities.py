"""Places and units named in a text, found from segmented words by their suffixes.

jieba often splits an invented name ("苔岭乡双井村" → 苔岭 / 乡 / 双井村); :func:`entity_words`
joins a bare suffix to the word before it, keeps a run of place words together, and drops words
that only point at a place ("本村", "邻村", "全县").

>>> entity_words(["苔岭", "乡", "双井村", "会计", "县水务局", "回", "村", "挪用"])
['苔岭乡', '双井村', '县水务局']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "屯", "寨", "组")
UNIT_SUFFIXES = (
    "局", "所", "站", "中心", "公司", "医院", "卫生院", "学校", "小学", "中学", "委员会", "村委会", "居委会",
    "党支部", "党总支", "党委", "党组", "管委会", "合作社", "办公室", "大队", "支队", "法院", "检察院", "政府",
)  # fmt: skip
BARE_SUFFIXES = frozenset({"省", "市", "县", "区", "镇", "乡", "村", "局", "所", "站"})
POINTING = frozenset(
    "了的着过本该此这那其各每全邻外回进出到在去来返离我你他她某整哪上下同两几多个将把被向对给从由为与和及或而并就才又也还都于以是有"
)
GENERIC = frozenset(
    {"辖区", "城区", "社区", "景区", "园区", "小区", "山区", "片区", "街道", "镇政府", "乡政府", "县政府", "村组"}
)
HAS_DIGIT = re.compile(r"\d")
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


def _named(word: str, suffixes: tuple[str, ...]) -> bool:
    if len(word) < 2 or not word.endswith(suffixes) or not CJK_ONLY.match(word):
        return False
    stem = word[: -len(next(s for s in suffixes if word.endswith(s)))]
    return bool(stem) and stem[0] not in POINTING and word not in GENERIC


def is_place(word: str) -> bool:
    """A place name such as 双井村, 苔岭乡, 云杉区鹤鸣社区 (not 本村, 全县)."""
    return _named(word, PLACE_SUFFIXES)


def is_unit(word: str) -> bool:
    """A unit such as 县水务局, 村党支部, 不动产登记中心."""
    return _named(word, UNIT_SUFFIXES)


def _joinable(previous: str, limit: int) -> bool:
    return 1 <= len(previous) <= limit and bool(CJK_ONLY.match(previous)) and previous[0] not in POINTING


def join_suffixes(tokens: Sequence[str]) -> list[str]:
    """Tokens with a bare suffix (村, 乡, 局 ...) or a short suffixed piece (溪乡, 阳县) joined to the
    name fragments before it (峦 / 桥 / 县 → 峦桥县)."""
    joined: list[str] = []
    for token in tokens:
        bare = token in BARE_SUFFIXES
        piece = len(token) <= 3 and token.endswith(PLACE_SUFFIXES + UNIT_SUFFIXES)
        if bare or piece:
            stem = ""
            while joined and _joinable(joined[-1], 2) and len(stem) + len(joined[-1]) <= (4 if bare else 2):
                if is_place(joined[-1]) or is_unit(joined[-1]):
                    break
                stem = joined.pop() + stem
            token = stem + token
        joined.append(token)
    return joined


def entity_words(tokens: Sequence[str]) -> list[str]:
    """Place and unit names among segmented tokens, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in join_suffixes(tokens):
        if is_place(token) or is_unit(token):
            seen.setdefault(token)
    return list(seen)
