"""The problem list kept as a register (问题清单台账): stable numbers, staff columns, and what staff typed kept.

Each problem has a stable ``问题编号`` (Q0001, Q0002 …; a number is never given twice) and the columns
staff fill in: ``整改状态`` (未整改 / 整改中 / 已整改 / 已销号), ``整改时限``, ``责任单位`` and ``备注``. textmine
writes the other columns (``SYSTEM_COLUMNS``) and remembers, in a hidden sheet, the value it wrote in each
cell. When the register is read again a cell whose value differs from that is a staff edit, and
:meth:`Register.set` never overwrites it; columns, rows and sheets staff added are left where they are.

Hidden sheets: ``_textmine_problems`` (per problem the values textmine wrote and its cluster),
``_textmine_records`` (the records behind each problem, to match later reports against and to count
trends by month) and ``_textmine`` (the next number, the period, the sheets textmine owns).

>>> parse_status("已整改完毕"), parse_status("已销号"), parse_status(""), parse_status("正在整改")
('已整改', '已销号', '未整改', '整改中')
>>> number_of(12), number_value("Q0012"), number_value("备注")
('Q0012', 12, None)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from textmine.errors import TextmineError
from textmine.io.formats import openpyxl
from textmine.io.packages import check_package
from textmine.io.writers import ILLEGAL_XML, neutralise

REGISTER_SHEET = "问题清单"
NUMBER = "问题编号"
SYSTEM_COLUMNS = (
    NUMBER, "问题类别", "子类", "被反映单位", "地点", "问题摘要", "涉及金额", "反映件数", "重复件数",
    "新增反映件数", "跟踪结论", "跟踪说明", "首次反映", "最近反映", "记录编号",
)  # fmt: skip
STAFF_COLUMNS = ("整改状态", "整改时限", "责任单位", "备注")
REGISTER_COLUMNS = SYSTEM_COLUMNS + STAFF_COLUMNS
STATUSES = ("未整改", "整改中", "已整改", "已销号")
RECTIFIED = frozenset({"已整改", "已销号"})
NEW, CONTINUING, REBOUND, QUIET = "新发现", "持续反映", "整改后反弹", "本期无反映"
PROBLEMS_STORE, RECORDS_STORE, META_STORE = "_textmine_problems", "_textmine_records", "_textmine"
STORES = frozenset({PROBLEMS_STORE, RECORDS_STORE, META_STORE})
RECORD_STORE_COLUMNS = ("问题编号", "编号", "日期", "类别", "子类", "单位", "地点", "所有地点", "批次", "内容")
STORED_TEXT_CHARS = 4000
NUMBER_PATTERN = re.compile(r"^Q(\d+)$")
HEADER_SEARCH_ROWS = 10


def number_of(value: int) -> str:
    """The 问题编号 of the ``value``-th problem."""
    return f"Q{value:04d}"


def number_value(number: Any) -> int | None:
    """The running number inside a 问题编号, or None when it is not one."""
    match = NUMBER_PATTERN.match(str(number or "").strip())
    return int(match.group(1)) if match else None


def parse_status(value: Any) -> str:
    """One of ``STATUSES`` for what staff typed in 整改状态 (blank and unknown words count as 未整改)."""
    text = cell_text(value)
    if "销号" in text:
        return "已销号"
    if "整改中" in text or "正在" in text or "部分" in text:
        return "整改中"
    if any(word in text for word in ("已整改", "整改完成", "整改到位", "已完成", "已办结")):
        return "已整改"
    return "未整改"


def cell_text(value: Any) -> str:
    """A cell's value as the text a person reads (dates as YYYY-MM-DD, 3.0 as 3)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def same_value(a: Any, b: Any) -> bool:
    """Whether two cell values read the same (None and '' alike, 3 and 3.0 alike)."""
    ta, tb = cell_text(a), cell_text(b)
    if ta == tb:
        return True
    try:
        return float(ta) == float(tb)
    except ValueError:
        return False


