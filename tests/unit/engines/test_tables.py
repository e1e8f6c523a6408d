import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from textmine.engines.tables import columns_of, input_files, read_part, table_parts
from textmine.errors import TextmineError
from textmine.io import READ_ERROR


def test_parquet_row_groups_are_gathered_into_parts_in_order(tmp_path):
    frame = pd.DataFrame({"编号": [f"N{i}" for i in range(10)], "内容": ["挪用公款"] * 10})
    pq.write_table(pa.Table.from_pandas(frame), tmp_path / "a.parquet", row_group_size=2)
    parts = table_parts(tmp_path / "a.parquet", rows_per_part=4)
    assert [p.row_groups for p in parts] == [(0, 1), (2, 3), (4,)]
    rows = pd.concat([read_part(p) for p in parts], ignore_index=True)
    assert rows["编号"].tolist() == frame["编号"].tolist() and set(rows[READ_ERROR]) == {""}


def test_a_folder_and_a_glob_name_their_table_files_sorted(tmp_path):
    for name in ("b.csv", "a.csv", "notes.md"):
        (tmp_path / name).write_text("编号,内容\n1,挪用公款\n", encoding="utf-8")
    assert [p.name for p in input_files(tmp_path)] == ["a.csv", "b.csv"]
    assert [p.name for p in input_files(tmp_path / "*.csv")] == ["a.csv", "b.csv"]
    with pytest.raises(TextmineError, match="no file matches"):
        input_files(tmp_path / "*.parquet")


def test_a_csv_part_keeps_rows_that_do_not_fit_flagged(tmp_path):
    (tmp_path / "a.csv").write_text("编号,内容\n1,挪用公款\n2,吃喝,多出来\n", encoding="utf-8")
    rows = read_part(table_parts(tmp_path / "a.csv")[0])
    assert rows["编号"].tolist() == ["1", "2"] and rows[READ_ERROR].tolist()[1].startswith("row had 3 fields")


def test_files_with_other_columns_are_refused(tmp_path):
    (tmp_path / "a.csv").write_text("编号,内容\n1,挪用公款\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("编号,正文\n1,挪用公款\n", encoding="utf-8")
    with pytest.raises(TextmineError, match="columns"):
        columns_of(table_parts(tmp_path))


def test_a_damaged_parquet_file_is_named_in_one_sentence(tmp_path):
    pd.DataFrame({"编号": ["1"], "内容": ["挪用公款"]}).to_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(b"PAR1oops")
    with pytest.raises(TextmineError, match=r"b\.parquet' could not be read as a Parquet file: .*magic bytes"):
        table_parts(tmp_path / "*.parquet")


def test_files_a_folder_input_does_not_read_are_named_in_a_warning(tmp_path, caplog):
    for name in ("a.csv", "b.xlsx", "c.json", "notes.txt", ".hidden"):
        (tmp_path / name).write_text("编号,内容\n1,挪用公款\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="textmine.engines.tables"):
        parts = table_parts(tmp_path)
    assert [p.path.name for p in parts] == ["a.csv"]
    assert "b.xlsx, c.json, notes.txt" in caplog.text and ".hidden" not in caplog.text


def test_the_header_row_is_used_and_refused_for_parquet(tmp_path):
    (tmp_path / "a.csv").write_text("2024年信访登记表,\n编号,内容\n1,挪用公款\n", encoding="utf-8")
    parts = table_parts(tmp_path / "a.csv", header_row=2)
    assert columns_of(parts) == ["编号", "内容"] and read_part(parts[0])["内容"].tolist() == ["挪用公款"]
    pd.DataFrame({"编号": ["1"]}).to_parquet(tmp_path / "b.parquet")
    with pytest.raises(TextmineError, match=r"--header-row is for \.xlsx and \.csv files; a \.parquet file"):
        columns_of(table_parts(tmp_path / "b.parquet", header_row=2))
