"""Amounts of money in a text, normalised to yuan.

Arabic and Chinese numerals are read with cn2an, including the spoken short forms (三万四 is
34,000, 一千五 is 1,500). A number counts as money when a currency word follows it (元, 块,
块钱), or when it is a 千/万/亿 amount next to a money word (款, 资金, 补助, 扣了 …), so
"吸引游客十万人次" is not money and "扣了三万四" is. "3万多元" is read as its stated floor, 30,000.

>>> [a.yuan for a in find_amounts("共6.3万元支出，其中2.1万元被挪用，另有12800元白条")]
[63000.0, 21000.0, 12800.0]
>>> [a.yuan for a in find_amounts("一共扣了三万四，发了一千五百块的购物卡，吸引游客十万人次")]
[34000.0, 1500.0]
>>> stated_total(find_amounts("预算15万元，实际支出达87万元，其中舞台41万元"))
870000.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textmine.lazy import lazy_module

cn2an = lazy_module("cn2an")  # its import takes a noticeable time; few texts need it
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
CN_FIRST = "零〇一二两三四五六七八九十"
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_FIRST}][{CN_DIGITS}]*(?:点[{CN_DIGITS}]+)?)"
APPROX = r"(?:多|余)?"
AMOUNT = re.compile(
    rf"(?P<number>{NUMBER}(?:[万亿](?:[{CN_DIGITS}]|\d+(?:\.\d+)?)?)?){APPROX}"
    rf"(?P<scale>[万亿]{APPROX})?"
    r"(?P<currency>元|块钱|块|圆)?"
)
MONEY_WORDS = (
    "款", "钱", "资金", "经费", "费", "补助", "补贴", "工资", "奖金", "红包", "礼金", "现金", "账", "扣", "拨",
    "拿到", "每户", "每人", "收受", "索要", "挪用", "侵占", "贪污", "套取", "支出", "投资", "花了", "送", "退缴", "罚", "赔", "贷", "价",
)  # fmt: skip
NOT_MONEY_PIECES = tuple("地田石砖牌板瓦肉糖表屏")
NOT_MONEY_AFTER = ("人", "次", "户", "亩", "平方", "米", "公里", "吨", "个", "名", "份", "元素", "张", "件", "天", "年")
TOTAL_MARKERS = ("共", "合计", "总计", "累计", "总额", "总共", "全部费用", "涉及资金", "涉及金额", "实际支出")
CONTEXT = 6


@dataclass(frozen=True)
class Amount:
    """One amount of money: the words as written, the value in yuan and where it stands."""

    text: str
    yuan: float
    start: int
    end: int
    is_total: bool = False


def to_number(words: str) -> float | None:
    """A numeral (Arabic, Chinese or mixed, with 万/亿) as a number; None when it is not one.

    >>> to_number("3.5万"), to_number("两万七"), to_number("十八万"), to_number("上千")
    (35000.0, 27000.0, 180000.0, None)
    """
    try:
        return float(cn2an.cn2an(words, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in ``text``, in order."""
    amounts = []
    for match in AMOUNT.finditer(text):
        if not match.group("number") or not _is_money(text, match):
            continue
        words = match.group("number") + (match.group("scale") or "")
        value = to_number(words.replace(",", "").replace("多", "").replace("余", ""))
        if value is None or value <= 0:
            continue
        before = text[max(0, match.start() - CONTEXT) : match.start()]
        is_total = any(marker in before for marker in TOTAL_MARKERS)
        amounts.append(Amount(match.group(0), value, match.start(), match.end(), is_total))
    return amounts


def _is_money(text: str, match: re.Match) -> bool:
    after = text[match.end() : match.end() + 2]
    currency = match.group("currency")
    if currency == "元":
        return not after.startswith("旦")  # 元旦, the holiday
    if currency == "块":
        return not after.startswith(NOT_MONEY_PIECES)  # 三块地 is land
    if currency:
        return True
    spoken = match.group("scale") or re.search("[千万亿]", match.group("number"))
    if not spoken or after.startswith(NOT_MONEY_AFTER):
        return False
    window = text[max(0, match.start() - CONTEXT) : match.end() + CONTEXT]
    return any(word in window for word in MONEY_WORDS)


def stated_total(amounts: list[Amount]) -> float | None:
    """The total a text states: the largest amount marked as a total (共, 合计, 实际支出 …), else
    the largest amount; None when there is no amount. Parts of a total are not added to it."""
    if not amounts:
        return None
    marked = [a.yuan for a in amounts if a.is_total]
    return max(marked) if marked else max(a.yuan for a in amounts)
