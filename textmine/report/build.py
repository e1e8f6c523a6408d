"""The whole report of a classified batch: read it, compute what is shown, write the HTML page and the Excel
problem list.

>>> summary = build_report("results.xlsx", "report.html", xlsx="problems.xlsx")   # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output
from textmine.report.html import render_html
from textmine.report.problems import is_problem, problem_table
from textmine.report.records import has_clusters, prepare_records, read_classified
from textmine.report.summary import ReportData, summarise
from textmine.report.trends import find_trends
from textmine.report.workbook import write_problem_list
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.redact import redact

DEFAULT_TITLE = "巡察信访问题分析报告"
SHOWN_TRENDS = 8


def build_report(
    input_path: str | Path,
    html_path: str | Path,
    xlsx: str | Path | None = None,
    title: str = DEFAULT_TITLE,
    redact: bool = False,
    taxonomy: Taxonomy | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    generated: dt.date | None = None,
) -> ReportData:
    """Read a classified (maybe clustered) file; write the HTML report and, if asked, the problem list."""
    html_path = Path(html_path)
    if html_path.suffix.lower() not in (".html", ".htm"):
        raise TextmineError(f"the report is a web page; give it a name ending in .html, not {html_path.name!r}")
    if xlsx is not None and Path(xlsx).suffix.lower() != ".xlsx":
        raise TextmineError(
            f"the problem list is an Excel file; give it a name ending in .xlsx, not {Path(xlsx).name!r}"
        )
    taxonomy = taxonomy or load_taxonomy()
    frame = read_classified(input_path, sheet=sheet, encoding=encoding)
    records = prepare_records(frame, text_column=text_column, id_column=id_column)
    redactor = _redactor() if redact else None
    if redactor:
        records["text"] = records["text"].map(redactor)
    problems = problem_table(records, taxonomy)
    data = summarise(records, problems, title, taxonomy, clustered=has_clusters(frame))
    data.trends = find_trends(records[records.apply(is_problem, axis=1)] if len(records) else records, taxonomy)
    data.trends = data.trends[:SHOWN_TRENDS]
    page = render_html(data, redacted=redact, generated=generated)
    if xlsx is not None:
        write_problem_list(xlsx, problems, records, taxonomy)
    _write_text(html_path, page)
    return data


def _redactor():
    return redact


def _write_text(path: Path, text: str) -> None:
    with atomic_output(path) as temp:
        temp.write_text(text, encoding="utf-8")
