import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.errors import TextmineError
from textmine.io import open_table, open_writer
from textmine.io.writers import XlsxWriter

FRAME = pd.DataFrame(
    {
        "id": ["1", "2"],
        "text": ["村会计挪用公款", "=1+1 不是公式"],
        "labels": ["corruption", ""],
        "score_corruption": [0.9, 0.1],
    }
)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl", ".parquet"])
def test_round_trip_through_each_writer_and_reader(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    with open_writer(path) as writer:
        writer.write(FRAME.iloc[:1])
        writer.write(FRAME.iloc[1:])
    frame = pd.concat(list(open_table(path).chunks(10)))
    assert frame["text"].tolist()[0] == "村会计挪用公款"
    assert len(frame) == 2
    assert not list(tmp_path.glob("*.part"))


def test_csv_has_bom_for_excel_unless_turned_off(tmp_path):
    with open_writer(tmp_path / "a.csv") as writer:
        writer.write(FRAME)
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    with open_writer(tmp_path / "b.csv", bom=False) as writer:
        writer.write(FRAME)
    assert (tmp_path / "b.csv").read_bytes().startswith(b"id,")


def test_xlsx_has_frozen_header_filter_widths_and_no_formulas(tmp_path):
    path = tmp_path / "a.xlsx"
    with open_writer(path) as writer:
        writer.write(FRAME)
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    assert sheet["B3"].value == "'=1+1 不是公式"
    assert sheet["B3"].data_type == "s"


def test_interrupted_write_leaves_no_output(tmp_path):
    path = tmp_path / "a.jsonl"
    with pytest.raises(RuntimeError), open_writer(path) as writer:
        writer.write(FRAME)
        raise RuntimeError("killed")
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []


def test_too_many_rows_for_excel_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("textmine.io.writers.EXCEL_MAX_ROWS", 2)
    with pytest.raises(TextmineError, match=r"write \.csv or \.parquet"), XlsxWriter(tmp_path / "a.xlsx") as writer:
        writer.write(FRAME)
    assert not (tmp_path / "a.xlsx").exists()


def test_jsonl_keeps_lists_and_objects(tmp_path):
    path = tmp_path / "a.jsonl"
    with open_writer(path) as writer:
        writer.write(pd.DataFrame({"labels": [["corruption"]], "scores": [{"corruption": 0.9}]}))
    assert json.loads(path.read_text(encoding="utf-8")) == {"labels": ["corruption"], "scores": {"corruption": 0.9}}


def test_unknown_output_extension_is_a_plain_error(tmp_path):
    with pytest.raises(TextmineError, match="cannot write"):
        open_writer(tmp_path / "a.doc")
