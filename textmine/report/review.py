"""The 回头看 report of a tracked period: the usual report of the new records, with a 回头看 section
(problems that came back after rectification first) and the trends with their flagged months, counted
over every period the register holds.

>>> result, records = track_file("五月.xlsx", "问题清单.xlsx", "新问题清单.xlsx")      # doctest: +SKIP
>>> write_review_report(result, records, "回头看.html")                             # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output
from textmine.report.build import SHOWN_TRENDS
from textmine.report.html import render_html
from textmine.report.problems import problem_table
from textmine.report.register import CONTINUING, NEW, REBOUND, Register, RegisterRow, cell_text
from textmine.report.summary import ReportData, ReviewData, ReviewRow, summarise
from textmine.report.track import TrackResult
from textmine.report.trends import find_trends
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.redact import redact as redact_text

DEFAULT_REVIEW_TITLE = "巡察“回头看”问题跟踪报告"


def review_data(result: TrackResult, show: Callable[[str], str] | None = None) -> ReviewData:
    """The 回头看 section of a tracking result."""
    show = show or (lambda text: text)
    rows = {row.number: row for row in result.register.rows if row.number}
    review = ReviewData(
        counts=result.counts(),
        kept_edits=len(result.staff_edits),
        period=int(result.register.meta.get("period", 2)),
    )
    for number, conclusion in result.conclusions.items():
        row = rows.get(number)
        if row is None:
            continue
        shown = _review_row(row, conclusion, result.matched.get(number, []), show)
        {REBOUND: review.rebounds, CONTINUING: review.continuing, NEW: review.new}.get(conclusion, []).append(shown)
    for part in (review.rebounds, review.continuing, review.new):
        part.sort(key=lambda r: (-r.new_count, r.number))
    return review


def _review_row(row: RegisterRow, conclusion: str, record_ids: list[str], show) -> ReviewRow:
    return ReviewRow(
        number=row.number,
        conclusion=conclusion,
        status=cell_text(row.values.get("整改状态")) or "未整改",
        deadline=cell_text(row.values.get("整改时限")),
        unit=cell_text(row.values.get("被反映单位")),
        summary=show(cell_text(row.values.get("问题摘要"))),
        new_count=len(record_ids),
        dates=cell_text(row.values.get("跟踪说明")),
        record_ids="；".join(record_ids[:8]) + ("…" if len(record_ids) > 8 else ""),
    )


def history_records(register: Register) -> pd.DataFrame:
    """Every record the register keeps (all periods) as the trend counts read them."""
    stored = register.records
    return pd.DataFrame(
        {
            "month": [d[:7] if len(d) >= 7 else None for d in stored["日期"].map(cell_text)],
            "labels": [[x for x in cell_text(v).split(";") if x] for v in stored["类别"]],
            "subtypes": [[x for x in cell_text(v).split(";") if x] for v in stored["子类"]],
            "unit": [cell_text(v) or None for v in stored["单位"]],
            "place": [cell_text(v) or None for v in stored["地点"]],
        }
    )


def write_review_report(
    result: TrackResult,
    records: pd.DataFrame,
    html_path: str | Path,
    title: str = DEFAULT_REVIEW_TITLE,
    redact: bool = False,
    taxonomy: Taxonomy | None = None,
    generated: dt.date | None = None,
) -> ReportData:
    """Write the 回头看 page of a tracked period; returns what it shows."""
    html_path = Path(html_path)
    if html_path.suffix.lower() not in (".html", ".htm"):
        raise TextmineError(f"the report is a web page; give it a name ending in .html, not {html_path.name!r}")
    taxonomy = taxonomy or load_taxonomy()
    show = redact_text if redact else None
    if redact:
        records = records.assign(text=records["text"].map(redact_text))
    clustered = bool(len(records)) and bool((records["cluster"] >= 0).any())
    data = summarise(records, problem_table(records, taxonomy), title, taxonomy, clustered=clustered)
    data.review = review_data(result, show)
    data.trends = find_trends(history_records(result.register), taxonomy)[:SHOWN_TRENDS]
    page = render_html(data, redacted=redact, generated=generated)
    with atomic_output(html_path) as temp:
        temp.write_text(page, encoding="utf-8")
    return data
