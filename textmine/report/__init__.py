"""Reporting stage: the inspection report (HTML) and the problem list (Excel) of a classified batch.

>>> summary = build_report("results.xlsx", "report.html", xlsx="problems.xlsx")   # doctest: +SKIP
>>> summary.n_problems                                                          # doctest: +SKIP
57
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
