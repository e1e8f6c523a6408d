"""The report as one self-contained HTML page: inline styles and SVG charts, no script, nothing
fetched (its Content-Security-Policy forbids it), Chinese throughout.

>>> from textmine.report.summary import ReportData, Count
>>> page = render_html(ReportData(title="巡察信访分析", labels=[Count("corruption", "腐败问题", 3)]))
>>> "<svg" in page and "巡察信访分析" in page and "<script" not in page
True
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from textmine.report.charts import bar_chart, month_chart, trend_chart
from textmine.report.summary import ReportData
from textmine.report.trends import all_flags

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE = "report.html.j2"


def render_html(data: ReportData, redacted: bool = False, generated: dt.date | None = None) -> str:
    """The page for ``data``; ``generated`` is the date printed on it (today when None)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, undefined=jinja2.StrictUndefined
    )
    label_chart = bar_chart([(c.name, c.count) for c in data.labels], title="各类别记录数")
    months = month_chart(data.months, title="各月记录数") if data.months else None
    trend_charts = [
        (
            series,
            trend_chart(series.months, {f.month: f.expected for f in series.flags}, f"{series.kind}：{series.name}"),
        )
        for series in data.trends
        if series.flags
    ]
    return environment.get_template(TEMPLATE).render(
        data=data,
        trend_charts=trend_charts,
        flags=all_flags(data.trends),
        label_chart=label_chart,
        month_chart=months,
        dated=sum(count for _, count in data.months),
        redacted=redacted,
        generated=(generated or dt.date.today()).isoformat(),
    )
