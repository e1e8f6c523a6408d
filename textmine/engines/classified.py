"""Classified records from any input: a file that already has textmine's result columns is used as it is,
one that has not is classified first with the active model (or the one named), so that reporting and
clustering accept raw registers as well as ``textmine classify`` output.

>>> import pandas as pd
>>> classify = Classify()
>>> classify(pd.DataFrame({"内容": ["村会计挪用修路款"]}), "内容")["labels"].tolist()
['corruption']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from textmine.cluster.files import read_all
from textmine.engines.batch import classify_dataframe
from textmine.report import DEFAULT_TITLE, ReportData, build_report_from_frame
from textmine.report.build import check_report_outputs
from textmine.retrain.registry import resolve_model
from textmine.taxonomy import Taxonomy


class Classify:
    """``classify(frame, text_column)``: the frame with the result columns, by a model loaded on first use
    (``model``: a classifier, a model folder or registry name; None for the active model, else the shipped one).
    """

    def __init__(self, model=None) -> None:
        self.model = model
        self.calls = 0

    def classifier(self):
        if self.model is None or isinstance(self.model, str | Path):
            self.model = resolve_model(self.model)
        return self.model

    def __call__(self, frame: pd.DataFrame, text_column: str) -> pd.DataFrame:
        self.calls += 1
        return classify_dataframe(frame, text_column=text_column, model=self.classifier())


@dataclass
class ReportRun:
    """What :func:`report_file` made: the report's numbers, and how many records it classified first."""

    data: ReportData
    classified_first: int


def report_file(
    input_path: str | Path,
    html_path: str | Path,
    xlsx: str | Path | None = None,
    model=None,
    title: str = DEFAULT_TITLE,
    redact: bool = False,
    taxonomy: Taxonomy | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    generated: dt.date | None = None,
    header_row: int | None = None,
) -> ReportRun:
    """The report (and problem list) of a file, classifying its records first when it has no ``labels``."""
    check_report_outputs(input_path, html_path, xlsx)
    frame, text_column, id_column = read_all(input_path, text_column, id_column, sheet, encoding, header_row)
    classified_first = 0
    if "labels" not in frame.columns:
        classify = Classify(model)
        frame = classify(frame, text_column)
        classified_first = len(frame)
        taxonomy = taxonomy or classify.classifier().taxonomy_
    data = build_report_from_frame(
        frame, html_path, xlsx, title, redact, taxonomy, text_column, id_column, generated=generated
    )
    return ReportRun(data, classified_first)
