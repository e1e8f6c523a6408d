"""Boilerplate of citizens' messages: greetings that open them and courtesy formulas that close them
(尊敬的领导您好, 谢谢, 恳请领导重视), which many unrelated messages share and which say nothing about the problem;
and the title line, which names the problem in a few words.

>>> strip_boilerplate("尊敬的胡书记：您好！嘉华路垃圾池臭味熏天，恳请领导尽快处理。谢谢！")
'嘉华路垃圾池臭味熏天'
>>> strip_boilerplate("魏家坡小区脏乱差\\n多次向社区反映都得不到解决。")
'魏家坡小区脏乱差。魏家坡小区脏乱差。多次向社区反映都得不到解决。'
"""

from __future__ import annotations

import re

GREETING = re.compile(
    r"^(?:\s*(?:尊敬的[^：:，,。！!\n]{0,20}[：:，,！!]?|[^：:，,。！!\n]{0,12}(?:领导|书记|市长|县长|局长|主任)"
    r"(?:您好|你好)?[：:，,！!]|您好[！!，,。]?|你好[！!，,。]?))+"
)
CLOSING = re.compile(r"(?:[，,。！!]?\s*(?:谢谢|感谢|恳请|希望|望|请)[^。！!？?\n]{0,40}[。！!]?\s*)+$")
TITLE_MAX = 40


def strip_boilerplate(text: str) -> str:
    """The text without its opening greeting and closing formula; a short first line (a title) is repeated
    before the body, so the words that name the problem weigh more."""
    title, body = _title_and_body(text.strip())
    body = CLOSING.sub("", GREETING.sub("", body.strip()))
    return f"{title}。{title}。{body}" if title else body


def _title_and_body(text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    if rest.strip() and len(first.strip()) <= TITLE_MAX and not first.strip().endswith(("：", ":")):
        return first.strip(), rest
    return "", text
