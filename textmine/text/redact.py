"""Redaction of personal details before text leaves the office: phone numbers, ID-card numbers,
bank-card numbers, e-mail addresses and the names of the people who report (举报人, 反映人,
来信人, 联系人 …). Amounts, dates, document numbers (〔2023〕15号) and the 12345 hotline stay.

>>> redact("举报人：王小明，电话13812345678，邮箱wxm@163.com")
'举报人：【姓名】，电话【电话】，邮箱【邮箱】'
>>> redact("按〔2023〕15号文件，2023年10月16日前退回12800元")
'按〔2023〕15号文件，2023年10月16日前退回12800元'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

PLACEHOLDERS = {
    "email": "【邮箱】",
    "id_card": "【身份证号】",
    "bank_card": "【银行卡号】",
    "phone": "【电话】",
    "name": "【姓名】",
}
NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z.@])"
NOT_DIGIT_AFTER = r"(?![\d])"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
BIRTH = r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
ID_CARD = re.compile(rf"{NOT_DIGIT_BEFORE}[1-9]\d{{5}}{BIRTH}\d{{3}}[\dXx]{NOT_DIGIT_AFTER}")
CARD_DIGITS = re.compile(
    rf"{NOT_DIGIT_BEFORE}(?:\d{{4}}[ -]){{3}}\d{{4}}(?:[ -]?\d{{1,3}})?{NOT_DIGIT_AFTER}|{NOT_DIGIT_BEFORE}\d{{16,19}}{NOT_DIGIT_AFTER}"
)
CARD_CONTEXT = ("卡号", "银行卡", "账号", "帐号", "工资卡", "存折", "储蓄卡", "信用卡", "转账", "转入", "汇入", "打到")
PHONE = re.compile(
    rf"{NOT_DIGIT_BEFORE}(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{{4}}){{2}}{NOT_DIGIT_AFTER}"
    rf"|{NOT_DIGIT_BEFORE}0\d{{2,3}}[-－ ]?[2-9]\d{{6,7}}{NOT_DIGIT_AFTER}"
)
REPORTER = "实名举报人|举报人|反映人|来信人|来电人|来访人|投诉人|联系人|信访人|控告人|检举人|当事人姓名|姓名"
NAME = re.compile(rf"(?:{REPORTER})(?:[：:]\s*|是|为|\s)?(?P<name>[\u4e00-\u9fff]{{2,4}})")
NOT_A_NAME_START = (
    "称", "说", "反映", "表示", "系", "是", "要求", "认为", "未", "不", "的", "为", "在", "于", "等", "多次", "对",
    "提", "所", "本人", "情况", "信息", "电话", "手机", "联系", "一直", "再次", "已", "也", "又", "和", "与", "及",
    "向", "家", "们", "姓名", "身份", "住址", "地址", "签字", "匿名", "隐私", "保密", "担心", "现", "到", "就", "将",
)  # fmt: skip
NAME_END = (
    "电话",
    "手机",
    "联系",
    "反映",
    "举报",
    "称",
    "说",
    "住",
    "系",
    "是",
    "等",
    "来信",
    "来电",
    "身份",
    "先生",
    "女士",
)


@dataclass(frozen=True)
class Sensitive:
    """One personal detail found: its kind and where it stands."""

    kind: str
    start: int
    end: int


def luhn_ok(digits: str) -> bool:
    """The check digit bank cards carry.

    >>> luhn_ok("6222021234567890128"), luhn_ok("6222021234567890123")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def find_sensitive(text: str, kinds: Iterable[str] = tuple(PLACEHOLDERS)) -> list[Sensitive]:
    """Personal details in ``text``, in order, without overlaps (earlier kinds in PLACEHOLDERS win)."""
    wanted = set(kinds)
    unknown = wanted - set(PLACEHOLDERS)
    if unknown:
        raise ValueError(f"unknown kinds of personal detail: {sorted(unknown)}; known: {list(PLACEHOLDERS)}")
    found: list[Sensitive] = []
    for kind in PLACEHOLDERS:
        if kind in wanted:
            for start, end in _spans(kind, text):
                if not any(start < f.end and f.start < end for f in found):
                    found.append(Sensitive(kind, start, end))
    return sorted(found, key=lambda f: f.start)


def _spans(kind: str, text: str) -> list[tuple[int, int]]:
    if kind == "email":
        return [m.span() for m in EMAIL.finditer(text)]
    if kind == "id_card":
        return [m.span() for m in ID_CARD.finditer(text)]
    if kind == "bank_card":
        return [m.span() for m in CARD_DIGITS.finditer(text) if _is_bank_card(text, m)]
    if kind == "phone":
        return [m.span() for m in PHONE.finditer(text)]
    return [span for m in NAME.finditer(text) if (span := _name_span(text, m))]


def _is_bank_card(text: str, match: re.Match) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    context = text[max(0, match.start() - 12) : match.start()]
    return luhn_ok(digits) or any(word in context for word in CARD_CONTEXT)


def _name_span(text: str, match: re.Match) -> tuple[int, int] | None:
    name = match.group("name")
    if name.startswith(NOT_A_NAME_START):
        return None
    start = match.start("name")
    following = text[start : start + len(name) + 2]
    cuts = [cut for ending in NAME_END if (cut := following.find(ending, 2)) >= 2]
    name = name[: min([*cuts, len(name)])]  # 王小明电话 → 王小明
    if "某" in name:
        return None  # already anonymised (王某某)
    return start, start + len(name)


def sensitive_values(texts: Iterable[str], kinds: Iterable[str] = tuple(PLACEHOLDERS)) -> dict[str, str]:
    """Each personal detail found in ``texts`` and its placeholder: what :func:`redact` is given as ``known`` to
    mask the same strings where they stand without their context (a keyword, an evidence word).

    >>> sensitive_values(["举报人：王小明，电话13812345678"])
    {'王小明': '【姓名】', '13812345678': '【电话】'}
    >>> redact("王小明、挪用", known=sensitive_values(["举报人：王小明"]))
    '【姓名】、挪用'
    """
    kinds = tuple(kinds)
    found: dict[str, str] = {}
    for text in texts:
        if isinstance(text, str) and text:
            for item in find_sensitive(text, kinds):
                found[text[item.start : item.end]] = PLACEHOLDERS[item.kind]
    return found


def redact(text: str, kinds: Iterable[str] = tuple(PLACEHOLDERS), known: Mapping[str, str] | None = None) -> str:
    """``text`` with each personal detail replaced by a placeholder naming its kind (【电话】 …); the strings of
    ``known`` (see :func:`sensitive_values`) are replaced wherever they stand."""
    if not isinstance(text, str) or not text:
        return text
    for value in sorted(known or {}, key=len, reverse=True):
        if value in text:
            text = text.replace(value, known[value])
    pieces, position = [], 0
    for item in find_sensitive(text, kinds):
        pieces += [text[position : item.start], PLACEHOLDERS[item.kind]]
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces)


def redact_frame(frame: pd.DataFrame, known: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Phone, ID-card and bank-card numbers, e-mails and informants' names masked in every text cell (and the
    strings of ``known`` wherever they stand)."""

    def mask(value):
        if isinstance(value, str):
            return redact(value, known=known)
        if isinstance(value, dict):
            return {k: mask(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mask(v) for v in value]
        return value

    return frame.apply(lambda column: column.map(mask) if column.dtype == object else column)
