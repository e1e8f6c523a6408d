"""Reporting stage: the inspection report (HTML) and the problem list (Excel) of a classified batch.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "results.csv").write_text("编号,反映内容,labels\\nA1,村会计挪用修路款,corruption\\nA2,镇里天天开会,formalism\\n"
...                                         "A3,给医院点赞,\\n", encoding="utf-8")
>>> summary = build_report(folder / "results.csv", folder / "report.html", xlsx=folder / "problems.xlsx")
>>> summary.n_records, summary.n_problems
(3, 2)
"""

from textmine.report.build import DEFAULT_TITLE, build_report, build_report_from_frame
from textmine.report.html import render_html
from textmine.report.problems import problem_table
from textmine.report.summary import ReportData
from textmine.report.workbook import write_problem_list

__all__ = [
    "DEFAULT_TITLE",
    "ReportData",
    "build_report",
    "build_report_from_frame",
    "problem_table",
    "render_html",
    "write_problem_list",
]
