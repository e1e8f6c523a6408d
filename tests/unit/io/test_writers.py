import csv
import io
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


INJECTION = pd.DataFrame(
    {
        '=HYPERLINK("http://x","点我")': ["=cmd|' /C calc'!A0", "+86 138 0000 0000", "-2.5", "@SUM(A1:A9)"],
        "text": ["\t=1+1", "\uff1d1+1", "-", "正文"],
    }
)


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_csv_and_tsv_neutralise_formulas_in_cells_and_headers(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    with open_writer(path, bom=False) as writer:
        writer.write(INJECTION)
    delimiter = "\t" if suffix == ".tsv" else ","
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""), delimiter=delimiter))
    assert rows[0] == ['\'=HYPERLINK("http://x","点我")', "text"]
    assert [row[0] for row in rows[1:]] == ["'=cmd|' /C calc'!A0", "'+86 138 0000 0000", "-2.5", "'@SUM(A1:A9)"]
    assert [row[1] for row in rows[1:]] == ["'\t=1+1", "'\uff1d1+1", "-", "正文"]


def test_xlsx_header_and_cells_are_never_formulas(tmp_path):
    path = tmp_path / "out.xlsx"
    with open_writer(path) as writer:
        writer.write(INJECTION)
    sheet = load_workbook(path).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert sheet["A1"].value == '\'=HYPERLINK("http://x","点我")' and sheet["A2"].value == "'=cmd|' /C calc'!A0"


def test_jsonl_keeps_values_as_they_are(tmp_path):
    path = tmp_path / "out.jsonl"
    with open_writer(path) as writer:
        writer.write(INJECTION)
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert first == {'=HYPERLINK("http://x","点我")': "=cmd|' /C calc'!A0", "text": "\t=1+1"}


def test_a_chunk_with_other_columns_is_refused_not_shifted(tmp_path):
    with pytest.raises(ValueError, match="columns"), open_writer(tmp_path / "a.csv") as writer:
        writer.write(FRAME)
        writer.write(FRAME.assign(extra=1))
    assert not (tmp_path / "a.csv").exists()


def test_a_text_cut_for_excel_is_marked_and_its_row_flagged(tmp_path):
    long_text = ("村会计挪用修路款，" * 22_700)[:204_000]
    frame = pd.DataFrame(
        {
            "id": ["1", "2", "3"],
            "text": [long_text, "镇干部公车私用", "=" + long_text],
            "error": ["text of 204000 characters; classified on the first 20000", "", None],
        }
    )
    with open_writer(tmp_path / "out.xlsx") as writer:
        writer.write(frame)
    rows = list(load_workbook(tmp_path / "out.xlsx").active.values)[1:]
    assert all(len(row[1]) <= 32_767 for row in rows)
    assert rows[0][1].endswith("…[cut from 204,000 characters]") and rows[0][1].startswith("村会计")
    assert rows[2][1].startswith("'=") and rows[2][1].endswith("…[cut from 204,001 characters]")
    note = "text cut to fit an Excel cell (32,767 characters); a .csv, .jsonl or .parquet output keeps it whole"
    assert rows[0][2] == f"text of 204000 characters; classified on the first 20000; {note}"
    assert rows[1][2] is None and rows[2][2] == note


def test_a_text_cut_for_excel_in_a_table_without_an_error_column_keeps_its_marker(tmp_path):
    with open_writer(tmp_path / "out.xlsx") as writer:
        writer.write(pd.DataFrame({"summary": ["举" * 40_000]}))
    cell = list(load_workbook(tmp_path / "out.xlsx").active.values)[1][0]
    assert len(cell) <= 32_767 and cell.endswith("…[cut from 40,000 characters]")
