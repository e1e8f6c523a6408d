"""The register: numbers, staff columns and what staff typed, kept across versions."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.errors import TextmineError
from textmine.report.problems import problem_table
from textmine.report.records import prepare_records
from textmine.report.register import (
    NUMBER,
    REGISTER_COLUMNS,
    read_register,
    same_value,
)
from textmine.report.track import track
from textmine.report.workbook import save_register, write_problem_list

FIRST = pd.DataFrame(
    {
        "id": ["a1", "a2", "a3"],
        "text": ["柳河村会计挪用修路款三万元，至今未还。", "县教育局食堂超标准接待检查组，喝茅台。", "表扬县医院医生"],
        "labels": ["corruption", "extravagance", ""],
        "date": ["2024-01-05", "2024-01-20", "2024-01-21"],
    }
)


@pytest.fixture()
def register_path(tmp_path):
    records = prepare_records(FIRST)
    path = tmp_path / "问题清单.xlsx"
    write_problem_list(path, problem_table(records), records)
    return path


def test_new_register_has_numbers_staff_columns_and_hidden_stores(register_path):
    book = load_workbook(register_path)
    sheet = book["问题清单"]
    assert [c.value for c in sheet[1]] == list(REGISTER_COLUMNS)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Q0001", "Q0002"]  # the praise raises no problem
    assert {r[REGISTER_COLUMNS.index("跟踪结论")] for r in rows} == {"新发现"}
    assert all(r[REGISTER_COLUMNS.index(c)] is None for r in rows for c in ("整改状态", "整改时限", "责任单位", "备注"))
    assert {name: book[name].sheet_state for name in book.sheetnames if name.startswith("_")} == {
        "_textmine_problems": "hidden", "_textmine_records": "hidden", "_textmine": "hidden"
    }  # fmt: skip
    validations = sheet.data_validations.dataValidation
    assert validations and "已销号" in validations[0].formula1


def edit_as_staff(path, out):
    """Mark problems, type notes, correct a unit, add a column, a row and a sheet, as a person would."""
    book = load_workbook(path)
    sheet = book["问题清单"]
    col = {c.value: c.column for c in sheet[1]}
    sheet.cell(row=2, column=col["整改状态"], value="已整改")
    sheet.cell(row=2, column=col["整改时限"], value="2024-03-31")
    sheet.cell(row=2, column=col["备注"], value="已约谈村会计")
    sheet.cell(row=3, column=col["整改状态"], value="整改中")
    sheet.cell(row=3, column=col["被反映单位"], value="县教育局（核实后）")
    sheet.cell(row=1, column=sheet.max_column + 1, value="督办人")
    sheet.cell(row=2, column=sheet.max_column, value="李某")
    sheet.cell(row=4, column=col["问题摘要"], value="工作人员补录：某村低保优亲厚友")
    book.create_sheet("督办记录").append(["日期", "事项"])
    book.save(out)


SECOND = pd.DataFrame(
    {
        "id": ["b1", "b2", "b3"],
        "text": [
            "柳河村会计把修路款三万元挪去放贷，到现在还没还回来。",
            "县林业局局长公车私用接送孩子上学。",
            "县林业局局长天天开公车接送孩子。",
        ],
        "labels": ["corruption", "hedonism", "hedonism"],
        "date": ["2024-05-02", "2024-05-06", ""],
    }
)


def test_track_keeps_every_staff_edit_and_appends_new_problems(register_path, tmp_path):
    edited = tmp_path / "edited.xlsx"
    edit_as_staff(register_path, edited)
    register = read_register(edited)
    records = prepare_records(SECOND)
    result = track(register, records)
    out = tmp_path / "新问题清单.xlsx"
    save_register(out, register, records)

    book = load_workbook(out)
    assert "督办记录" in book.sheetnames
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Q0001"]["备注"] == "已约谈村会计" and rows["Q0001"]["督办人"] == "李某"
    assert rows["Q0001"]["整改时限"] == "2024-03-31" and rows["Q0001"]["整改状态"] == "已整改"
    assert rows["Q0002"]["被反映单位"] == "县教育局（核实后）"  # a corrected textmine cell stays
    assert rows["Q0003"]["问题摘要"] == "工作人员补录：某村低保优亲厚友"  # the staff row got a number
    assert rows["Q0001"]["跟踪结论"] == "整改后反弹" and rows["Q0001"]["新增反映件数"] == 1
    assert "2024-03-31" in rows["Q0001"]["跟踪说明"] and "2024-05-02" in rows["Q0001"]["跟踪说明"]
    assert rows["Q0001"]["反映件数"] == 2 and rows["Q0001"]["记录编号"] == "a1;b1"
    assert rows["Q0002"]["跟踪结论"] == "本期无反映" and rows["Q0003"]["跟踪结论"] == "本期无反映"
    # without clustering each new record is its own problem
    assert rows["Q0004"]["跟踪结论"] == rows["Q0005"]["跟踪结论"] == "新发现" and rows["Q0004"]["反映件数"] == 1
    assert result.new_numbers == ["Q0004", "Q0005"] and [r.number for r in result.rebounds] == ["Q0001"]
    assert ("Q0002", "被反映单位") in result.staff_edits and ("Q0001", "督办人") in result.staff_edits


def test_a_textmine_cell_staff_changed_is_never_overwritten(register_path, tmp_path):
    register = read_register(register_path)
    row = register.rows[0]
    assert register.set(row, "跟踪说明", "第一次")
    register.sheet.cell(row=row.row, column=register.header["跟踪说明"], value="人工改写")
    row.values["跟踪说明"] = "人工改写"
    assert not register.set(row, "跟踪说明", "第二次")
    assert register.sheet.cell(row=row.row, column=register.header["跟踪说明"]).value == "人工改写"


def test_numbers_are_never_given_twice(register_path, tmp_path):
    book = load_workbook(register_path)
    book["问题清单"].delete_rows(3)  # staff removed Q0002
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    register = read_register(edited)
    records = prepare_records(SECOND)
    result = track(register, records)
    assert result.new_numbers[0] == "Q0003"
    assert NUMBER in register.header


def test_text_that_looks_like_a_formula_is_neutralised_as_in_every_other_sheet(tmp_path):
    records = prepare_records(
        pd.DataFrame({"id": ["=1+1"], "text": ["=HYPERLINK(1) 村会计挪用修路款"], "labels": ["corruption"]})
    )
    path = tmp_path / "r.xlsx"
    write_problem_list(path, problem_table(records), records)
    sheet = load_workbook(path)["问题清单"]
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    assert sheet[f"{header['问题摘要']}2"].value == "'=HYPERLINK(1) 村会计挪用修路款"
    assert sheet[f"{header['记录编号']}2"].value == "'=1+1"


def test_a_file_that_is_not_a_register_is_one_sentence(tmp_path):
    path = tmp_path / "other.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, index=False)
    with pytest.raises(TextmineError, match="问题编号"):
        read_register(path)
    with pytest.raises(TextmineError, match="does not exist"):
        read_register(tmp_path / "missing.xlsx")


def test_same_value_reads_cells_as_people_do():
    assert same_value(3, "3.0") and same_value(None, "") and not same_value("已整改", "整改中")


def test_a_renamed_number_column_is_still_read_and_its_header_kept(register_path, tmp_path):
    book = load_workbook(register_path)
    book["问题清单"]["A1"] = "编号"  # staff renamed 问题编号
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    register = read_register(renamed)
    records = prepare_records(SECOND)
    result = track(register, records)
    out = tmp_path / "新问题清单.xlsx"
    save_register(out, register, records)
    sheet = load_workbook(out)["问题清单"]
    assert sheet["A1"].value == "编号"
    numbers = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == ["Q0001", "Q0002", *result.new_numbers] and result.new_numbers
    assert result.conclusions["Q0001"] == "持续反映"


def test_a_register_without_its_number_column_is_one_sentence(register_path, tmp_path):
    book = load_workbook(register_path)
    book["问题清单"].delete_cols(1)
    damaged = tmp_path / "damaged.xlsx"
    book.save(damaged)
    with pytest.raises(TextmineError, match="has no 问题编号 column"):
        read_register(damaged)


def test_ids_numbered_from_one_again_are_new_records_but_the_same_record_is_not_counted_twice(register_path):
    again = SECOND.assign(id=["a1", "a2", "a3"])  # this period's rows numbered as the last period's
    result = track(read_register(register_path), prepare_records(again))
    assert result.already_kept == 0 and result.conclusions["Q0001"] == "持续反映"
    repeated = track(read_register(register_path), prepare_records(FIRST))
    assert repeated.already_kept == 2  # the two records behind its problems; the praise was never kept
    assert set(repeated.conclusions.values()) == {"本期无反映"}


def test_a_period_where_no_record_raises_a_problem_leaves_every_problem_quiet(register_path):
    quiet = SECOND.assign(labels="")
    result = track(read_register(register_path), prepare_records(quiet))
    assert result.counts() == {"新发现": 0, "持续反映": 0, "整改后反弹": 0, "本期无反映": 2}


def test_a_cleared_number_is_given_back_and_a_number_on_two_rows_is_tracked_once(register_path, tmp_path):
    book = load_workbook(register_path)
    book["问题清单"]["A2"] = None  # staff cleared Q0001's number
    cleared = tmp_path / "cleared.xlsx"
    book.save(cleared)
    result = track(read_register(cleared), prepare_records(SECOND))
    assert result.conclusions["Q0001"] == "持续反映" and "Q0001" not in result.new_numbers
    book["问题清单"]["A2"], book["问题清单"]["A3"] = "Q0001", "Q0001"  # and typed Q0001 on the next row too
    book.save(cleared)
    assert track(read_register(cleared), prepare_records(SECOND)).repeated_numbers == ["Q0001"]