def put(sheet, row: int, column: int, value: Any) -> Any:
    """Write a value into a cell as data: text never becomes a formula, characters Excel refuses are
    dropped, numpy numbers become plain ones; returns the value written."""
    if isinstance(value, np.generic):
        value = value.item()
    if (isinstance(value, float) and value != value) or value == "":
        value = None
    if isinstance(value, str):
        value = value.translate(ILLEGAL_XML)[:32767]
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return value


@dataclass
class RegisterRow:
    """One row of the problem sheet: its sheet row, every cell by header, and what textmine last wrote."""

    row: int
    values: dict[str, Any]
    written: dict[str, Any] = field(default_factory=dict)
    cluster: str = ""

    @property
    def number(self) -> str:
        return cell_text(self.values.get(NUMBER))

    @property
    def status(self) -> str:
        return parse_status(self.values.get("整改状态"))

    def edited(self, column: str) -> bool:
        """Whether staff changed this textmine column since textmine wrote it (an empty cell textmine
        never wrote counts as free)."""
        if column in self.written:
            return not same_value(self.values.get(column), self.written[column])
        return cell_text(self.values.get(column)) != ""


@dataclass
class Register:
    """An open register: the workbook, its problem sheet and header, rows, stored records and settings."""

    workbook: Any
    sheet: Any
    header: dict[str, int]
    header_row: int
    rows: list[RegisterRow]
    records: pd.DataFrame
    meta: dict[str, Any]
    kept_edits: list[tuple[str, str]] = field(default_factory=list)
    stored: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)  # number -> (written, cluster)

    def set(self, row: RegisterRow, column: str, value: Any) -> bool:
        """Write a textmine column unless staff edited it; returns whether it was written."""
        if row.edited(column):
            if (row.number, column) not in self.kept_edits:
                self.kept_edits.append((row.number, column))
            return False
        shown = neutralise(value) if isinstance(value, str) else value  # a summary or an id is never a formula
        value = put(self.sheet, row.row, self._column(column), shown)
        row.values[column] = value
        row.written[column] = value
        return True

    def append(self, values: dict[str, Any]) -> RegisterRow:
        """A new problem at the end of the sheet, numbered with the next number."""
        number = self.next_number()
        row = RegisterRow(row=self._last_row() + 1, values={NUMBER: number})
        put(self.sheet, row.row, self._column(NUMBER), number)
        row.written[NUMBER] = number
        for column, value in values.items():
            self.set(row, column, value)
        self.rows.append(row)
        return row

    def staff_edits(self) -> list[tuple[str, str]]:
        """(问题编号, column) of every cell staff typed: staff columns, their own columns, and textmine
        columns they changed."""
        edits = []
        for row in self.rows:
            for column, value in row.values.items():
                ours = column in SYSTEM_COLUMNS and column != NUMBER
                if (ours and row.edited(column)) or (not ours and column != NUMBER and cell_text(value)):
                    edits.append((row.number, column))
        return edits

    def next_number(self) -> str:
        used = [number_value(r.number) or 0 for r in self.rows]
        value = max([int(self.meta.get("next_number", 1)), *(u + 1 for u in used)])
        self.meta["next_number"] = value + 1
        return number_of(value)

    def number_staff_rows(self) -> list[RegisterRow]:
        """Rows without a 问题编号 get one: the number of the problem textmine wrote there when the number was
        only cleared (its summary and category as written, its number on no other row), else the next
        number, so rows staff added can be tracked too. Returns the rows that got a new number."""
        numbered = []
        for row in self.rows:
            if not row.number and any(cell_text(v) for v in row.values.values()):
                number = self._cleared_number(row)
                if number:
                    row.written, row.cluster = self.stored[number]
                else:
                    number = self.next_number()
                    numbered.append(row)
                put(self.sheet, row.row, self._column(NUMBER), number)
                row.values[NUMBER] = row.written[NUMBER] = number
        return numbered

    def _cleared_number(self, row: RegisterRow) -> str | None:
        used = {r.number for r in self.rows}
        for number, (written, _) in self.stored.items():
            wrote = [written.get(c) for c in ("问题摘要", "问题类别")]
            if (
                number not in used
                and all(wrote)
                and all(same_value(row.values.get(c), v) for c, v in zip(("问题摘要", "问题类别"), wrote))
            ):
                return number
        return None

    def _column(self, name: str) -> int:
        if name not in self.header:
            index = max(self.header.values(), default=0) + 1
            put(self.sheet, self.header_row, index, name)
            self.header[name] = index
        return self.header[name]

    def _last_row(self) -> int:
        return max([self.header_row, *(r.row for r in self.rows)])


