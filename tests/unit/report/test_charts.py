"""Inline SVG charts."""

from textmine.report.charts import bar_chart, fill_months, month_chart


def test_bars_scale_to_the_largest_count_and_escape_names():
    svg = bar_chart([("腐败<问题>", 10), ("形式主义", 5), ("党建问题", 0)], title="按类别", width=450)
    assert svg.count("<rect") == 3
    assert "腐败&lt;问题&gt;" in svg and "<问题>" not in svg
    assert 'width="250"' in svg and 'width="125"' in svg  # 450 - 150 labels - 50 margin = 250 for the top


def test_months_fill_gaps_across_years():
    assert fill_months([("2023-12", 1), ("2024-02", 3)]) == [("2023-12", 1), ("2024-01", 0), ("2024-02", 3)]
    assert fill_months([]) == []


def test_month_chart_has_a_column_per_month():
    svg = month_chart([("2023-01", 2), ("2023-04", 1)], title="各月")
    assert svg.count("<rect") == 4 and "2023-02: 0" in svg and "<script" not in svg
