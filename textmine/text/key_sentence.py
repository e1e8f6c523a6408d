"""The sentence of a record that states its problem: what the problem list shows as 问题摘要.

A letter opens with whom it is addressed to and who writes (尊敬的县纪委：我是某村的村民), an interview
record with who was heard and when (谈话对象：…, 谈话时间：…), a counter visit with a question (问：…): the
first sentence is often not the problem. :func:`key_sentence` passes over those openings and answers the
first sentence left, without the speaker's mark that opens it (答：, 来电人称), and a title line with the
sentence after it. A writer introducing themselves is an opening unless the same sentence says what
they report (我是村会计，反映村里挪用补偿款 stays).

>>> key_sentence("尊敬的县纪委：\\n我是石桥村的村民。村会计挪用修路款三万元。请查处！")
'村会计挪用修路款三万元。'
>>> key_sentence("谈话对象：镇文化站站长。\\n问：经费怎么用的？\\n答：文化站的经费都拿去买了购物卡。")
'文化站的经费都拿去买了购物卡。'
"""

from __future__ import annotations

import re

from textmine.text.boilerplate import GREETING

SENTENCE_ENDS = "。！？!?；;"
SENTENCE = re.compile(f"[^{SENTENCE_ENDS}\\n]+[{SENTENCE_ENDS}]*")
SPEAKER = re.compile(r"^(?:答|来电人说|来电人称|来电人反映|信访人反映|反映人称|来信)[：:，,]?")
FIELD = re.compile(r"^(?:谈话|来电|来信|记录|反映|被反映|举报|诉求|信访)?(?:对象|时间|地点|人|号码|编号)[：:]")
QUESTION = re.compile(r"^问[：:]")
SELF_INTRO = re.compile(r"^(?:我是|我们是|本人是|本人系|我系|我们系)")
REPORTING = ("反映", "举报", "投诉", "检举", "控告", "问题")
MIN_CHARS = 8


def key_sentence(text: str, limit: int = 80) -> str:
    """The first sentence of ``text`` that is not an opening (a greeting, a line ending in a colon, a field
    such as 谈话对象：, a question, the writer introducing themselves), cut to ``limit`` characters; the
    first sentence when all are openings.

    >>> key_sentence("我是县自来水公司的职工。公司党支部发展党员不按程序。")
    '公司党支部发展党员不按程序。'
    >>> key_sentence("我是大坳村的党员，反映村里发展党员的问题。")
    '我是大坳村的党员，反映村里发展党员的问题。'
    """
    pieces = _pieces(text) or [(0, text.strip(), False)]
    chosen = _first_said(pieces)
    _, best, heading = pieces[chosen]
    if heading:  # a title line: with the sentence that follows it
        after = next((p for _, p, _ in pieces[chosen + 1 :] if not _is_opening(p)), "")
        best = f"{best}\n{after}" if after else best
    return _cut(best, limit)


def problem_start(text: str) -> int:
    """Where the record's first sentence that is not an opening begins (0 when every one is an opening).

    >>> text = "尊敬的县纪委监委：\\n我是石桥村的村民。村会计挪用修路款三万元。"
    >>> text[problem_start(text) :]
    '村会计挪用修路款三万元。'
    """
    pieces = _pieces(text)
    return pieces[_first_said(pieces)][0] if pieces else 0


def excerpt(text: str, limit: int) -> str:
    """The text from its first sentence that is not an opening ("…" before it when something was passed
    over), cut to ``limit`` characters.

    >>> excerpt("谈话时间：2023年5月6日。\\n他说站里的经费都拿去买了购物卡。", 12)
    '…他说站里的经费都拿去…'
    """
    start = problem_start(text)
    return _cut("…" + text[start:].lstrip() if start else text, limit)


def _cut(text: str, limit: int) -> str:
    """The text, or its first ``limit`` - 1 characters and "…" when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pieces(text: str) -> list[tuple[int, str, bool]]:
    """(where it begins, the sentence without its speaker's mark, whether it is a title line) of every
    sentence long enough to say something."""
    pieces = [(m.start(), _without_speaker(m.group().strip()), _is_heading(m, text)) for m in SENTENCE.finditer(text)]
    return [piece for piece in pieces if len(piece[1]) >= MIN_CHARS]


def _first_said(pieces: list[tuple[int, str, bool]]) -> int:
    """The index of the first piece that is not an opening, else 0."""
    return next((k for k, (_, p, _) in enumerate(pieces) if not _is_opening(p)), 0)


def _is_heading(match: re.Match, text: str) -> bool:
    """Whether a piece is a line of its own without a sentence's end (a title, a heading)."""
    before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
    return before in ("\n", "") and after in ("\n", "") and match.group()[-1] not in SENTENCE_ENDS


def _without_speaker(piece: str) -> str:
    """A sentence without the speaker's mark that opens it (答：, 来电人称)."""
    return SPEAKER.sub("", piece, count=1).strip()


def _is_opening(piece: str) -> bool:
    """Whether a sentence only opens the record."""
    return bool(
        piece.endswith(("：", ":"))
        or GREETING.fullmatch(piece)
        or FIELD.match(piece)
        or QUESTION.match(piece)
        or (SELF_INTRO.match(piece) and not any(word in piece for word in REPORTING))
    )
