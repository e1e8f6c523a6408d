"""Writers for result tables. Each writes to a temporary file beside the output and renames it at
the end, so an interrupted run never leaves a half-written file under the output's name.

Text that a spreadsheet would take for a formula (a cell or a column name beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, or their full-width forms) is written with a leading
apostrophe in CSV, TSV and Excel files, as OWASP advises against CSV injection; numbers stay numbers.
JSON lines and Parquet, read by programs rather than spreadsheets, keep every value as it is.

An Excel cell holds at most 32,767 characters. A longer text is cut to fit, ending in a marker that gives its
whole length, and in a table with an ``error`` column (a result table) that row's error says so too:
CSV, JSON lines and Parquet keep it whole.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
>>> with open_writer(path, bom=False) as writer:
...     writer.write(pd.DataFrame({"=HYPERLINK(1)": ["=1+2", "-3", "@SUM(A1)", "举报"]}))
>>> print(path.read_text(encoding="utf-8"))
'=HYPERLINK(1)
'=1+2
-3
'@SUM(A1)
举报
<BLANKLINE>
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from textmine.errors import TextmineError
from textmine.io.atomic import new_temp_beside, publish
from textmine.io.formats import openpyxl, parquet, pyarrow
from textmine.text.display import display_width

EXCEL_MAX_ROWS = 1_048_576
#: The most characters an Excel cell holds.
EXCEL_MAX_CHARACTERS = 32_767
#: The column of a result row that says what is wrong with it; a cell cut for Excel is noted there.
FLAG_COLUMN = "error"
#: What a cell may not begin with in a spreadsheet file (OWASP, CSV injection), with full-width forms.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
WRITER_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".parquet": "parquet"}


@dataclass(frozen=True)
class EncodedRows:
    """Rows already turned into a writer's text (by its :meth:`TableWriter.encoder`, in a worker process,
    say): the writer appends the text as it is."""

    columns: list[str]
    text: str
    n_rows: int


class TableWriter:
    """Context manager: ``write(frame)`` per chunk; the file appears only when the block ends cleanly.

    Writers of text formats also give an :meth:`encoder`, a picklable function from a frame to
    :class:`EncodedRows`, so that worker processes can do the formatting and ``write`` only appends.
    """

    suffix = ""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.rows_written = 0
        self.first_columns: list[str] | None = None
        self.temp_path = new_temp_beside(self.path)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.close()
                publish(self.temp_path, self.path)
        finally:
            self.discard()

    def discard(self) -> None:
        self.temp_path.unlink(missing_ok=True)

    def write(self, rows: pd.DataFrame | EncodedRows) -> None:
        columns = [str(c) for c in rows.columns]
        if self.first_columns is None:
            self.first_columns = columns
        elif columns != self.first_columns:  # a reader's columns are fixed before the first row
            raise ValueError(f"a chunk with columns {columns} after {self.first_columns}")
        if isinstance(rows, EncodedRows):
            self._write_encoded(rows)
            self.rows_written += rows.n_rows
        else:
            self._write(rows)
            self.rows_written += len(rows)

    def encoder(self) -> Callable[[pd.DataFrame], EncodedRows] | None:
        """A picklable function that formats a frame as this writer would, or None (frames only)."""
        return None

    def _write(self, frame: pd.DataFrame) -> None:
        encode = self.encoder()
        if encode is None:
            raise NotImplementedError
        self._write_encoded(encode(frame))

    def _write_encoded(self, rows: EncodedRows) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


class CsvWriter(TableWriter):
    def __init__(self, path, bom: bool = True, delimiter: str | None = None) -> None:
        super().__init__(path)
        self.encoding = "utf-8-sig" if bom else "utf-8"
        self.delimiter = delimiter or ("\t" if self.path.suffix.lower() == ".tsv" else ",")
        self.columns: list[str] | None = None

    def encoder(self) -> Callable[[pd.DataFrame], EncodedRows]:
        return partial(encode_csv, delimiter=self.delimiter)

    def _write_encoded(self, rows: EncodedRows) -> None:
        first = self.columns is None
        if first:
            self.columns = list(rows.columns)
        encoding = self.encoding if first else "utf-8"
        with open(self.temp_path, "w" if first else "a", encoding=encoding, newline="") as handle:
            if first:
                header = [neutralise(name) for name in self.columns]
                csv.writer(handle, delimiter=self.delimiter, lineterminator="\r\n").writerow(header)
            handle.write(rows.text)


def encode_csv(frame: pd.DataFrame, delimiter: str = ",") -> EncodedRows:
    return EncodedRows(list(frame.columns), csv_lines(frame, delimiter), len(frame))


def csv_lines(frame: pd.DataFrame, delimiter: str = ",") -> str:
    r"""The rows of a frame as CSV text, exactly what ``csv.writer`` (minimal quoting, CRLF) writes, built
    a column at a time: a column none of whose values holds a delimiter, quote or line break is joined as it is.

    >>> csv_lines(pd.DataFrame({"a": ["x,y", "z"], "b": [0.5, None]}))
    '"x,y",0.5\r\nz,\r\n'
    """
    columns = [_csv_fields(frame.iloc[:, k], delimiter) for k in range(frame.shape[1])]
    if len(columns) == 1:  # a row of one empty field is written as "" (else it would read as no row)
        columns = [[field or '""' for field in columns[0]]]
    if not len(frame):
        return ""
    rows = zip(*columns) if columns else ([] for _ in range(len(frame)))
    return "\r\n".join(map(delimiter.join, rows)) + "\r\n"


def _csv_fields(column: pd.Series, delimiter: str) -> list[str]:
    """A column's values as CSV fields: missing values empty, others as ``str()`` gives them (text a
    spreadsheet would take for a formula neutralised), quoted (quotes doubled) where they hold the
    delimiter, a quote or a line break."""
    values = column.tolist()
    missing = column.isna().to_numpy()
    if missing.any():
        values = ["" if gap else value for value, gap in zip(values, missing.tolist())]
    fields = list(map(str, values))
    if any(field.startswith(FORMULA_STARTS) for field in fields):
        fields = list(map(neutralise, fields))
    joined = "".join(fields)
    if not any(special in joined for special in (delimiter, '"', "\n", "\r")):
        return fields
    return [_quoted(f) if (delimiter in f or '"' in f or "\n" in f or "\r" in f) else f for f in fields]


def _quoted(field: str) -> str:
    return '"' + field.replace('"', '""') + '"'


class JsonlWriter(TableWriter):
    def __init__(self, path) -> None:
        super().__init__(path)
        self.handle = open(self.temp_path, "w", encoding="utf-8", newline="\n")

    def encoder(self) -> Callable[[pd.DataFrame], EncodedRows]:
        return encode_jsonl

    def _write_encoded(self, rows: EncodedRows) -> None:
        self.handle.write(rows.text)

    def close(self) -> None:
        self.handle.close()

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        super().discard()


def encode_jsonl(frame: pd.DataFrame) -> EncodedRows:
    """One JSON object per row."""
    columns = list(frame.columns)
    text = "".join(json_line(json_record(columns, row)) for row in frame.itertuples(index=False, name=None))
    return EncodedRows(columns, text, len(frame))


LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: Any) -> str:
    """One JSON line, readable Chinese, with the characters some readers take for line breaks escaped."""
    return json.dumps(value, ensure_ascii=False).translate(LINE_BREAKS) + "\n"


def json_record(columns: list[str], row: tuple) -> dict[str, Any]:
    """One output row as a JSON-ready dict (numpy scalars and NaN made plain)."""
    return {c: _json_value(v) for c, v in zip(columns, row)}


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


class ParquetWriter(TableWriter):
    def __init__(self, path) -> None:
        super().__init__(path)
        self.writer = None
        self.schema = None

    def _write(self, frame: pd.DataFrame) -> None:
        frame = frame.copy()
        for column in frame.columns:
            if frame[column].dtype == object:
                frame[column] = frame[column].map(_parquet_value)
        if self.writer is None:
            table = pyarrow.Table.from_pandas(frame, preserve_index=False)
            # a column empty in the first chunk is text: later chunks may hold values (a late JSON key)
            fields = [
                pyarrow.field(f.name, pyarrow.string()) if pyarrow.types.is_null(f.type) else f for f in table.schema
            ]
            self.schema = pyarrow.schema(fields, metadata=table.schema.metadata)
            table = table.cast(self.schema)
            self.writer = parquet.ParquetWriter(self.temp_path, self.schema)
        else:
            table = pyarrow.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def discard(self) -> None:
        self.close()
        super().discard()


def _parquet_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, list)):
        return value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value != value:
        return None
    return str(value)


class XlsxWriter(TableWriter):
    """A streaming workbook: frozen header, filter, column widths, long text wrapped."""

    def __init__(self, path, sheet_name: str = "结果") -> None:
        super().__init__(path)
        self.workbook = openpyxl.Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(sheet_name)
        self.columns: list[str] | None = None

    def _write(self, frame: pd.DataFrame) -> None:
        if self.rows_written + len(frame) + 1 > EXCEL_MAX_ROWS:
            raise TextmineError(
                f"the output has more rows than Excel allows ({EXCEL_MAX_ROWS:,}); write .csv or .parquet instead"
            )
        if self.columns is None:
            self.columns = [str(c) for c in frame.columns]
            widths = column_widths(frame)
            for letter, width in widths.items():
                self.sheet.column_dimensions[letter].width = width
            self.sheet.freeze_panes = "A2"
            self.wrapped = {i for i, w in enumerate(widths.values()) if w >= 60}
            bold = openpyxl.styles.Font(bold=True)
            header = []
            for name in self.columns:
                cell = openpyxl.cell.WriteOnlyCell(self.sheet, value=excel_value(name))
                cell.font = bold
                header.append(cell)
            self.sheet.append(header)
        wrap = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
        for row in frame.itertuples(index=False, name=None):
            cells = []
            for i, value in enumerate(self._row_values(row)):
                if i in self.wrapped and isinstance(value, str) and len(value) > 60:
                    cell = openpyxl.cell.WriteOnlyCell(self.sheet, value=value)
                    cell.alignment = wrap
                    cells.append(cell)
                else:
                    cells.append(value)
            self.sheet.append(cells)

    def _row_values(self, row: tuple) -> list[Any]:
        """A row's cell values; the columns whose text was cut to fit a cell are named in its error column."""
        values, cut = [], []
        for name, value in zip(self.columns, row):
            value, was_cut = _excel_value(value)
            values.append(value)
            if was_cut:
                cut.append(name)
        if cut and FLAG_COLUMN in self.columns:
            flag = self.columns.index(FLAG_COLUMN)
            values[flag] = excel_value("; ".join(note for note in (values[flag], cut_note(cut)) if note))
        return values

    def close(self) -> None:
        if self.columns:
            last = openpyxl.utils.get_column_letter(len(self.columns))
            self.sheet.auto_filter.ref = f"A1:{last}{self.rows_written + 1}"
        self.workbook.save(self.temp_path)


