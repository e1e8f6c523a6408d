"""Redaction of personal details before text leaves the office: e-mail addresses, ID-card numbers (also
written with spaces), bank-card numbers, mobile and landline numbers (``(0731)84567890``,
``0755 2345 6789``), QQ numbers, WeChat ids, street addresses with a house number, and the names that
follow 举报人, 反映人, 来信人, 联系人 … or 我叫, 我是, 本人. Amounts, dates, document numbers
(〔2023〕15号), place names and the 12345 hotline stay.

A name is taken only where it looks like one: a common surname and one or two characters after it
(联系人为村委会主任 keeps every word); after a colon (举报人：…) any two to four characters that are not
a role (村民, 党员 …) are taken.

>>> redact("举报人：王小明，电话13812345678，邮箱wxm@163.com")
'举报人：【姓名】，电话【电话】，邮箱【邮箱】'
>>> redact("我叫李建国，座机(0731)84567890，家住长沙市芙蓉区五一大道123号")
'我叫【姓名】，座机【电话】，家住长沙市芙蓉区【地址】'
>>> redact("按〔2023〕15号文件，2023年10月16日前退回12800元；联系人为村委会主任")
'按〔2023〕15号文件，2023年10月16日前退回12800元；联系人为村委会主任'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from textmine.text.name_words import COMPOUND_SURNAMES, NAME_END, ROLE_WORDS, SURNAMES, common_words

PLACEHOLDERS = {
    "email": "【邮箱】",
    "id_card": "【身份证号】",
    "bank_card": "【银行卡号】",
    "phone": "【电话】",
    "qq": "【QQ号】",
    "wechat": "【微信号】",
    "address": "【地址】",
    "name": "【姓名】",
}
NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z.@])"
NOT_DIGIT_AFTER = r"(?![\d])"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
BIRTH = re.compile(r"[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
ID_DIGITS = re.compile(r"(?<![0-9A-Za-z])[1-9](?:[ -]?\d){16}[ -]?[\dXx](?![0-9A-Za-z])")
CARD_DIGITS = re.compile(
    rf"{NOT_DIGIT_BEFORE}(?:\d{{4}}[ -]){{3}}\d{{4}}(?:[ -]?\d{{1,3}})?{NOT_DIGIT_AFTER}|{NOT_DIGIT_BEFORE}\d{{16,19}}{NOT_DIGIT_AFTER}"
)
CARD_CONTEXT = ("卡号", "银行卡", "账号", "帐号", "工资卡", "存折", "储蓄卡", "信用卡", "转账", "转入", "汇入", "打到")
SEPARATOR = r"[ -－—]?"
AREA_CODE = rf"(?:[(（]0\d{{2,3}}[)）]|0\d{{2,3}}){SEPARATOR}"
LOCAL_NUMBER = rf"[2-9]\d{{2,3}}{SEPARATOR}\d{{4}}"
PHONE = re.compile(
    rf"{NOT_DIGIT_BEFORE}(?:(?:[(（]\+?86[)）]|\+?86)[ -]?)?1[3-9]\d(?:[ -]?\d{{4}}){{2}}{NOT_DIGIT_AFTER}"
    rf"|{NOT_DIGIT_BEFORE}{AREA_CODE}{LOCAL_NUMBER}(?:转\d{{1,5}})?{NOT_DIGIT_AFTER}"
    rf"|(?<=电话|座机|固话|号码)[：:是为 ]*(?P<local>{LOCAL_NUMBER}){NOT_DIGIT_AFTER}"
)
QQ = re.compile(r"(?<![A-Za-z])(?:QQ|qq|Qq|扣扣)(?:号码|号)?[\s：:是为]*(?P<id>[1-9]\d{4,10})(?!\d)")
WECHAT = re.compile(
    r"(?:微信|(?<![A-Za-z])(?:weixin|WeChat|wechat|VX|vx|Vx|wx|WX)|V信|v信)(?:号码|号|ID|id)?[\s：:是为]*"
    r"(?P<id>[A-Za-z][-_A-Za-z0-9]{5,19})(?![-_A-Za-z0-9])"
)
ROAD_NAME = r"[^\W\d_A-Za-z省市区县镇乡城在住于到至从往和与的是为对把被向]{1,6}?"
HOUSE_PARTS = r"(?:[-－]?\d+(?:栋|幢|号楼|单元|楼|层|室|号|户))*"
ADDRESS = re.compile(
    rf"{ROAD_NAME}(?:路|街|大道|大街|巷|弄|胡同)\d+(?:[-－]\d+)?号(?:院)?{HOUSE_PARTS}"
    rf"|{ROAD_NAME}(?:小区|花园|公寓|大厦|家园|新村|苑|广场)\d+(?:栋|幢|号楼|号){HOUSE_PARTS}"
    rf"|(?<=[村组队屯庄])\d+号{HOUSE_PARTS}"
)
#: What every phone number holds: four digits in a row.
FOUR_DIGITS = re.compile(r"\d{4}")
#: What every street address ends in: a number with 号, 栋, 幢 or 号楼 (searched first: it is rare, and fast to find).
HOUSE_NUMBER = re.compile(r"\d+(?:[-－]\d+)?(?:号|栋|幢)")
REPORTER = (
    "实名举报人|举报人|反映人|来信人|来电人|来访人|投诉人|联系人|信访人|控告人|检举人|申请人|受害人|委托人|"
    "代理人|收款人"
)
NAME_FIELD = "当事人姓名|开户名|户名|姓名"  # a form's field: the name follows a colon
NAME = re.compile(
    rf"(?P<trigger>{REPORTER})(?P<colon>[：:]\s*|是|为|\s)?(?P<name>[\u4e00-\u9fff]{{2,4}})"
    rf"|(?:{NAME_FIELD})(?P<field_colon>[：:]\s*)(?P<field>[\u4e00-\u9fff]{{2,4}})"
    r"|(?P<self>我叫|我是|本人(?:是|系|叫)?|我的名字(?:是|叫))\s*(?P<own>[\u4e00-\u9fff]{2,4})"
)
NOT_A_NAME_START = (
    "称", "说", "反映", "表示", "系", "是", "要求", "认为", "未", "不", "的", "为", "在", "于", "等", "多次", "对",
    "提", "所", "本人", "情况", "信息", "电话", "手机", "联系", "一直", "再次", "已", "也", "又", "和", "与", "及",
    "向", "家", "们", "姓名", "身份", "住址", "地址", "签字", "匿名", "隐私", "保密", "担心", "现", "到", "就", "将",
    "村", "镇", "县", "乡", "区", "市", "省",
)  # fmt: skip
#: Characters that do not occur in a given name but often right after a trigger (举报人向县纪委 …).
NOT_IN_NAME = frozenset("村镇县乡区市省委局厅所队组党府馆店厂的了在是和与及向对把被说称等某")
#: Characters that begin a phrase after 举报人, 联系人 … rather than a name (联系人由同一名党员兼任): a name
#: with such a surname is taken only after a colon.
FUNCTION_FIRST = frozenset("由和与及对向在于把被将从自为是都也就还又并同跟给让叫")
#: Characters that end a place or a unit's name rather than follow a person's (花桥镇, 江鲜馆 …).
NOT_AFTER_NAME = frozenset("镇村县乡区市省路街店馆厂校院局所队组坪树湾")
SENTENCE_START = re.compile(r"(?:^|[\s，。、；：,.;:！!？?“”\"'（(）)])$")
JOINED_NAME = re.compile(r"(?:[·•・．][\u4e00-\u9fff]{1,6})+")
BOUNDARY = re.compile(r"$|[\s，。、；：,.;:！!？?（()）“”\"'…—-]")


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
        return [m.span() for m in ID_DIGITS.finditer(text) if BIRTH.fullmatch(re.sub(r"[ -]", "", m.group()))]
    if kind == "bank_card":
        return [m.span() for m in CARD_DIGITS.finditer(text) if _is_bank_card(text, m)]
    if kind == "phone":
        return _anchored(text, FOUR_DIGITS, PHONE, before=16, after=16, group="local")
    if kind in ("qq", "wechat"):
        return [m.span("id") for m in (QQ if kind == "qq" else WECHAT).finditer(text)]
    if kind == "address":
        return _anchored(text, HOUSE_NUMBER, ADDRESS, before=10, after=40)
    return [span for m in NAME.finditer(text) if (span := _name_span(text, m))]


def _anchored(text: str, anchor: re.Pattern, pattern: re.Pattern, before: int, after: int, group: str = ""):
    """The matches of ``pattern`` that hold a match of ``anchor`` (a run of digits, a house number), looked for
    only around each anchor: what ``pattern.finditer`` finds, without trying it at every character."""
    spans: list[tuple[int, int]] = []
    for found_anchor in anchor.finditer(text):
        if spans and found_anchor.start() < spans[-1][1]:
            continue  # part of what was found already (3栋 in 18号3栋)
        start = max(spans[-1][1] if spans else 0, found_anchor.start() - before)
        for found in pattern.finditer(text, start, found_anchor.end() + after):
            span = found.span(group) if group and found.group(group) else found.span()
            if span[0] <= found_anchor.start() < span[1]:
                spans.append(span)
                break
    return spans


def _is_bank_card(text: str, match: re.Match) -> bool:
    digits = re.sub(r"\D", "", match.group(0))
    context = text[max(0, match.start() - 12) : match.start()]
    return luhn_ok(digits) or any(word in context for word in CARD_CONTEXT)


def _name_span(text: str, match: re.Match) -> tuple[int, int] | None:
    """Where the name after a trigger stands, or None when what follows is not a name."""
    group = next(g for g in ("name", "field", "own") if match.group(g))
    candidate, start = match.group(group), match.start(group)
    if candidate.startswith(ROLE_WORDS):
        return None  # a role (党员, 村民 …), not a name
    after_colon = group == "field" or (group == "name" and any(c in (match.group("colon") or "") for c in "：:"))
    if not after_colon and candidate[0] in FUNCTION_FIRST:
        return None
    surname = next((s for s in COMPOUND_SURNAMES if candidate.startswith(s)), candidate[0] * (candidate[0] in SURNAMES))
    if not surname:
        if not after_colon or candidate.startswith(NOT_A_NAME_START):
            return None
        length = _name_length(candidate, 2, 4)
    else:
        length = _name_length(candidate, len(surname) + 1, len(surname) + 2)
    if length is None or not _looks_like_a_name(candidate[:length], surname, text[start + length : start + length + 1]):
        return None
    end = start + length
    if group == "own":
        if not BOUNDARY.match(text, end) and not text.startswith(NAME_END, end):
            return None  # 我是高中生: after 我是 or 本人 a name stands alone
        if match.group("self").startswith("本人") and not SENTENCE_START.search(text, 0, match.start()):
            return None  # 他本人都没到场: 本人 introduces a name only at the start of a sentence
    joined = JOINED_NAME.match(text, end)  # 艾力·买买提: the parts of a name joined by a middle dot
    return start, joined.end() if joined else end


def _looks_like_a_name(name: str, surname: str, following: str) -> bool:
    """Not a word of the dictionary (原话, 班长), no character names never hold (向县纪委, 王某某), not the start
    of a place's name (花桥镇)."""
    if NOT_IN_NAME.intersection(name[len(surname) :]) or (following in NOT_AFTER_NAME and following):
        return False
    words = common_words()
    return name not in words and (len(surname) == 2 or name[:2] not in words)


def _name_length(candidate: str, shortest: int, longest: int) -> int | None:
    """The name's length: up to ``longest`` characters, stopping before a word that follows names."""
    length = min(len(candidate), longest)
    for cut in range(shortest, length):
        if candidate.startswith(NAME_END, cut):
            length = cut
            break
    return length if length >= shortest else None


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
    """Every kind of personal detail masked in every text cell, lists and objects included (and the strings of
    ``known`` wherever they stand)."""

    def mask(value):
        if isinstance(value, str):
            return redact(value, known=known)
        if isinstance(value, dict):
            return {k: mask(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mask(v) for v in value]
        return value

    return frame.apply(
        lambda column: column.map(mask) if column.dtype == object or pd.api.types.is_string_dtype(column) else column
    )
