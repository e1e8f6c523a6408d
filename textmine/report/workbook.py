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
('A2', '问题编号')
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output, output_folder
from textmine.io.formats import openpyxl
from textmine.io.writers import column_widths, excel_value
from textmine.report.entries import add_problems
from textmine.report.problems import is_problem
from textmine.report.register import STATUSES, Register, new_register, put, write_stores
from textmine.taxonomy import Taxonomy, load_taxonomy

PROBLEM_SHEET = "问题清单"
RECORDS_SHEET = "全部记录"
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
REGISTER_WIDTHS = {"问题类别": 16, "子类": 18, "被反映单位": 20, "地点": 18, "问题摘要": 50, "跟踪说明": 40,
                   "记录编号": 24, "整改时限": 14, "责任单位": 18, "备注": 30}  # fmt: skip
WRAPPED = frozenset({"问题摘要", "跟踪说明", "备注"})
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
    """Write a new register: the problem sheet with numbers and staff columns, one sheet per label, every
    record, and the hidden sheets tracking needs. Returns the visible sheet names in order."""
    register = new_register()
    add_problems(register, problems, records, period=1)
    return save_register(path, register, records, taxonomy)


def save_register(path: str | Path, register: Register, records: pd.DataFrame, taxonomy: Taxonomy | None = None):
    """Write ``register`` to ``path`` with this period's label and record sheets (replacing the ones
    textmine wrote before; sheets staff added stay). Returns the visible sheet names in order."""
    taxonomy = taxonomy or load_taxonomy()
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise TextmineError(f"the problem list is an Excel file; give it a name ending in .xlsx, not {path.name!r}")
    output_folder(path)  # before anything is made
    workbook = register.workbook
    for name in register.meta.get("sheets", []):
        if name in workbook.sheetnames and name != register.sheet.title:
            del workbook[name]
    counts = {label for labels in records["labels"] for label in labels}
    label_ids = [label for label in taxonomy.label_ids if label in counts] + sorted(counts - set(taxonomy.label_ids))
    taken = list(workbook.sheetnames)
    owned = []
    for label in label_ids:
        owned.append(
            _write_sheet(workbook, _sheet_name(_name(taxonomy, label), taken), label_sheet(records, label, taxonomy))
        )
    owned.append(_write_sheet(workbook, _sheet_name(RECORDS_SHEET, taken), records_sheet(records, taxonomy, label_ids)))
    register.meta["sheets"] = owned
    _format_problem_sheet(register)
    write_stores(register)
    buffer = io.BytesIO()  # built in memory: a full disk then fails on one plain write, the zip closed
    workbook.save(buffer)
    with atomic_output(path) as temp:
        temp.write_bytes(buffer.getvalue())
    return [name for name in workbook.sheetnames if workbook[name].sheet_state == "visible"]


def _format_problem_sheet(register: Register) -> None:
    """Header bold and frozen, a filter over every row, widths and a status list the first time."""
    sheet, top = register.sheet, register.header_row
    last_column = max(register.header.values())
    sheet.auto_filter.ref = f"A{top}:{openpyxl.utils.get_column_letter(last_column)}{max(sheet.max_row, top + 1)}"
    if register.meta.get("formatted"):
        return
    bold = openpyxl.styles.Font(bold=True)
    wrap = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    for column in range(1, last_column + 1):
        sheet.cell(row=top, column=column).font = bold
    sheet.freeze_panes = f"A{top + 1}"
    for name, index in register.header.items():
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = REGISTER_WIDTHS.get(name, 12)
        if name in WRAPPED:
            for row in range(top + 1, sheet.max_row + 1):
                sheet.cell(row=row, column=index).alignment = wrap
    letter = openpyxl.utils.get_column_letter(register.header["整改状态"])
    statuses = openpyxl.worksheet.datavalidation.DataValidation(
        type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True, showErrorMessage=False
    )
    statuses.add(f"{letter}{top + 1}:{letter}1048576")
    sheet.add_data_validation(statuses)
    register.meta["formatted"] = True


def _sheet_name(wanted: str, taken: list[str]) -> str:
    name = SHEET_NAME_BAD.sub("_", wanted)[:31] or "Sheet"
    base, k = name, 2
    while name in taken:
        name = f"{base[:28]}_{k}"
        k += 1
    taken.append(name)
    return name


def _write_sheet(workbook, name: str, frame: pd.DataFrame) -> str:
    sheet = workbook.create_sheet(name)
    widths = column_widths(frame, widest=70)
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(max(len(frame.columns), 1))}{len(frame) + 1}"
    bold, wrap = openpyxl.styles.Font(bold=True), openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    for k, column in enumerate(frame.columns, start=1):
        put(sheet, 1, k, excel_value(str(column)))
        sheet.cell(row=1, column=k).font = bold
    wide = {k for k, w in enumerate(widths.values()) if w >= 60}
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for k, value in enumerate(row):
            value = put(sheet, r, k + 1, excel_value(value))
            if k in wide and isinstance(value, str):
                sheet.cell(row=r, column=k + 1).alignment = wrap
    return name


def _name(taxonomy: Taxonomy, category_id: str) -> str:
    return taxonomy.name_of(category_id) if category_id in taxonomy else category_id
