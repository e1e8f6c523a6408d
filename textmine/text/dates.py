"""Dates and periods named in a text.

Dates are written ISO-style at the precision the text gives (``2023-10-16``, ``2023-10``,
``2023``); a month and day without a year take the last year named before them. Periods are
the spans that bound a time without a calendar date (``2023年春节期间``, ``2021年以来``,
``去年中秋``). The record's own date is the date a letter is signed with at its end, else the
first full date in it.

>>> find_dates("2023年7月14日晚上在酒店吃饭，8月2日又去了。2023年9月以来没有整改。")
['2023-07-14', '2023-08-02', '2023-09']
>>> find_periods("县水务局2023年春节期间收受红包，2021年以来多次违规")
['2023年春节期间', '2021年以来']
>>> record_date("我们反映的问题请领导重视。 2024年5月6日")
'2024-05-06'

This is the one place that reads dates: :func:`parse_date` reads a date cell (a date or datetime object,
``2023-05-02``, ``2019/11/10 18:59:24``, ``2023年1月4日``).

>>> parse_date("2019/11/10 18:59:24"), parse_date("2023年1月4日"), parse_date("下周")
('2019-11-10', '2023-01-04', None)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

CN_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
YEAR = r"(?P<year>(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3})年"
MONTH = r"(?P<month>1[0-2]|0?[1-9])月"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])[日号]"
DATE = re.compile(
    rf"(?:{YEAR})?(?:{MONTH}(?:{DAY})?)?"
    r"|(?P<iso_year>(?:19|20)\d{2})[-./](?P<iso_month>1[0-2]|0?[1-9])[-./](?P<iso_day>3[01]|[12]\d|0?[1-9])(?!\d)"
)
FESTIVALS = "春节|元旦|中秋|国庆|端午|清明|五一|劳动节|重阳|元宵|除夕|年关|节假日|年底|年初|年末|上半年|下半年"
RELATIVE_YEAR = "今年|去年|前年|明年|当年|同年"
PERIOD = re.compile(
    rf"(?:(?:(?:19|20)\d{{2}}年|{RELATIVE_YEAR})(?:(?:1[0-2]|0?[1-9])月)?)?"
    rf"(?:(?:{FESTIVALS})(?:期间|前后|前夕|前|后)?)"
    rf"|(?:(?:19|20)\d{{2}}年(?:(?:1[0-2]|0?[1-9])月)?(?:以来|至今|起|开始|底|初|末)"
    rf"|(?:19|20)\d{{2}}年(?:(?:1[0-2]|0?[1-9])月)?至(?:(?:19|20)\d{{2}}年)?(?:(?:1[0-2]|0?[1-9])月)?)"
)
SIGNATURE_TAIL = 16
CELL_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _year(text: str) -> int:
    return int(text.translate(CN_YEAR_DIGITS))


def find_date_spans(text: str) -> list[tuple[str, int, int]]:
    """(ISO date, start, end) for every date, in order."""
    found = []
    last_year: int | None = None
    for match in DATE.finditer(text):
        if match.group("iso_year"):
            parts = (match.group("iso_year"), match.group("iso_month"), match.group("iso_day"))
            year, month, day = (int(p) for p in parts)
            last_year = year
            found.append((f"{year:04d}-{month:02d}-{day:02d}", match.start(), match.end()))
            continue
        year_text, month, day = match.group("year"), match.group("month"), match.group("day")
        if year_text:
            last_year = _year(year_text)
        if not month:
            if year_text and _standalone_year(text, match.end()):
                found.append((f"{last_year:04d}", match.start(), match.end()))
            continue
        if last_year is None or (not year_text and not day):
            continue  # "3月" alone: a month of an unknown year, or a count of months
        iso = f"{last_year:04d}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        found.append((iso, match.start(), match.end()))
    return found


def _standalone_year(text: str, end: int) -> bool:
    """A bare year counts unless a period word follows it (those are periods, not dates)."""
    return not re.match(r"(?:以来|至今|起|开始|底|初|末|至|春节|元旦|中秋|国庆|上半年|下半年)", text[end:])


def find_dates(text: str) -> list[str]:
    """ISO dates in order, without repeats."""
    return list(dict.fromkeys(iso for iso, _, _ in find_date_spans(text)))


def find_periods(text: str) -> list[str]:
    """Spans that name a period (a festival, a year since, a range), in order, without repeats."""
    return list(dict.fromkeys(m.group(0) for m in PERIOD.finditer(text) if m.group(0)))


def record_date(text: str) -> str | None:
    """The date a record carries: a full date at its very end (a signed letter), else its first full date."""
    full = [(iso, start, end) for iso, start, end in find_date_spans(text) if len(iso) == 10]
    if not full:
        return None
    tail = len(text.rstrip(" 。.\n"))
    for iso, _, end in reversed(full):
        if tail - end <= SIGNATURE_TAIL:
            return iso
    return full[0][0]


def parse_date(value: Any) -> str | None:
    """The date a cell holds as ``YYYY-MM-DD``: from a date/datetime object, or the first full date written
    in its text; None when it holds none."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if value is None or (isinstance(value, float) and value != value):
        return None
    match = CELL_DATE.search(str(value))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
