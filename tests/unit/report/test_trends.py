"""Monthly trends and the spike flag."""

import pandas as pd
import pytest
from scipy.stats import poisson

from textmine.report.trends import SpikeSettings, find_trends, monthly_series, poisson_tail, spike_flags

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


def test_a_planted_spike_is_flagged_with_ratio_and_p_value():
    counts = [3, 4, 2, 3, 4, 3, 3, 2, 4, 3, 14, 3]
    flags = spike_flags(MONTHS, counts)
    assert [f.month for f in flags] == ["2024-11"]
    flag = flags[0]
    assert flag.count == 14 and flag.expected == pytest.approx(3.17, abs=0.01)
    assert flag.ratio == pytest.approx(14 / 3.1667, abs=0.01) and flag.p_value < 1e-4


def test_a_flat_series_is_never_flagged():
    assert spike_flags(MONTHS, [6] * 12) == []
    assert spike_flags(MONTHS, [5, 7, 6, 5, 8, 6, 7, 5, 6, 7, 8, 6]) == []


def test_small_counts_and_short_histories_are_not_flagged():
    assert spike_flags(MONTHS, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0]) == []  # under the minimum count
    assert spike_flags(MONTHS[:3], [0, 0, 9]) == []  # two months of history
    assert spike_flags(MONTHS[:4], [0, 0, 0, 9])[0].expected == 0.5  # the floor
    assert spike_flags(MONTHS, [3] * 10 + [5, 3], SpikeSettings(min_count=5)) == []  # 5 against 3 is no spike


def test_poisson_tail_is_the_survival_function():
    for count, expected in [(1, 0.5), (4, 2.0), (14, 3.2), (30, 25.0)]:
        assert poisson_tail(count, expected) == pytest.approx(poisson.sf(count - 1, expected), rel=1e-9)


def test_series_count_labels_units_with_aliases_and_places_by_month():
    records = pd.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-03", None],
            "labels": [["corruption"], ["corruption", "hedonism"], ["hedonism"], ["corruption"]],
            "subtypes": [[], [], [], []],
            "unit": ["县住建局", "县住房和城乡建设局", "县教育局", "县住建局"],
            "place": ["柳河村", None, "柳河村", None],
        }
    )
    series = {(s.kind, s.name): s.months for s in monthly_series(records)}
    assert series[("类别", "腐败问题")] == [("2024-01", 2), ("2024-02", 0), ("2024-03", 0)]
    units = [name for kind, name in series if kind == "单位"]
    assert len(units) == 2 and series[("地点", "柳河村")] == [("2024-01", 1), ("2024-02", 0), ("2024-03", 1)]


def test_flagged_series_come_first():
    months = [f"2024-{m:02d}" for m in range(1, 8) for _ in range(2)] + ["2024-08"] * 9
    records = pd.DataFrame(
        {
            "month": months,
            "labels": [["corruption"]] * 14 + [["hedonism"]] * 9,
            "subtypes": [[]] * 23,
            "unit": [None] * 23,
            "place": [None] * 23,
        }
    )
    found = find_trends(records)
    assert found[0].name == "享乐主义" and found[0].flags[0].month == "2024-08"
    assert not next(s for s in found if s.name == "腐败问题").flags
