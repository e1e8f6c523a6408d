"""The whole report of a classified batch: read it, compute what is shown, write the HTML page and the Excel
problem list.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "results.csv").write_text("编号,反映内容,labels,error\\nA1,村会计挪用修路款，举报人电话(0731)84567890,"
...     "corruption,\\nA2,邻居吵架,,\\n", encoding="utf-8")
>>> data = build_report(folder / "results.csv", folder / "report.html", xlsx=folder / "problems.xlsx", redact=True)
>>> data.n_records, data.n_problems
(2, 1)
>>> page = (folder / "report.html").read_text(encoding="utf-8")
>>> "84567890" in page, "【电话】" in page
(False, True)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output, output_folder
from textmine.io.outputs import refuse_input_as_output
from textmine.report.html import render_html
from textmine.report.problems import is_problem, problem_table
from textmine.report.records import has_clusters, prepare_records, read_classified
from textmine.report.summary import ReportData, summarise
from textmine.report.trends import find_trends
from textmine.report.workbook import write_problem_list
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.extract import EntityExtractor
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
    header_row: int | None = None,
) -> ReportData:
    """Read a classified (maybe clustered) file; write the HTML report and, if asked, the problem list."""
    check_report_outputs(input_path, html_path, xlsx)
    frame = read_classified(input_path, sheet=sheet, encoding=encoding, header_row=header_row)
    return build_report_from_frame(
        frame, html_path, xlsx, title, redact, taxonomy, text_column, id_column, generated=generated
    )


def check_report_outputs(input_path: str | Path, html_path: str | Path, xlsx: str | Path | None = None) -> None:
    """The report's outputs: an ``.html`` page and an ``.xlsx`` list, in folders that exist, neither the input."""
    check_report_paths(html_path, xlsx)
    for output in (html_path, xlsx):
        if output is not None:
            output_folder(output)
            refuse_input_as_output(output, input_path)


def check_report_paths(html_path: str | Path, xlsx: str | Path | None = None) -> None:
    """A plain error unless the report is an ``.html`` file and the problem list an ``.xlsx`` file."""
    html_path = Path(html_path)
    if html_path.suffix.lower() not in (".html", ".htm"):
        raise TextmineError(f"the report is a web page; give it a name ending in .html, not {html_path.name!r}")
    if xlsx is not None and Path(xlsx).suffix.lower() != ".xlsx":
        raise TextmineError(
            f"the problem list is an Excel file; give it a name ending in .xlsx, not {Path(xlsx).name!r}"
        )


def build_report_from_frame(
    frame: pd.DataFrame,
    html_path: str | Path,
    xlsx: str | Path | None = None,
    title: str = DEFAULT_TITLE,
    redact: bool = False,
    taxonomy: Taxonomy | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    extractor: EntityExtractor | None = None,
    generated: dt.date | None = None,
) -> ReportData:
    """:func:`build_report` of records already in memory, with a ``labels`` column (and maybe cluster columns).

    >>> frame = pd.DataFrame({"text": ["村会计挪用修路款"], "labels": ["corruption"]})
    >>> build_report_from_frame(frame, "report.html").n_problems      # doctest: +SKIP
    1
    """
    check_report_paths(html_path, xlsx)
    taxonomy = taxonomy or load_taxonomy()
    records = prepare_records(frame, text_column=text_column, id_column=id_column, extractor=extractor)
    if redact:
        records = redact_records(records)
    problems = problem_table(records, taxonomy)
    data = summarise(records, problems, title, taxonomy, clustered=has_clusters(frame))
    data.trends = find_trends(records[records.apply(is_problem, axis=1)] if len(records) else records, taxonomy)
    data.trends = data.trends[:SHOWN_TRENDS]
    page = render_html(data, redacted=redact, generated=generated)
    if xlsx is not None:
        write_problem_list(xlsx, problems, records, taxonomy)
    _write_text(Path(html_path), page)
    return data


#: The columns of the report's records that hold text from the letters (the page and the list show them).
REDACTED_COLUMNS = ("text", "unit", "place", "units", "places", "roles", "keywords")


def redact_records(records):
    """The records with personal details masked in every column taken from the letters' text."""
    records = records.copy()
    for column in REDACTED_COLUMNS:
        records[column] = records[column].map(_redact_value)
    return records


def _redact_value(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact(v) if isinstance(v, str) else v for v in value]
    return value


def _write_text(path: Path, text: str) -> None:
    with atomic_output(path) as temp:
        temp.write_text(text, encoding="utf-8")
