"""Names a record gives its problem: places and units, estates, roads and companies, written one way.

Records about one estate write its name several ways: 伊景园滨河苑, 伊景园滨河苑项目; 丽发新城, 丽发新城小区,
丽发新城社区. :func:`record_names` finds the place and unit words of a record (:func:`entity_words`) and the runs of
adjacent words ending in the name word of an estate, road, park or company (苑, 小区, 花园, 路, 集团 …,
:func:`name_runs`), and writes each as
:func:`name_key` gives it: the city and county prefix (A市, A2区) and the trailing words that only say what kind of
place it is (项目, 小区, 社区, 一期 …) dropped, so that the variants of one name share one key.

>>> name_key("A市伊景园滨河苑项目"), name_key("丽发新城小区"), name_key("丽发新城社区"), name_key("凯乐国际城一期")
('伊景园滨河苑', '丽发新城', '丽发新城', '凯乐国际城')
>>> name_key("地省师大附中星城实验学校")
'师大附中星城实验学校'
>>> record_names("伊 景园 滨河 苑 项目 捆绑 销售 车位".split(), "伊景园滨河苑项目捆绑销售车位")
['伊景园滨河苑', '景园滨河苑', '伊景园', '滨河苑']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from textmine.text.entities import (
    BARE_SUFFIXES,
    NO_NAMES,
    PLACE_SUFFIXES,
    POINTING,
    UNIT_SUFFIXES,
    entity_words,
)

BROAD_PLACES = ("省", "市", "自治区")
NOT_PLACES = ("城市", "超市", "夜市", "早市", "菜市", "集市", "门市", "股市", "楼市", "上市", "花市")
#: Words ending the names of estates, roads, parks and companies, which :func:`entity_words` does not find.
SITE_ENDINGS = (
    "苑", "园", "小区", "花园", "家园", "公寓", "大厦", "广场", "路", "街", "大道", "巷", "大桥", "公园", "集团",
    "幼儿园", "市场", "车站", "机场", "地铁站", "高铁站", "工业园", "新城", "国际城",
)  # fmt: skip
NAME_ENDINGS = PLACE_SUFFIXES + UNIT_SUFFIXES + SITE_ENDINGS + ("项目",)
#: Trailing words that say what kind of place a name is, not which one (丽发新城小区 is 丽发新城).
KIND_WORDS = ("项目", "小区", "社区", "一期", "二期", "三期", "四期", "片区", "楼盘", "工地")
MAX_TOKENS = 6  # 国王/陵/国家/考古/遗址/公园: a shorter limit cuts the head off a long name
#: Words that begin no particular place (国家中心城市, 周边学校) and numbered parts that are no name's head (四区凉塘路).
NOT_HEADS = ("国家", "全国", "我国", "周边", "附近", "当地", "本地", "获得", "先后", "打造", "造成")
NUMBERED_PART = re.compile(r"^[一二三四五六七八九十]+[区组期栋号]$")
ADMIN_PREFIX = re.compile(r"^(?:(?:[A-Za-z]\d*|\d+)(?:省|市|县|区))+")  # A市, A7县: the city and county of every record
NOT_NAMES = ("政府", "城市", "市委", "党委")  # the government and "the city": no particular place
WORDISH = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")
MIN_KEY = 3


def is_broad_place(name: str) -> bool:
    """A province or city name (西地省, A市), not a market or the word for city (超市, 夜市, 城市).

    >>> [is_broad_place(n) for n in ("西地省", "清河市", "超市", "城市", "石碾镇")]
    [True, True, False, False, False]
    """
    return name.endswith(BROAD_PLACES) and not name.endswith(NOT_PLACES)


def name_key(name: str) -> str:
    """``name`` without the city and county prefix and without trailing kind words (see the module's note)."""
    key = ADMIN_PREFIX.sub("", name) if not is_broad_place(name) else name
    province = key.find("省")
    if 0 <= province < 4 and len(key) - province > 3 and not is_broad_place(key):  # (西)地省师大附中: the province
        key = key[province + 1 :]
    trimmed = True
    while trimmed:
        trimmed = False
        for word in KIND_WORDS:
            if key.endswith(word) and len(key) - len(word) >= 2:
                key, trimmed = key[: -len(word)], True
    return key


def _starts_name(token: str) -> bool:
    """Whether a name may begin with ``token`` (not a bare suffix, a pointing word, a province, a number, a word
    in ``NOT_HEADS`` or a numbered part such as 四区)."""
    if token in BARE_SUFFIXES or token[0] in POINTING or is_broad_place(token) or not token[0].isalpha():
        return False
    return token not in NOT_HEADS and not NUMBERED_PART.match(token)


def name_runs(tokens: Sequence[str], text: str, endings: tuple[str, ...] = NAME_ENDINGS) -> set[str]:
    """Runs of two to ``MAX_TOKENS`` adjacent words ending in one of ``endings`` and written as one in ``text``, the city
    and county prefix dropped (the government, the city itself and generic places left out).

    >>> sorted(name_runs(["伊", "景园", "滨河", "苑"], "伊景园滨河苑"))
    ['伊景园', '伊景园滨河苑', '景园滨河苑', '滨河苑']
    """
    found = set()
    for end, token in enumerate(tokens):
        if not token.endswith(endings):
            continue
        for start in range(max(0, end - MAX_TOKENS + 1), end):  # two words at least: a bare 派出所 is no name
            if not _starts_name(tokens[start]):
                continue
            name = "".join(tokens[start : end + 1])
            if name.endswith(NOT_NAMES) or name in NO_NAMES or not WORDISH.match(name):
                continue
            if len(name) >= MIN_KEY and name in text and name + "城市" not in text:  # 中心城市: the city itself
                found.add(ADMIN_PREFIX.sub("", name) if not is_broad_place(name) else name)
    return {name for name in found if len(name) >= MIN_KEY and not is_broad_place(name)}


def record_names(tokens: Sequence[str], text: str | None = None) -> list[str]:
    """The keys (:func:`name_key`) of a record's place and unit words and name runs, without province and city
    names, in order of first appearance; ``text`` (the record as written) tells which runs are written as one
    (all are, without it)."""
    text = "".join(tokens) if text is None else text
    names = [n for n in entity_words(tokens) if not is_broad_place(n)]
    names += sorted(name_runs(tokens, text, SITE_ENDINGS), key=lambda name: (-len(name), name))  # longest first
    keys = (name_key(n) for n in names)
    return list(dict.fromkeys(k for k in keys if len(k) >= 2 and not k.endswith(KIND_WORDS)))
