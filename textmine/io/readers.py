"""Readers that stream any supported input as chunks of rows (pandas DataFrames of strings).

Every reader yields every row, in order. A row that cannot be read whole is still yielded, with
the reason in the ``READ_ERROR`` column, so the batch goes on and nothing is lost.

>>> reader = open_table("corpora/samples/sample.csv")     # doctest: +SKIP
>>> next(reader.chunks(100)).columns[:3].tolist()          # doctest: +SKIP
['编号', '来源', '反映内容']
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar, TextIO

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.encoding import SAMPLE_BYTES, check_encoding_name, detect_encoding
from textmine.io.formats import docx, openpyxl, parquet

READ_ERROR = "__read_error__"
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}  # fmt: skip
FOLDER_SUFFIXES = (".txt", ".docx")
SMALL_WORKBOOK_BYTES = 30 * 1024 * 1024


class TableReader:
    """Base: ``columns`` (input column names) and ``chunks(size)``."""

    columns: list[str]

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        raise NotImplementedError

    def _frame(self, rows: list[list[Any]], errors: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=self.columns, dtype=object)
        frame[READ_ERROR] = errors
        return frame


def _batched(rows: Iterator[tuple[list[Any], str]], size: int, make) -> Iterator[pd.DataFrame]:
    values: list[list[Any]] = []
    errors: list[str] = []
    for row, error in rows:
        values.append(row)
        errors.append(error)
        if len(values) >= size:
            yield make(values, errors)
            values, errors = [], []
    if values:
        yield make(values, errors)


class CsvReader(TableReader):
    """CSV/TSV with the encoding guessed (or given) and the delimiter sniffed."""

    def __init__(self, source: str | Path | TextIO, encoding: str | None = None, delimiter: str | None = None):
        self.source = source
        if isinstance(source, (str, Path)):
            with open(source, "rb") as handle:
                sample = handle.read(SAMPLE_BYTES)
            self.encoding = check_encoding_name(encoding) if encoding else detect_encoding(sample)
            text_sample = sample.decode(self.encoding, errors="replace")
            self._check_fits(text_sample, encoding)
        else:
            self.encoding = None
            text_sample = ""
        self.delimiter = delimiter or _sniff_delimiter(text_sample, source)
        with self._open() as handle:
            header = next(csv.reader(handle, delimiter=self.delimiter), None)
        if not header:
            raise TextmineError(f"{_name(source)} is empty: it has no header row")
        self.columns = _unique_names(header)

    def _check_fits(self, text_sample: str, given: str | None) -> None:
        if given and text_sample.count("\ufffd") > max(3, len(text_sample) // 1000):
            raise TextmineError(
                f"{_name(self.source)} does not look like {given} text; leave out --encoding to let textmine detect it"
            )

    def _open(self):
        if isinstance(self.source, (str, Path)):
            return open(self.source, encoding=self.encoding, errors="replace", newline="")
        self.source.seek(0)
        return contextlib.nullcontext(self.source)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        width = len(self.columns)
        with self._open() as handle:
            rows = csv.reader(handle, delimiter=self.delimiter)
            next(rows, None)
            while batch := list(islice(rows, size)):
                if {len(row) for row in batch} == {width}:  # the usual case: every row fits
                    yield self._frame(batch, [""] * len(batch))
                else:
                    yield from _batched(self._fitted(batch, width), size, self._frame)

    def _fitted(self, rows: list[list[str]], width: int) -> Iterator[tuple[list[Any], str]]:
        """Rows padded or joined to the header's width, with a flag where fields were too many."""
        for row in rows:
            if len(row) == width:
                yield row, ""
            elif not row:
                continue  # a blank line is no record
            elif len(row) < width:
                yield row + [""] * (width - len(row)), ""
            else:
                extra = self.delimiter.join(row[width - 1 :])
                yield [*row[: width - 1], extra], f"row had {len(row)} fields for {width} columns"


