"""Places and units named in a text, found from segmented words by their suffixes.

>>> entity_words(["杏花岭乡", "河湾村", "会计", "县水务局", "挪用"])
['杏花岭乡', '河湾村', '县水务局']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "组", "屯", "寨")
UNIT_SUFFIXES = (
    "局", "所", "站", "中心", "公司", "医院", "卫生院", "学校", "小学", "中学", "委员会", "村委会", "居委会",
    "党支部", "党总支", "党委", "党组", "管委会", "合作社", "办公室", "大队", "支队", "法院", "检察院", "政府",
)  # fmt: skip
GENERIC = frozenset(
    {"村", "镇", "乡", "县", "区", "社区", "街道", "政府", "党委", "村委会", "党支部", "公司", "学校", "医院"}
)
HAS_DIGIT = re.compile(r"\d")


def is_place(word: str) -> bool:
    return len(word) >= 2 and word.endswith(PLACE_SUFFIXES) and word not in GENERIC and not HAS_DIGIT.search(word)


def is_unit(word: str) -> bool:
    return len(word) >= 2 and word.endswith(UNIT_SUFFIXES) and word not in GENERIC and not HAS_DIGIT.search(word)


def entity_words(tokens: Sequence[str]) -> list[str]:
    """Tokens that name a place or a unit, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in tokens:
        if is_place(token) or is_unit(token):
            seen.setdefault(token)
    return list(seen)
