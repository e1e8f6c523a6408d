"""What the unit tagger (:class:`textmine.text.units.UnitTagger`) sees of each character.

:func:`char_features` describes each character of a record by the characters around it, the jieba word it
sits in and that word's part of speech, whether the dictionary-and-pattern finder
(:func:`textmine.text.entities.find_names`) put it in a place, a unit or a post, whether it sits in a name
of the alias table (:data:`textmine.text.aliases.ALIASES`: 住房和城乡建设局, 派出所), and where in the record
it stands.

>>> rows = char_features("县住建局", [("县住建局", "nt")])
>>> [r for r in rows[1] if r.startswith(("c=", "al="))]
['c=住', 'al=B']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from textmine.text.aliases import ALIASES
from textmine.text.entities import OVERSIGHT, find_names

ADMIN = frozenset("省市县区镇乡村")
UNIT_END = frozenset("局所站院委部办队厅馆校司社处科股组中")
POST_CHARS = frozenset("书记主任长员计纳师")
SENTENCE_END = frozenset("。！？!?；;\n")
ALIAS_NAMES = re.compile(
    "|".join(sorted({n for n in (*ALIASES, *ALIASES.values()) if len(n) >= 2}, key=len, reverse=True))
)


def alias_spans(text: str) -> list[tuple[int, int]]:
    """Where the names of the alias table stand in ``text`` (longest first, not overlapping).

    >>> alias_spans("向县住房和城乡建设局和派出所反映")
    [(2, 10), (11, 14)]
    """
    return [m.span() for m in ALIAS_NAMES.finditer(text)]


def _span_tags(length: int, spans: Sequence[tuple[int, int]]) -> list[str]:
    tags = ["-"] * length
    for start, end in spans:
        for k in range(start, end):
            tags[k] = "B" if k == start else ("E" if k == end - 1 else "I")
    return tags


def char_features(text: str, tagged: Sequence[tuple[str, str]], word_freq=None, names=None) -> list[list[str]]:
    """One list of feature strings per character of ``text`` (``tagged``: its jieba (word, tag) pairs;
    ``names``: its :func:`find_names`, found here when not given)."""
    names = find_names(text, tagged, word_freq) if names is None else names
    places = _span_tags(len(text), [(n.start, n.end) for n in names if n.kind == "place"])
    unit_names = [n for n in names if n.kind == "unit"]
    units = _span_tags(len(text), [(n.start, n.end) for n in unit_names])
    mentions = [""] * len(text)  # how often the unit a character sits in is named, and whether it is the first
    for k, name in enumerate(unit_names):
        times = min(text.count(name.text), 3)
        for i in range(name.start, name.end):
            mentions[i] = f"{times}{'first' if k == 0 else ''}"
    posts = _span_tags(len(text), [(n.end, n.end + len(n.role)) for n in names if n.kind == "unit" and n.role])
    aliased = _span_tags(len(text), alias_spans(text))
    word_of, position, tag_of = [""] * len(text), [""] * len(text), [""] * len(text)
    before, after = [""] * len(text), [""] * len(text)
    offset = 0
    words = [w for w, _ in tagged]
    for index, (word, tag) in enumerate(tagged):
        for k in range(len(word)):
            if offset + k < len(text):
                word_of[offset + k] = word if len(word) <= 4 else "LONG"
                position[offset + k] = (
                    "S" if len(word) == 1 else ("B" if k == 0 else ("E" if k == len(word) - 1 else "M"))
                )
                tag_of[offset + k] = tag
                before[offset + k] = words[index - 1] if index and len(words[index - 1]) <= 4 else ""
                after[offset + k] = words[index + 1] if index + 1 < len(words) and len(words[index + 1]) <= 4 else ""
        offset += len(word)
    padded = "^^" + text + "$$"
    sentence = 0
    features = []
    for i, char in enumerate(text):
        c = padded[i : i + 5]  # c[2] is the character
        row = [
            "b", f"c={char}", f"c-1={c[1]}", f"c+1={c[3]}", f"c-2={c[0]}", f"c+2={c[4]}",
            f"c-1c={c[1:3]}", f"cc+1={c[2:4]}", f"c-1cc+1={c[1:4]}", f"c-2c-1={c[0:2]}", f"c+1c+2={c[3:5]}",
            f"w={word_of[i]}", f"p={position[i]}", f"t={tag_of[i]}", f"pt={position[i]}{tag_of[i]}",
            f"pl={places[i]}", f"un={units[i]}", f"po={posts[i]}", f"un-pl={units[i]}{places[i]}",
            f"s={min(sentence, 3)}", f"at={position_bucket(i)}", f"w-1={before[i]}", f"w+1={after[i]}", f"m={mentions[i]}",
            f"al={aliased[i]}",
        ]  # fmt: skip
        if char in ADMIN:
            row.append("admin")
        if char in UNIT_END:
            row.append("unit_end")
        if char in POST_CHARS:
            row.append("post_char")
        if any(word in padded[max(0, i - 1) : i + 5] for word in OVERSIGHT):
            row.append("oversight")
        features.append(row)
        if char in SENTENCE_END:
            sentence += 1
    return features


def position_bucket(position: int) -> str:
    """The band a character position falls in (under 10, 30, 60, 120, 250, or more).

    >>> position_bucket(5), position_bucket(300)
    ('10', 'more')
    """
    for limit in (10, 30, 60, 120, 250):
        if position < limit:
            return str(limit)
    return "more"
