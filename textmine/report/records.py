"""The classified (and maybe clustered) batch a report is made from, read into one tidy table.

A classified file has the columns ``textmine classify`` writes (``labels``, ``subtypes``,
``score_<label>`` or a ``scores`` object, ``error``); a clustered one also ``cluster``,
``cluster_keywords`` and ``duplicate_of``. ``prepare_records`` turns either into one row per
record with the columns the report reads (``RECORD_COLUMNS``), adding what ``EntityExtractor``
finds in the text.

>>> import pandas as pd
>>> frame = pd.DataFrame({"编号": ["A1"], "反映内容": ["县水务局收受红包3万元"], "labels": ["corruption"],
...                       "subtypes": [""], "score_corruption": [0.9], "error": [""]})
>>> record = prepare_records(frame).iloc[0]
>>> record["id"], record["labels"], record["unit"], float(record["amount_yuan"]), int(record["cluster"])
('A1', ['corruption'], '县水务局', 30000.0, -1)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table
from textmine.io.columns import find_date_column
from textmine.taxonomy import split_label_text
from textmine.text.dates import parse_date
from textmine.text.extract import EntityExtractor

CLUSTER_COLUMNS = ("cluster", "cluster_keywords", "duplicate_of")
RECORD_COLUMNS = (
    "id", "text", "labels", "subtypes", "scores", "error", "cluster", "keywords", "duplicate_of", "date", "month",
    "units", "places", "roles", "unit", "place", "amount_yuan",
)  # fmt: skip


def read_classified(
    path: str | Path, sheet: str | int | None = None, encoding: str | None = None, header_row: int | None = None
) -> pd.DataFrame:
    """Every row of a classified file (any format ``textmine classify`` writes)."""
    reader = open_table(path, sheet=sheet, encoding=encoding, header_row=header_row)
    frames = list(reader.chunks(5000))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=reader.columns)
    frame = frame.drop(columns=[READ_ERROR], errors="ignore")
    if "labels" not in frame.columns:
        raise TextmineError(f"{str(path)!r} has no 'labels' column; make it with: textmine classify INPUT -o OUTPUT")
    return frame


def has_clusters(frame: pd.DataFrame) -> bool:
    """Whether the batch was clustered (``textmine cluster`` output)."""
    return "cluster" in frame.columns


def prepare_records(
    frame: pd.DataFrame,
    text_column: str | None = None,
    id_column: str | None = None,
    extractor: EntityExtractor | None = None,
) -> pd.DataFrame:
    """One row per record with ``RECORD_COLUMNS``; labels and subtypes as lists, scores as a dict."""
    columns = [str(c) for c in frame.columns]
    text_column = find_text_column(columns, text_column)
    id_column = find_id_column(columns, id_column)
    extractor = (extractor or EntityExtractor()).fit()
    texts = [_text(v) for v in frame[text_column].tolist()]
    ids = [_text(v) for v in frame[id_column].tolist()] if id_column else [str(i + 1) for i in range(len(frame))]
    found = [extractor.extract(text) for text in texts]
    dates = _dates(frame, columns, found)
    records = pd.DataFrame(
        {
            "id": ids,
            "text": texts,
            "labels": [split_label_text(v) for v in frame["labels"].tolist()],
            "subtypes": [split_label_text(v) for v in _column(frame, "subtypes")],
            "scores": _scores(frame),
            "error": [_text(v) for v in _column(frame, "error")],
            "cluster": [_cluster(v) for v in _column(frame, "cluster", -1)],
            "keywords": [split_label_text(v) for v in _column(frame, "cluster_keywords")],
            "duplicate_of": [_text(v) or None for v in _column(frame, "duplicate_of")],
            "date": [d if d and len(d) >= 10 else None for d in dates],
            "month": [d[:7] if d and len(d) >= 7 else None for d in dates],
            "units": [f.units for f in found],
            "places": [f.places for f in found],
            "roles": [f.roles for f in found],
            "unit": [f.unit for f in found],
            "place": [f.place for f in found],
            "amount_yuan": [f.amount_yuan for f in found],
        },
        columns=list(RECORD_COLUMNS),
        dtype=object,  # keeps None as None (pandas' string dtype would make it NaN, which is truthy)
    )
    records["cluster"] = records["cluster"].astype("int64")
    return records


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column(frame: pd.DataFrame, name: str, default: Any = "") -> list[Any]:
    return frame[name].tolist() if name in frame.columns else [default] * len(frame)


def _cluster(value: Any) -> int:
    text = _text(value)
    try:
        return int(float(text)) if text else -1
    except ValueError:
        raise TextmineError(f"the cluster column holds {text!r}, which is not a cluster number") from None


def _scores(frame: pd.DataFrame) -> list[dict[str, float]]:
    score_columns = [c for c in frame.columns if str(c).startswith("score_")]
    if score_columns:
        rows = frame[score_columns].apply(pd.to_numeric, errors="coerce").fillna(0.0)
        return [{str(c)[6:]: float(v) for c, v in zip(score_columns, row)} for row in rows.itertuples(index=False)]
    scores = []
    for value in _column(frame, "scores", None):
        if isinstance(value, str) and value.strip():
            value = json.loads(value)
        scores.append({str(k): float(v) for k, v in value.items()} if isinstance(value, dict) else {})
    return scores


def _dates(frame: pd.DataFrame, columns: list[str], found) -> list[str | None]:
    """ISO dates: from the file's date column where it has one, else the date each record carries."""
    column = find_date_column(columns)
    if column is None:
        return [f.record_date for f in found]
    return [parse_date(value) or f.record_date for value, f in zip(frame[column].tolist(), found)]
