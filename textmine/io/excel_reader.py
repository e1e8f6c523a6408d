"""Excel workbooks (.xlsx): the first visible sheet with something in it (or the one asked for), the header
row found by its content, merged cells of the data filled, and formulas whose value was never saved flagged.

A workbook often opens on a sheet of notes left empty, or a cover sheet with nothing in it: when no sheet is
asked for, empty sheets are passed over (a note names the sheet read); a sheet asked for that is empty is
an error.

Registers often carry a title merged across every column above the header, and notes or a data row with
an extra cell below it. The header is the row, among the first 30, that looks most like column names:
usual column names count most, then distinct short text cells (not numbers, dates or sentences). Merged
cells are filled only below the header, so a merged title never looks like a full row. ``header_row``
(1-based) names the row instead.

>>> header_score(["2024年信访件登记表", None, None])
(0, 1)
>>> header_score(["编号", "来源", "反映内容"]) > header_score([1, "来信", "镇干部公车私用，请查处"])
True
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.columns import is_known_column
from textmine.io.formats import openpyxl
from textmine.io.packages import check_package, formulas_without_values, sheet_parts
from textmine.io.tables import TableReader, batched, source_name, unique_names

SMALL_WORKBOOK_BYTES = 30 * 1024 * 1024
HEADER_LOOK = 30
LONGEST_NAME = 30
SENTENCE = re.compile(r"[，。！？；,.!?;]")
NUMBER_OR_DATE = re.compile(r"^[-+]?[\d.,:/\- 年月日时分秒]+$")

log = logging.getLogger(__name__)


class ExcelReader(TableReader):
    """An .xlsx sheet: by name or 0-based position, else the first visible one that is not empty."""

    def __init__(self, path: str | Path, sheet: str | int | None = None, header_row: int | None = None) -> None:
        self.path = Path(path)
        check_package(self.path, source_name(path))
        read_only = self.path.stat().st_size > SMALL_WORKBOOK_BYTES
        try:
            self.workbook = openpyxl.load_workbook(self.path, read_only=read_only, data_only=True)
        except Exception as err:  # openpyxl raises many kinds for a damaged file
            raise TextmineError(f"{source_name(path)} could not be opened as an Excel workbook: {err}") from None
        self.sheet, first = _choose_sheet(self.workbook, sheet, path, header_row)
        self.header_row = _header_row(first, header_row, self.sheet.title)
        header = first[self.header_row - 1]
        if not read_only:
            _fill_merged_cells(self.sheet, below=self.header_row)
        self.columns = unique_names(["" if v is None else str(v).strip() for v in header])
        part = sheet_parts(self.path).get(self.sheet.title)
        self.unsaved_formulas: dict[int, list[int]] = {}
        for row, column in sorted(formulas_without_values(self.path, part) if part else ()):
            self.unsaved_formulas.setdefault(row, []).append(column)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        width = len(self.columns)

        def rows() -> Iterator[tuple[list[Any], str]]:
            first = self.header_row + 1
            for number, values in enumerate(self.sheet.iter_rows(min_row=first, values_only=True), first):
                values = list(values[:width]) + [None] * (width - len(values))
                error = self._formula_error(number, values)
                if not error and all(v is None or v == "" for v in values):
                    continue  # an empty row is no record
                yield values, error

        yield from batched(rows(), size, self._frame)

    def _formula_error(self, row: int, values: list[Any]) -> str:
        columns = [self.columns[c - 1] for c in self.unsaved_formulas.get(row, ()) if c <= len(values)]
        columns = [name for name in columns if values[self.columns.index(name)] in (None, "")]
        if not columns:
            return ""
        return (
            f"formula without a saved value in column {', '.join(columns)}; "
            "open and save the file in Excel or LibreOffice to compute it"
        )


def pick_sheet(workbook, sheet: str | int | None, path):
    """The sheet asked for (a name or a 0-based position), else the first visible sheet."""
    names = workbook.sheetnames
    if sheet is None:
        return workbook[_visible_names(workbook)[0]]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit()):
        index = int(sheet)
        if 0 <= index < len(names):
            return workbook[names[index]]
    elif sheet in names:
        return workbook[sheet]
    raise TextmineError(f"{source_name(path)} has no sheet {sheet!r}; its sheets are: {', '.join(names)}")


def _choose_sheet(workbook, sheet: str | int | None, path, header_row: int | None) -> tuple[Any, list[tuple]]:
    """The sheet to read and its first rows: the one asked for, else the first visible sheet with a filled
    cell among its first rows (a note names it when sheets before it are empty)."""
    if sheet is not None:
        chosen = pick_sheet(workbook, sheet, path)
        return chosen, _first_rows(chosen, header_row)
    candidates = [workbook[name] for name in _visible_names(workbook)]
    for k, candidate in enumerate(candidates):
        rows = _first_rows(candidate, header_row)
        if any(_filled(value) for row in rows for value in row):
            if k:
                _note_empty_sheets_passed([c.title for c in candidates[:k]], candidate.title)
            return candidate, rows
    if len(candidates) > 1:
        titles = ", ".join(repr(c.title) for c in candidates)
        raise TextmineError(f"every sheet of {source_name(path)} is empty ({titles})")
    return candidates[0], _first_rows(candidates[0], header_row)  # its header cannot be found: one sentence


def _first_rows(sheet, header_row: int | None) -> list[tuple]:
    """The rows the header is looked for in (and the named header row, if further down)."""
    return list(sheet.iter_rows(min_row=1, max_row=max(HEADER_LOOK, header_row or 0), values_only=True))


def _visible_names(workbook) -> list[str]:
    """The names of the visible sheets, or of every sheet when none is visible."""
    names = workbook.sheetnames
    return [name for name in names if workbook[name].sheet_state == "visible"] or names


def _note_empty_sheets_passed(empty: list[str], read: str) -> None:
    titles = ", ".join(repr(title) for title in empty)
    verb = "is" if len(empty) == 1 else "are"
    log.info("read sheet %r: %s %s empty (choose another with --sheet)", read, titles, verb)


def _fill_merged_cells(sheet, below: int) -> None:
    """Give every cell of a merged range below the header the range's value."""
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row <= below:
            continue
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in sheet.iter_rows(merged.min_row, merged.max_row, merged.min_col, merged.max_col):
            for cell in row:
                cell.value = value