class JsonlReader(TableReader):
    """One JSON object per line; a line that is not an object becomes a flagged row."""

    def __init__(self, source: str | Path | TextIO, encoding: str | None = None):
        self.source = source
        self.encoding = encoding
        self.columns = self._scan_columns()

    def _lines(self) -> Iterator[str]:
        if isinstance(self.source, (str, Path)):
            encoding = self.encoding or "utf-8-sig"
            with open(self.source, encoding=encoding, errors="replace") as handle:
                yield from handle
        else:
            yield from self.source

    def _scan_columns(self) -> list[str]:
        columns: dict[str, None] = {}
        for n, line in enumerate(self._lines()):
            if n >= 1000:
                break
            record = _parse_json_line(line)[0]
            columns.update(dict.fromkeys(record))
        if not columns:
            raise TextmineError(f"{_name(self.source)} has no JSON records")
        return list(columns)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        def rows() -> Iterator[tuple[list[Any], str]]:
            for n, line in enumerate(self._lines(), 1):
                if not line.strip():
                    continue
                record, error = _parse_json_line(line)
                extra = [k for k in record if k not in self.columns]
                for key in extra:
                    self.columns.append(key)
                yield [record.get(c) for c in self.columns], error.format(line=n)

        yield from _batched(rows(), size, lambda r, e: _ragged_frame(r, e, self.columns))


def _ragged_frame(rows: list[list[Any]], errors: list[str], columns: list[str]) -> pd.DataFrame:
    width = len(columns)
    padded = [row + [None] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=list(columns), dtype=object)
    frame[READ_ERROR] = errors
    return frame


def _parse_json_line(line: str) -> tuple[dict[str, Any], str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return {}, "line {line} is not valid JSON"
    if not isinstance(value, dict):
        return {}, "line {line} is not a JSON object"
    return value, ""


class JsonArrayReader(TableReader):
    """A JSON array of objects (read whole: JSON arrays cannot be streamed by line)."""

    def __init__(self, path: str | Path):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig", errors="replace"))
        except json.JSONDecodeError as err:
            raise TextmineError(f"{_name(path)} is not valid JSON ({err}); for one record a line use .jsonl") from None
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), None)
        if not isinstance(data, list):
            raise TextmineError(f"{_name(path)} holds no JSON array of records")
        self.records = data
        columns: dict[str, None] = {}
        for record in data:
            if isinstance(record, dict):
                columns.update(dict.fromkeys(record))
        self.columns = list(columns)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        def rows():
            for n, record in enumerate(self.records, 1):
                if isinstance(record, dict):
                    yield [record.get(c) for c in self.columns], ""
                else:
                    yield [None] * len(self.columns), f"item {n} is not a JSON object"

        yield from _batched(rows(), size, self._frame)


class ParquetReader(TableReader):
    def __init__(self, path: str | Path):
        self.file = parquet.ParquetFile(path)
        self.columns = list(self.file.schema_arrow.names)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        for batch in self.file.iter_batches(batch_size=size):
            frame = batch.to_pandas().astype(object)
            frame[READ_ERROR] = ""
            yield frame


class ExcelReader(TableReader):
    """An .xlsx sheet; the header is the first row as full as the fullest of the first rows."""

    def __init__(self, path: str | Path, sheet: str | int | None = None):
        self.path = Path(path)
        read_only = self.path.stat().st_size > SMALL_WORKBOOK_BYTES
        try:
            self.workbook = openpyxl.load_workbook(self.path, read_only=read_only, data_only=True)
        except Exception as err:  # openpyxl raises many kinds for a damaged file
            raise TextmineError(f"{_name(path)} could not be opened as an Excel workbook: {err}") from None
        self.sheet = _pick_sheet(self.workbook, sheet, path)
        if not read_only:
            _fill_merged_cells(self.sheet)
        self.header_row, header = _find_header(self.sheet)
        self.columns = _unique_names(["" if v is None else str(v).strip() for v in header])

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        width = len(self.columns)

        def rows():
            for values in self.sheet.iter_rows(min_row=self.header_row + 1, values_only=True):
                values = list(values[:width]) + [None] * (width - len(values))
                if all(v is None or v == "" for v in values):
                    continue
                yield values, ""

        yield from _batched(rows(), size, self._frame)


