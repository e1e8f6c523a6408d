"""CSV: every line comes out as part of a record, whatever the quoting; long fields; traditional headers."""

import io

import pandas as pd

from textmine.io import READ_ERROR, open_table
from textmine.io.columns import find_id_column, find_text_column
from textmine.io.readers import CsvReader


def read(path, **options) -> tuple[pd.DataFrame, object]:
    reader = open_table(path, **options)
    return pd.concat(list(reader.chunks(4)), ignore_index=True), reader


def test_an_unterminated_quote_loses_no_record(tmp_path):
    lines = ["编号,反映内容"] + [f"A{k},第{k}件反映村干部吃喝" for k in range(1, 11)]
    lines[3] = 'A3,"第3件反映村干部吃喝'  # the quote is never closed: a parser swallows everything after it
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, reader = read(path)
    assert frame["编号"].tolist() == [f"A{k}" for k in range(1, 11)]
    assert frame["反映内容"].tolist()[3] == "第4件反映村干部吃喝"
    assert frame[READ_ERROR].tolist()[2] == "line 4 has a quote that is never closed; read without quoting"
    assert [e for e in frame[READ_ERROR].tolist() if e] == [frame[READ_ERROR].tolist()[2]]
    assert reader.lines_read == len(lines)


def test_a_quote_closed_lines_later_is_found_and_the_lines_between_are_records(tmp_path):
    text = 'id,text\n1,"opened\n2,second\n3,"closed"here\n4,"quoted, with comma"\n'
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    frame, reader = read(path)
    assert frame["id"].tolist() == ["1", "2", "3", "4"]
    assert frame["text"].tolist()[1:] == [
        "second",
        "closedhere",
        "quoted, with comma",
    ]  # one line: read as csv reads it
    assert frame[READ_ERROR].tolist()[0].startswith("line 2 has a quote")
    assert reader.lines_read == 5


def test_quoted_line_breaks_stay_one_record(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"第一行\n第二行"\n2,"说""好"""\n', encoding="utf-8")
    frame, reader = read(path)
    assert frame["text"].tolist() == ["第一行\n第二行", '说"好"']
    assert frame[READ_ERROR].tolist() == ["", ""] and reader.lines_read == 4


def test_a_field_over_the_csv_modules_limit_is_read_whole(tmp_path):
    path = tmp_path / "in.csv"
    long_text = "村" * 200_000
    path.write_text(f"id,text\n1,{long_text}\n2,短\n", encoding="utf-8")
    frame, _ = read(path)
    assert [len(t) for t in frame["text"]] == [200_000, 1]


def test_traditional_and_full_width_header_names_are_recognised(tmp_path):
    path = tmp_path / "in.csv"
    pd.DataFrame({"編　號": ["A1"], "反映內容": ["村幹部挪用公款"]}).to_csv(path, index=False, encoding="big5")
    frame, reader = read(path)
    assert find_text_column(reader.columns) == "反映內容" and find_id_column(reader.columns) == "編　號"
    assert frame["反映內容"].tolist() == ["村幹部挪用公款"]


def test_header_row_names_the_row_with_the_column_names(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "2024年信访登记表,,\n导出时间：2024-05-01,,\n编号,反映内容,日期\nA1,镇干部公车私用,2024-01-02\n",
        encoding="utf-8",
    )
    frame, reader = read(path, header_row=3)
    assert reader.columns == ["编号", "反映内容", "日期"] and frame["编号"].tolist() == ["A1"]


def test_standard_input_text_is_read_from_its_start():
    reader = CsvReader(io.StringIO("编号,反映内容\nA1,挪用\n"))
    assert reader.columns == ["编号", "反映内容"]
    assert next(reader.chunks(10))["反映内容"].tolist() == ["挪用"]