def _header_row(first: list[tuple], wanted: int | None, title: str) -> int:
    """The header's row number (1-based): ``wanted``, or the row that looks most like column names."""
    if wanted is not None:
        if wanted < 1 or wanted > len(first) or not any(_filled(v) for v in first[wanted - 1]):
            raise TextmineError(f"row {wanted} of sheet {title!r} is empty; it cannot be the header (--header-row)")
        return wanted
    scores = [header_score(row) for row in first]
    if not scores or max(sum(map(_filled, row)) for row in first) == 0:
        raise TextmineError(f"sheet {title!r} is empty")
    best = max(scores)
    if best == (0, 0):  # no text at all: the fullest row
        counts = [sum(map(_filled, row)) for row in first]
        return counts.index(max(counts)) + 1
    return scores.index(best) + 1


def header_score(row: tuple | list) -> tuple[int, int]:
    """(usual column names, other distinct name-like cells) of a row: higher looks more like a header."""
    cells = [v for v in row if _filled(v)]
    texts = {str(v).strip() for v in cells if _name_like(v)}
    known = sum(1 for text in texts if is_known_column(text))
    return known, len(texts) - known


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _name_like(value: Any) -> bool:
    """A short text that is not a number, a date or a sentence."""
    if not isinstance(value, str) or isinstance(value, bool):
        return False
    text = value.strip()
    return 0 < len(text) <= LONGEST_NAME and not SENTENCE.search(text) and not NUMBER_OR_DATE.match(text)
