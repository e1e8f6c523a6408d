"""Excel: the visible sheet, the header found by its content, formulas without a value, zip bombs."""

import logging
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from textmine.errors import TextmineError
from textmine.io import READ_ERROR, open_table

HEADER = ["编号", "来源", "反映内容", "日期"]
ROWS = [["1", "来信", "镇干部公车私用", "2024-01-02"], ["2", "来电", "村支书优亲厚友", "2024-01-05"]]


def read(path, **options) -> pd.DataFrame:
    return pd.concat(list(open_table(path, **options).chunks(10)), ignore_index=True)


def register(path, above=(), below=(), merge_title=False):
    """A register: rows above the header (a title), the header, the data rows."""
    book = Workbook()
    sheet = book.active
    for row in above:
        sheet.append(row)
    sheet.append(HEADER)
    for row in [*ROWS, *below]:
        sheet.append(row)
    if merge_title:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    book.save(path)
    return path


def test_a_title_merged_across_every_column_is_not_the_header(tmp_path):
    path = register(tmp_path / "in.xlsx", above=[["2024年第二季度信访件登记表"], []], merge_title=True)
    frame = read(path)
    assert list(frame.columns[:4]) == HEADER
    assert frame["反映内容"].tolist() == ["镇干部公车私用", "村支书优亲厚友"]


def test_a_data_row_with_an_extra_cell_is_not_the_header(tmp_path):
    extra = ["3", "来访", "村会计把修路款挪去放贷，至今没有归还", "2024-02-01", "已转办"]
    path = register(tmp_path / "in.xlsx", above=[["登记表"]], below=[extra])
    frame = read(path)
    assert list(frame.columns[:4]) == HEADER
    assert frame["编号"].tolist() == ["1", "2", "3"]


def test_header_row_can_be_named(tmp_path):
    path = register(tmp_path / "in.xlsx", above=[["说明", "本表", "由", "系统导出"]])
    assert list(read(path, header_row=2).columns[:4]) == HEADER
    with pytest.raises(TextmineError, match="row 9 of sheet 'Sheet' is empty"):
        open_table(path, header_row=9)


def test_the_first_visible_sheet_is_read_by_default(tmp_path):
    book = Workbook()
    stale = book.active
    stale.title = "旧数据"
    stale.append(HEADER)
    stale.append(["0", "来信", "上个月的旧记录", "2023-12-01"])
    stale.sheet_state = "hidden"
    current = book.create_sheet("登记")
    current.append(HEADER)
    for row in ROWS:
        current.append(row)
    book.save(tmp_path / "in.xlsx")
    assert read(tmp_path / "in.xlsx")["反映内容"].tolist() == ["镇干部公车私用", "村支书优亲厚友"]
    assert read(tmp_path / "in.xlsx", sheet=0)["反映内容"].tolist() == ["上个月的旧记录"]


def test_a_formula_without_a_saved_value_is_flagged_not_empty(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "标题", "反映内容"])
    sheet.append(["1", "吃喝", "镇干部公款吃喝"])
    sheet.append(["2", "修路", '=B3&"款被挪用"'])  # written by a program: no value saved with the formula
    sheet.append(["3", None, "=B4"])
    book.save(tmp_path / "in.xlsx")
    frame = read(tmp_path / "in.xlsx")
    assert frame["编号"].tolist() == ["1", "2", "3"]
    assert frame[READ_ERROR].tolist()[0] == ""
    assert frame[READ_ERROR].tolist()[1].startswith("formula without a saved value in column 反映内容")
    assert frame[READ_ERROR].tolist()[2].startswith("formula without a saved value in column 反映内容")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = register(tmp_path / "in.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open("xl/media/padding.bin", "w") as part:
        for _ in range(40):
            part.write(b"\0" * (1024 * 1024))  # 40 MB that pack to about 40 KB
    assert path.stat().st_size < 200_000
    with pytest.raises(TextmineError, match=r"is refused: its part xl/media/padding.bin unpacks to 40 MB"):
        open_table(path)


def test_a_file_that_is_no_workbook_is_one_sentence(tmp_path):
    (tmp_path / "in.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TextmineError, match="could not be opened"):
        open_table(tmp_path / "in.xlsx")


def notes_then_register(path, empty_sheets=("说明",)):
    """A workbook whose first sheets are empty and whose last holds the register."""
    book = Workbook()
    book.active.title = empty_sheets[0]
    for title in empty_sheets[1:]:
        book.create_sheet(title)
    data = book.create_sheet("登记")
    for row in [HEADER, *ROWS]:
        data.append(row)
    book.save(path)
    return path


def test_an_empty_first_sheet_is_passed_over_with_a_note(tmp_path, caplog):
    path = notes_then_register(tmp_path / "in.xlsx", ("说明", "封面"))
    with caplog.at_level(logging.INFO, logger="textmine.io.excel_reader"):
        frame = read(path)
    assert frame["反映内容"].tolist() == ["镇干部公车私用", "村支书优亲厚友"]
    assert caplog.messages == ["read sheet '登记': '说明', '封面' are empty (choose another with --sheet)"]


def test_an_empty_sheet_asked_for_is_still_an_error(tmp_path):
    path = notes_then_register(tmp_path / "in.xlsx")
    with pytest.raises(TextmineError, match="sheet '说明' is empty"):
        open_table(path, sheet="说明")
    with pytest.raises(TextmineError, match="sheet '说明' is empty"):
        open_table(path, sheet=0)


def test_a_workbook_whose_sheets_are_all_empty_is_one_sentence(tmp_path):
    book = Workbook()
    book.active.title = "说明"
    book.create_sheet("空")
    book.save(tmp_path / "in.xlsx")
    with pytest.raises(TextmineError, match=r"every sheet of '.*in\.xlsx' is empty \('说明', '空'\)"):
        open_table(tmp_path / "in.xlsx")