ILLEGAL_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def excel_value(value: Any) -> Any:
    """A value as an Excel cell holds it: plain Python, lists and objects as JSON, text without the characters
    XML refuses, cut to fit (:func:`cut_for_excel`) and never a formula.

    >>> excel_value(float("nan")), excel_value(["挪用"]), excel_value("=1+2")
    (None, '["挪用"]', "'=1+2")
    """
    return _excel_value(value)[0]


def _excel_value(value: Any) -> tuple[Any, bool]:
    """:func:`excel_value`, and whether its text was cut to fit a cell."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value != value:
        return None, False
    cut = False
    if isinstance(value, str):
        value = value.translate(ILLEGAL_XML)
        if len(value) > EXCEL_MAX_CHARACTERS:
            value, cut = cut_for_excel(value), True
        value = neutralise(value)  # never let a cell become a formula
    return value, cut


def cut_for_excel(text: str) -> str:
    """Text longer than an Excel cell holds, cut to fit (with room for the apostrophe of :func:`neutralise`)
    and ending in a marker that gives its whole length.

    >>> cut = cut_for_excel("举" * 40_000)
    >>> len(cut) < EXCEL_MAX_CHARACTERS, cut[-30:]
    (True, '举…[cut from 40,000 characters]')
    """
    marker = f"…[cut from {len(text):,} characters]"
    return text[: EXCEL_MAX_CHARACTERS - 1 - len(marker)] + marker


def cut_note(columns: list[str]) -> str:
    """What a row's error says of its cells cut to fit Excel.

    >>> cut_note(["反映内容"])
    '反映内容 cut to fit an Excel cell (32,767 characters); a .csv, .jsonl or .parquet output keeps it whole'
    """
    return (
        f"{', '.join(columns)} cut to fit an Excel cell ({EXCEL_MAX_CHARACTERS:,} characters); "
        "a .csv, .jsonl or .parquet output keeps it whole"
    )


def neutralise(text: str) -> str:
    """Text a spreadsheet would read as a formula, with an apostrophe before it (OWASP's advice against CSV
    injection); numbers (``-3``) and a lone dash stay as they are.

    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("+86 138"), neutralise("-0.5"), neutralise("－"), neutralise("正文")
    ("'=cmd|' /C calc'!A0", "'+86 138", '-0.5', '－', '正文')
    """
    if text.startswith(FORMULA_STARTS) and len(text) > 1 and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def column_widths(frame: pd.DataFrame, widest: int = 80) -> dict[str, float]:
    """Excel column widths from the header and the first rows (CJK characters count double)."""
    widths = {}
    sample = frame.head(200)
    for i, column in enumerate(frame.columns):
        texts = [str(column)] + [str(v) for v in sample[column].tolist() if v is not None]
        longest = max(display_width(t[:200]) for t in texts)
        widths[openpyxl.utils.get_column_letter(i + 1)] = float(min(widest, max(8, longest + 2)))
    return widths


def writer_kind(path: str | Path) -> str:
    """The kind of table written to ``path`` (csv, xlsx, jsonl, parquet), from its extension.

    >>> writer_kind("结果.XLSX"), writer_kind("out.tsv")
    ('xlsx', 'csv')
    """
    kind = WRITER_SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise TextmineError(f"cannot write {str(path)!r}: use one of {', '.join(WRITER_SUFFIXES)}")
    return kind


def open_writer(path: str | Path, bom: bool = True) -> TableWriter:
    """A writer chosen by the output's extension."""
    kind = writer_kind(path)
    if kind == "csv":
        return CsvWriter(path, bom=bom)
    if kind == "jsonl":
        return JsonlWriter(path)
    if kind == "parquet":
        return ParquetWriter(path)
    return XlsxWriter(path)