def new_register() -> Register:
    """An empty register: a workbook with the problem sheet and its header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = REGISTER_SHEET
    for index, name in enumerate(REGISTER_COLUMNS, start=1):
        sheet.cell(row=1, column=index, value=name)
    header = {name: index for index, name in enumerate(REGISTER_COLUMNS, start=1)}
    records = pd.DataFrame(columns=list(RECORD_STORE_COLUMNS))
    return Register(workbook, sheet, header, 1, [], records, {"next_number": 1, "period": 1})


def read_register(path: str | Path, name: str | None = None) -> Register:
    """Open a register written by textmine (and maybe edited by staff); ``name`` is how messages call the
    file (default: its file name). A package that looks like a zip bomb is refused before it is opened."""
    path = Path(path)
    name = name or path.name
    if path.suffix.lower() != ".xlsx":
        raise TextmineError(f"the register is an Excel file (.xlsx), not {name!r}")
    if not path.is_file():
        raise TextmineError(f"the register {str(path)!r} does not exist")
    check_package(path, f"the register {name!r}")
    try:
        workbook = openpyxl.load_workbook(path)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise TextmineError(f"cannot open the register {name!r}: {err}") from None
    sheet, header_row, header = _find_problem_sheet(workbook, name)
    rows = []
    for row_number in range(header_row + 1, sheet.max_row + 1):
        values = {name: sheet.cell(row=row_number, column=col).value for name, col in header.items()}
        if any(cell_text(v) for v in values.values()):
            rows.append(RegisterRow(row=row_number, values=values))
    stored = _read_problem_store(workbook)
    seen: set[str] = set()
    for row in rows:
        if row.number in stored and row.number not in seen:
            row.written, row.cluster = stored[row.number]
        seen.add(row.number)
    meta = _read_meta(workbook)
    return Register(workbook, sheet, header, header_row, rows, _read_record_store(workbook), meta, stored=stored)


def _find_problem_sheet(workbook, name: str):
    """The problem sheet, its header row and header: the first sheet (问题清单 first, textmine's hidden stores
    never) with a 问题编号 header, else one whose column staff renamed still holds the numbers (Q0001 …)."""
    names = [REGISTER_SHEET, *(n for n in workbook.sheetnames if n != REGISTER_SHEET)]
    sheets = [workbook[n] for n in names if n in workbook.sheetnames and n not in STORES]
    for sheet in sheets:
        for row_number in range(1, min(HEADER_SEARCH_ROWS, sheet.max_row) + 1):
            cells = _header_cells(sheet, row_number)
            if NUMBER in cells:
                return sheet, row_number, {k: v for k, v in cells.items() if k}
    for sheet in sheets:
        found = _renamed_number_column(sheet)
        if found:
            return found
    raise TextmineError(
        f"{name!r} has no {NUMBER} column (the problems' numbers, Q0001 …); give a problem list written by "
        f"textmine, with that column's header as it was"
    )


def _header_cells(sheet, row_number: int) -> dict[str, int]:
    return {cell_text(sheet.cell(row=row_number, column=c).value): c for c in range(1, sheet.max_column + 1)}


def _renamed_number_column(sheet):
    """(sheet, header row, header) when a header row has other register columns and a column under it holds
    only problem numbers: its header was renamed, and it is read as the 问题编号 column."""
    for row_number in range(1, min(HEADER_SEARCH_ROWS, sheet.max_row) + 1):
        cells = _header_cells(sheet, row_number)
        if len(set(cells) & set(REGISTER_COLUMNS)) < 3:
            continue
        for column in cells.values():
            below = [
                cell_text(sheet.cell(row=r, column=column).value) for r in range(row_number + 1, sheet.max_row + 1)
            ]
            below = [v for v in below if v]
            if below and all(number_value(v) is not None for v in below):
                named = {k: v for k, v in cells.items() if k and v != column}
                return sheet, row_number, {NUMBER: column, **named}
    return None


def _sheet_rows(workbook, name: str) -> list[list[Any]]:
    if name not in workbook.sheetnames:
        return []
    return [list(r) for r in workbook[name].iter_rows(min_row=2, values_only=True)]


def _read_problem_store(workbook) -> dict[str, tuple[dict[str, Any], str]]:
    stored = {}
    for number, written, cluster in (r[:3] for r in _sheet_rows(workbook, PROBLEMS_STORE) if len(r) >= 3):
        try:
            stored[cell_text(number)] = (json.loads(written or "{}"), cell_text(cluster))
        except json.JSONDecodeError:
            continue
    return stored


def _read_record_store(workbook) -> pd.DataFrame:
    rows = [[cell_text(v) for v in r[: len(RECORD_STORE_COLUMNS)]] for r in _sheet_rows(workbook, RECORDS_STORE)]
    rows = [r + [""] * (len(RECORD_STORE_COLUMNS) - len(r)) for r in rows if any(r)]
    return pd.DataFrame(rows, columns=list(RECORD_STORE_COLUMNS), dtype=object)


def _read_meta(workbook) -> dict[str, Any]:
    meta: dict[str, Any] = {"next_number": 1, "period": 1}
    for row in _sheet_rows(workbook, META_STORE):
        if len(row) >= 2 and row[0]:
            try:
                meta[str(row[0])] = json.loads(row[1]) if row[1] is not None else None
            except (TypeError, json.JSONDecodeError):
                continue
    return meta


def write_stores(register: Register) -> None:
    """Replace the hidden sheets with the register's current state."""
    workbook = register.workbook
    stores = {
        PROBLEMS_STORE: [
            ["问题编号", "写入值", "问题群"],
            *([r.number, json.dumps(_jsonable(r.written), ensure_ascii=False), r.cluster] for r in register.rows),
        ],
        RECORDS_STORE: [list(RECORD_STORE_COLUMNS), *register.records[list(RECORD_STORE_COLUMNS)].values.tolist()],
        META_STORE: [["键", "值"], *([k, json.dumps(v, ensure_ascii=False)] for k, v in register.meta.items())],
    }
    for name, rows in stores.items():
        if name in workbook.sheetnames:
            del workbook[name]
        sheet = workbook.create_sheet(name)
        sheet.sheet_state = "hidden"
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row, start=1):
                put(sheet, row_number, column, _store_value(value))


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, (int, float, str)) or v is None else cell_text(v) for k, v in values.items()}


def stored_text(text: Any) -> str:
    """A record's text as the record store gives it back: cut to ``STORED_TEXT_CHARS``, the characters Excel
    refuses dropped, surrounding space removed.

    >>> stored_text(" 村会计挪用\x07修路款 ")
    '村会计挪用修路款'
    """
    value = _store_value(text)
    return cell_text(value.translate(ILLEGAL_XML) if isinstance(value, str) else value)


def _store_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) > STORED_TEXT_CHARS:
        return value[:STORED_TEXT_CHARS]
    return value