def _pick_sheet(workbook, sheet: str | int | None, path):
    names = workbook.sheetnames
    if sheet is None:
        return workbook[names[0]]
    if isinstance(sheet, int) or (isinstance(sheet, str) and sheet.isdigit()):
        index = int(sheet)
        if 0 <= index < len(names):
            return workbook[names[index]]
    elif sheet in names:
        return workbook[sheet]
    raise TextmineError(f"{_name(path)} has no sheet {sheet!r}; its sheets are: {', '.join(names)}")


def _fill_merged_cells(sheet) -> None:
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in sheet.iter_rows(merged.min_row, merged.max_row, merged.min_col, merged.max_col):
            for cell in row:
                cell.value = value


def _find_header(sheet, look: int = 30) -> tuple[int, list[Any]]:
    first = list(sheet.iter_rows(min_row=1, max_row=look, values_only=True))
    counts = [sum(v is not None and str(v).strip() != "" for v in row) for row in first]
    if not counts or max(counts) == 0:
        raise TextmineError(f"sheet {sheet.title!r} is empty")
    best = max(counts)
    index = next(i for i, c in enumerate(counts) if c >= max(1, best) and c == best)
    return index + 1, list(first[index])


class FolderReader(TableReader):
    """A folder of .txt and .docx files, one record each, the file name as id."""

    columns: ClassVar[list[str]] = ["id", "text"]

    def __init__(self, path: str | Path):
        self.files = sorted(p for p in Path(path).iterdir() if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file())
        if not self.files:
            raise TextmineError(f"folder {_name(path)} has no .txt or .docx files")

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        def rows():
            for file in self.files:
                text, error = _read_document(file)
                yield [file.name, text], error

        yield from _batched(rows(), size, self._frame)


def _read_document(path: Path) -> tuple[str, str]:
    try:
        if path.suffix.lower() == ".docx":
            document = docx.Document(str(path))
            return "\n".join(p.text for p in document.paragraphs), ""
        raw = path.read_bytes()
        return raw.decode(detect_encoding(raw[:SAMPLE_BYTES]), errors="replace"), ""
    except Exception as err:  # a damaged document is flagged, the others go on
        return "", f"could not read {path.name}: {err}"


def _sniff_delimiter(sample: str, source) -> str:
    if isinstance(source, (str, Path)) and str(source).lower().endswith(".tsv"):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample[:20000], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


def _unique_names(header: list[Any]) -> list[str]:
    names: list[str] = []
    for i, value in enumerate(header):
        name = str(value).strip() if value is not None and str(value).strip() else f"column_{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _name(source) -> str:
    return repr(str(source)) if isinstance(source, (str, Path)) else "standard input"


def open_table(
    path: str | Path,
    sheet: str | int | None = None,
    encoding: str | None = None,
    input_format: str | None = None,
) -> TableReader:
    """A reader for a file, a folder of documents, or ``-`` (standard input, CSV or JSONL)."""
    if str(path) == "-":
        return _stdin_reader(input_format)
    path = Path(path)
    if not path.exists():
        raise TextmineError(f"input {str(path)!r} does not exist")
    if path.is_dir():
        return FolderReader(path)
    kind = input_format or TABLE_SUFFIXES.get(path.suffix.lower())
    if path.suffix.lower() == ".xls" and input_format is None:
        raise TextmineError(
            f"{str(path)!r} is an old .xls workbook; open it in Excel or LibreOffice and save it as .xlsx or .csv"
        )
    if kind is None:
        known = ", ".join(sorted(TABLE_SUFFIXES))
        raise TextmineError(f"cannot read {str(path)!r}: unknown extension (known: {known}, or a folder)")
    if kind == "csv":
        return CsvReader(path, encoding=encoding)
    if kind == "xlsx":
        return ExcelReader(path, sheet=sheet)
    if kind == "jsonl":
        return JsonlReader(path, encoding=encoding)
    if kind == "json":
        return JsonArrayReader(path)
    return ParquetReader(path)


def _stdin_reader(input_format: str | None) -> TableReader:
    data = sys.stdin.read()
    kind = input_format or ("jsonl" if data.lstrip().startswith("{") else "csv")
    if kind == "jsonl":
        return JsonlReader(io.StringIO(data).readlines())
    return CsvReader(io.StringIO(data))
