"""Trends and early warning (大数据分析研判): records per month by label, subtype, unit and place, and the
months well above their series' usual level.

**The method.** Every series is counted over the same months (the first to the last month of the data,
empty months as 0). A month is judged against the ``baseline`` months before it (at least
``min_history`` of them): its expected count is their mean, at least ``floor``. Counts are taken to be
Poisson around that level, so the month's p-value is P(X ≥ count) for X ~ Poisson(expected) (the
regularised incomplete gamma function). A month is **flagged** when

- its count is at least ``min_count`` (a jump from 0 to 2 is not a warning),
- the ratio count / expected is at least ``min_ratio``, and
- the p-value is at most ``alpha`` (0.01: over dozens of series, a few chance flags a year at most).

This is the trailing-baseline Poisson test of public-health surveillance (as in the CDC's EARS methods),
without a seasonal term: inspection offices rarely have the years of history a seasonal baseline needs.

>>> flags = spike_flags(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"], [2, 3, 2, 3, 12])
>>> [(f.month, f.count, f.expected, f.ratio, f.p_value < 0.001) for f in flags]
[('2024-05', 12, 2.5, 4.8, True)]
>>> spike_flags(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"], [5, 6, 5, 6, 6])
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from textmine.lazy import lazy_module
from textmine.report.charts import fill_months
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.aliases import merge_units

scipy_special = lazy_module("scipy.special")

KINDS = ("类别", "子类", "单位", "地点")


@dataclass(frozen=True)
class SpikeSettings:
    """The knobs of :func:`spike_flags` (see the module's description of the method)."""

    baseline: int = 6
    min_history: int = 3
    min_count: int = 5
    min_ratio: float = 2.0
    alpha: float = 0.01
    floor: float = 0.5


@dataclass(frozen=True)
class Flag:
    """A month well above its series' expected level."""

    kind: str
    name: str
    month: str
    count: int
    expected: float
    ratio: float
    p_value: float


@dataclass
class Series:
    """One series: what is counted (kind and name), its count per month and its flagged months."""

    kind: str
    name: str
    months: list[tuple[str, int]]
    flags: list[Flag] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.months)


def poisson_tail(count: int, expected: float) -> float:
    """P(X ≥ count) for X ~ Poisson(expected).

    >>> round(poisson_tail(0, 2.0), 3), round(poisson_tail(1, 2.0), 3), round(poisson_tail(5, 1.0), 4)
    (1.0, 0.865, 0.0037)
    """
    if count <= 0:
        return 1.0
    return float(scipy_special.gammainc(count, expected))


def spike_flags(
    months: Sequence[str], counts: Sequence[int], settings: SpikeSettings | None = None, kind: str = "", name: str = ""
) -> list[Flag]:
    """The flagged months of one series (``months`` consecutive, ``counts`` aligned with them)."""
    settings = settings or SpikeSettings()
    flags = []
    for t, (month, count) in enumerate(zip(months, counts)):
        history = counts[max(0, t - settings.baseline) : t]
        if len(history) < settings.min_history or count < settings.min_count:
            continue
        expected = max(sum(history) / len(history), settings.floor)
        ratio = count / expected
        p_value = poisson_tail(int(count), expected)
        if ratio >= settings.min_ratio and p_value <= settings.alpha:
            flags.append(Flag(kind, name, month, int(count), round(expected, 2), round(ratio, 2), p_value))
    return flags


def monthly_series(records: pd.DataFrame, taxonomy: Taxonomy | None = None) -> list[Series]:
    """Counts per month of every label, subtype, unit (aliases merged) and place among ``records``
    (columns ``month``, ``labels``, ``subtypes``, ``unit``, ``place``), over one shared span of months."""
    taxonomy = taxonomy or load_taxonomy()
    dated = records[records["month"].map(lambda m: isinstance(m, str) and len(m) >= 7)] if len(records) else records
    if not len(dated):
        return []
    span = [m for m, _ in fill_months([(m, 1) for m in sorted(set(dated["month"]))])]
    units = [_text(u) for u in dated["unit"]]
    merged = merge_units(u for u in units if u)
    names = {
        "类别": [[_name(taxonomy, x) for x in ls] for ls in dated["labels"]],
        "子类": [[_name(taxonomy, x) for x in ls] for ls in dated["subtypes"]],
        "单位": [[merged[u]] if u else [] for u in units],
        "地点": [[_text(p)] if _text(p) else [] for p in dated["place"]],
    }
    series = []
    for kind in KINDS:
        counts: dict[str, Counter] = {}
        for month, items in zip(dated["month"], names[kind]):
            for item in set(items):
                counts.setdefault(item, Counter())[month] += 1
        for item, per_month in counts.items():
            series.append(Series(kind, item, [(m, per_month.get(m, 0)) for m in span]))
    return series


def find_trends(
    records: pd.DataFrame, taxonomy: Taxonomy | None = None, settings: SpikeSettings | None = None
) -> list[Series]:
    """Every series with its flags; flagged series first (latest flag, then strongest), then by size."""
    found = monthly_series(records, taxonomy)
    for series in found:
        months, counts = zip(*series.months) if series.months else ((), ())
        series.flags = spike_flags(months, counts, settings, series.kind, series.name)
    found.sort(key=lambda s: (not s.flags, _latest(s.flags), -s.total, s.kind, s.name))
    return found


def all_flags(series: Iterable[Series]) -> list[Flag]:
    """Every flag, latest month first, then smallest p-value."""
    return sorted((f for s in series for f in s.flags), key=lambda f: (f.month, -f.p_value), reverse=True)


def _latest(flags: list[Flag]) -> str:
    """A sort key putting the latest flagged month first."""
    latest = max((f.month for f in flags), default="")
    return "".join(chr(0x10FFFF - ord(c)) for c in latest)


def _text(value) -> str:
    """A name, or '' for a missing one (None, NaN)."""
    return value if isinstance(value, str) else ""


def _name(taxonomy: Taxonomy, category_id: str) -> str:
    return taxonomy.name_of(category_id) if category_id in taxonomy else category_id
