"""The problem list as an Excel workbook: the problems, one sheet per label, and every record.

Every sheet has Chinese headers, a bold frozen header row, a filter and sized columns; text
cells never turn into formulas. The file is written beside the target and renamed at the end.

>>> import tempfile, pathlib
>>> from textmine.report.problems import problem_table
>>> from textmine.report.records import prepare_records
>>> records = prepare_records(pd.DataFrame({"编号": ["A1", "A2"], "反映内容": ["村会计挪用修路款3万元", "=HYPERLINK(1)"],
...                                         "labels": ["corruption", "formalism"]}))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "问题清单.xlsx"
>>> write_problem_list(path, problem_table(records), records)
['问题清单', '形式主义', '腐败问题', '全部记录']
>>> openpyxl.load_workbook(path)["全部记录"]["A3"].value, openpyxl.load_workbook(path)["问题清单"]["A1"].value
('A2', '序号')
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output, output_folder
from textmine.io.formats import openpyxl
from textmine.io.writers import column_widths, excel_value
from textmine.report.problems import PROBLEM_COLUMNS, is_problem
from textmine.taxonomy import Taxonomy, load_taxonomy

PROBLEM_SHEET = "问题清单"
RECORDS_SHEET = "全部记录"
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
LABEL_SHEET_COLUMNS = ("编号", "子类", "得分", "被反映单位", "地点", "涉及金额", "月份", "问题群", "内容")


def label_sheet(records: pd.DataFrame, label: str, taxonomy: Taxonomy) -> pd.DataFrame:
    """The records that raise ``label``, most confident first."""
    holding = records[records.apply(is_problem, axis=1) & records["labels"].map(lambda ls: label in ls)]
    rows = [
        {
            "编号": r["id"],
            "子类": "、".join(_name(taxonomy, s) for s in r["subtypes"] if s.startswith(label + ".") or s == label),
            "得分": round(r["scores"].get(label, 0.0), 4),
            "被反映单位": r["unit"] or "",
            "地点": r["place"] or "",
            "涉及金额": r["amount_yuan"],
            "月份": r["month"] or "",
            "问题群": r["cluster"] + 1 if r["cluster"] >= 0 else "",
            "内容": r["text"],
        }
        for _, r in holding.iterrows()
    ]
    table = pd.DataFrame(rows, columns=list(LABEL_SHEET_COLUMNS))
    return table.sort_values("得分", ascending=False, kind="stable").reset_index(drop=True)


def records_sheet(records: pd.DataFrame, taxonomy: Taxonomy, label_ids: list[str]) -> pd.DataFrame:
    """Every record with its results and what was extracted from it."""
    table = pd.DataFrame(
        {
            "编号": records["id"],
            "问题类别": records["labels"].map(lambda ls: "、".join(_name(taxonomy, x) for x in ls)),
            "子类": records["subtypes"].map(lambda ls: "、".join(_name(taxonomy, x) for x in ls)),
            "被反映单位": records["units"].map("；".join),
            "地点": records["places"].map("；".join),
            "职务": records["roles"].map("；".join),
            "涉及金额": records["amount_yuan"],
            "月份": records["month"].fillna(""),
            "问题群": records["cluster"].map(lambda c: c + 1 if c >= 0 else ""),
            "重复于": records["duplicate_of"].fillna(""),
            "错误": records["error"],
        }
    )
    for label in label_ids:
        table[f"得分_{_name(taxonomy, label)}"] = records["scores"].map(lambda s, label=label: s.get(label))
    table["内容"] = records["text"]
    return table


def write_problem_list(
    path: str | Path, problems: pd.DataFrame, records: pd.DataFrame, taxonomy: Taxonomy | None = None
) -> list[str]:
    """Write the workbook; returns its sheet names in order."""
    taxonomy = taxonomy or load_taxonomy()
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise TextmineError(f"the problem list is an Excel file; give it a name ending in .xlsx, not {path.name!r}")
    output_folder(path)  # before any sheet is made
    counts = {label for labels in records["labels"] for label in labels}
    label_ids = [label for label in taxonomy.label_ids if label in counts] + sorted(counts - set(taxonomy.label_ids))
    workbook = openpyxl.Workbook(write_only=True)
    names: list[str] = []
    _write_sheet(workbook, _sheet_name(PROBLEM_SHEET, names), problems[list(PROBLEM_COLUMNS)])
    for label in label_ids:
        _write_sheet(workbook, _sheet_name(_name(taxonomy, label), names), label_sheet(records, label, taxonomy))
    _write_sheet(workbook, _sheet_name(RECORDS_SHEET, names), records_sheet(records, taxonomy, label_ids))
    with atomic_output(path) as temp:
        workbook.save(temp)
    return names


def _sheet_name(wanted: str, taken: list[str]) -> str:
    name = SHEET_NAME_BAD.sub("_", wanted)[:31] or "Sheet"
    base, k = name, 2
    while name in taken:
        name = f"{base[:28]}_{k}"
        k += 1
    taken.append(name)
    return name


def _write_sheet(workbook, name: str, frame: pd.DataFrame) -> None:
    sheet = workbook.create_sheet(name)
    widths = column_widths(frame, widest=70)
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(max(len(frame.columns), 1))}{len(frame) + 1}"
    bold, wrap = openpyxl.styles.Font(bold=True), openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    header = []
    for column in frame.columns:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=excel_value(str(column)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wide = {k for k, w in enumerate(widths.values()) if w >= 60}
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for k, value in enumerate(row):
            value = excel_value(value)
            if k in wide and isinstance(value, str):
                cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
                cell.alignment = wrap
                value = cell
            cells.append(value)
        sheet.append(cells)


def _name(taxonomy: Taxonomy, category_id: str) -> str:
    return taxonomy.name_of(category_id) if category_id in taxonomy else category_id
