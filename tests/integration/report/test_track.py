"""``textmine track`` on two periods built from the corpus's recurring-problem groups.

Period 1 holds the first half of each group (rounded up), every fifth group whole (a problem that does not
come back), and 150 records outside any group; period 2 the rest of each group and 150 other records.
Records carry the corpus's labels (the classification is given, so what is measured is the tracking).
Both periods are clustered, period 2 with ``--update`` of period 1's clusters. The register of period 1
is written by ``textmine report``; every problem is marked 已整改, notes are typed into some rows, a unit is
corrected, a column, a row and a sheet are added. Then ``textmine track`` runs on period 2.
"""

import json
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.paths import CORPORA, ROOT
from tests.report_data import make_periods

OTHERS = 150


def textmine(*args) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done


def periods():
    records = [
        json.loads(line)
        for split in ("train", "dev", "test")
        for line in open(CORPORA / f"{split}.jsonl", encoding="utf-8")
    ]
    first, second, continuing = make_periods(records, OTHERS)
    return first, second, continuing, records


def write_period(path, period):
    frame = pd.DataFrame(
        {
            "编号": [r["id"] for r in period],
            "反映内容": [r["text"] for r in period],
            "日期": [r["date"] or "" for r in period],
            "labels": [";".join(r["labels"]) for r in period],
            "subtypes": [";".join(r["subtypes"]) for r in period],
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8-sig")


def staff_edit(path, out):
    """Every problem 已整改 with a deadline; notes in every third row; a unit corrected; a column, a row
    and a sheet added. Returns what was typed, by 问题编号."""
    book = load_workbook(path)
    sheet = book["问题清单"]
    col = {c.value: c.column for c in sheet[1]}
    extra = sheet.max_column + 1
    sheet.cell(row=1, column=extra, value="督办领导")
    typed: dict[str, dict[str, str]] = {}
    for row in range(2, sheet.max_row + 1):
        number = sheet.cell(row=row, column=1).value
        edits = {"整改状态": "已整改", "整改时限": "2024-06-30"}
        if row % 3 == 0:
            edits |= {"备注": f"第{row}行：已约谈责任人", "责任单位": "县纪委监委第二监督检查室", "督办领导": "王某"}
        if row == 4:
            edits["被反映单位"] = "（人工核实）某县住建局"
        for column, value in edits.items():
            sheet.cell(row=row, column=col.get(column, extra), value=value)
        typed[number] = edits
    added = sheet.max_row + 1
    sheet.cell(row=added, column=col["问题摘要"], value="工作人员补录：某村低保评定优亲厚友")
    sheet.cell(row=added, column=col["备注"], value="来源：群众来访")
    book.create_sheet("督办记录").append(["日期", "督办事项"])
    book.save(out)
    return typed


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("track")
    first, second, continuing, records = periods()
    write_period(folder / "p1.csv", first)
    write_period(folder / "p2.csv", second)
    textmine("cluster", folder / "p1.csv", "-o", folder / "p1c.csv", "--summary", folder / "s1.json")
    textmine("cluster", folder / "p2.csv", "-o", folder / "p2c.csv", "--update", folder / "s1.json")
    textmine("report", folder / "p1c.csv", "-o", folder / "r1.html", "--xlsx", folder / "清单1.xlsx")
    typed = staff_edit(folder / "清单1.xlsx", folder / "清单1改.xlsx")
    done = textmine(
        "track", folder / "p2c.csv", "--register", folder / "清单1改.xlsx", "-o", folder / "清单2.xlsx",
        "--report", folder / "回头看.html",
    )  # fmt: skip
    book = load_workbook(folder / "清单2.xlsx")
    return book, typed, continuing, records, first, second, folder, done.stderr


def rows_of(book):
    sheet = book["问题清单"]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_rebound_recall_and_false_rebounds(tracked):
    book, typed, continuing, records, first, _second, _, _ = tracked
    group_of = {r["id"]: r["group"] for r in records if r["group"]}
    in_first = {r["id"] for r in first}
    recalled, false, register = set(), 0, [r for r in rows_of(book) if r["问题编号"] in typed]
    for row in register:
        ids = (row["记录编号"] or "").split(";")
        old = {group_of.get(i) for i in ids if i in in_first} - {None}
        new = {group_of.get(i) for i in ids if i not in in_first} - {None}
        if row["跟踪结论"] == "整改后反弹":
            hits = old & new & continuing
            recalled |= hits
            false += not hits
    recall, false_share = len(recalled) / len(continuing), false / len(register)
    print(f"rebound recall {recall:.3f} of {len(continuing)} groups; false rebounds {false} of {len(register)}")
    assert recall >= 0.9
    assert false_share <= 0.05


def test_every_staff_edit_is_kept(tracked):
    book, typed, *_ = tracked
    rows = {r["问题编号"]: r for r in rows_of(book)}
    for number, edits in typed.items():
        for column, value in edits.items():
            assert rows[number][column] == value, (number, column)
    added = [r for r in rows.values() if r["问题摘要"] == "工作人员补录：某村低保评定优亲厚友"]
    assert len(added) == 1 and added[0]["备注"] == "来源：群众来访" and added[0]["问题编号"]
    assert "督办记录" in book.sheetnames


def test_conclusions_dates_and_new_numbers(tracked):
    book, typed, _, _, _, second, folder, stderr = tracked
    rows = rows_of(book)
    numbers = [r["问题编号"] for r in rows]
    assert len(numbers) == len(set(numbers))
    old = [r for r in rows if r["问题编号"] in typed]
    new = [r for r in rows if r["问题编号"] not in typed and r["问题摘要"] != "工作人员补录：某村低保评定优亲厚友"]
    assert {r["跟踪结论"] for r in old} <= {"整改后反弹", "本期无反映"}  # every problem was marked 已整改
    assert new and {r["跟踪结论"] for r in new} == {"新发现"}
    assert min(n["问题编号"] for n in new) > max(typed)
    for row in old:
        if row["跟踪结论"] == "整改后反弹":
            assert row["新增反映件数"] >= 1 and "已整改（整改时限 2024-06-30）后本期再次反映" in row["跟踪说明"]
        else:
            assert row["新增反映件数"] == 0
    dated = {r["id"]: r["date"] for r in second if r["date"]}
    some = next(r for r in old if r["跟踪结论"] == "整改后反弹" and any(i in dated for i in r["记录编号"].split(";")))
    assert any(dated[i] in some["跟踪说明"] for i in some["记录编号"].split(";") if i in dated)
    page = (folder / "回头看.html").read_text(encoding="utf-8")
    assert page.index('id="review"') < page.index('id="labels"')
    assert page.index("整改后反弹回潮") < page.index("持续反映（") < page.index("新发现问题")
    assert "整改后反弹" in stderr
