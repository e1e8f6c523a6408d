"""Readers that stream any supported input as chunks of rows (pandas DataFrames of strings).

Every reader yields every row, in order. A row that cannot be read whole is still yielded, with
the reason in the ``READ_ERROR`` column, so the batch goes on and nothing is lost. CSV and TSV live in
:mod:`.csv_reader`, Excel in :mod:`.excel_reader`, folders of letters in :mod:`.folder_reader`.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "in.jsonl"
>>> _ = path.write_text('{"编号": "A1", "内容": "村会计挪用修路款"}\\n{"编号": "A2", "内容": "天天开会", "备注": "晚到的键"}\\n',
...                     encoding="utf-8")
>>> reader = open_table(path)
>>> reader.columns
['编号', '内容', '备注']
>>> next(reader.chunks(100))["备注"].tolist()
[None, '晚到的键']
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.csv_reader import CsvReader
from textmine.io.encoding import SAMPLE_BYTES, check_encoding_name, check_is_text, detect_encoding
from textmine.io.excel_reader import ExcelReader
from textmine.io.folder_reader import FolderReader
from textmine.io.formats import parquet, pyarrow
from textmine.io.tables import READ_ERROR, TableReader, batched, source_name

__all__ = ["READ_ERROR", "CsvReader", "ExcelReader", "FolderReader", "TableReader", "open_table"]

TABLE_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".parquet": "parquet"}  # fmt: skip
HEADER_ROW_KINDS = ("csv", "xlsx")


class JsonlReader(TableReader):
    """One JSON object per line; a line that is not an object becomes a flagged row. The whole input is
    scanned for its keys first, so a key that first appears late still has its column from the first row."""

    def __init__(self, source: str | Path | list[str], encoding: str | None = None):
        self.source = source
        self.encoding = encoding
        if isinstance(source, (str, Path)):
            found = _check_text_file(source, encoding, "a JSON lines file")
            self.encoding = encoding or (found if found.startswith("utf-16") else None)
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
        for line in self._lines():
            if line.strip():
                columns.update(dict.fromkeys(_parse_json_line(line)[0]))
        if not columns:
            raise TextmineError(f"{source_name(self.source)} has no JSON records")
        return list(columns)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        def rows() -> Iterator[tuple[list[Any], str]]:
            for n, line in enumerate(self._lines(), 1):
                if not line.strip():
                    continue
                record, error = _parse_json_line(line)
                yield [record.get(c) for c in self.columns], error.format(line=n)

        yield from batched(rows(), size, self._frame)


def _parse_json_line(line: str) -> tuple[dict[str, Any], str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return {}, "line {line} is not valid JSON"
    if not isinstance(value, dict):
        return {}, "line {line} is not a JSON object"
    return value, ""


def _check_text_file(path: str | Path, encoding: str | None, expected: str) -> str:
    """The file's encoding (``encoding``, else detected); one plain sentence when its first bytes show
    another kind of file, or no text."""
    with open(path, "rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    encoding = encoding or detect_encoding(sample)
    check_is_text(sample, encoding, source_name(path), expected)
    return encoding


class JsonArrayReader(TableReader):
    """A JSON array of objects (read whole: JSON arrays cannot be streamed by line)."""

    def __init__(self, path: str | Path):
        _check_text_file(path, None, "a JSON file")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig", errors="replace"))
        except json.JSONDecodeError as err:
            raise TextmineError(
                f"{source_name(path)} is not valid JSON ({err}); for one record a line use .jsonl"
            ) from None
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), None)
        if not isinstance(data, list):
            raise TextmineError(f"{source_name(path)} holds no JSON array of records")
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

        yield from batched(rows(), size, self._frame)


class ParquetReader(TableReader):
    """A Parquet file, a row group batch at a time; a damaged file is one plain error."""

    def __init__(self, path: str | Path):
        self.path = path
        with _parquet_errors(path):
            self.file = parquet.ParquetFile(path)
            self.columns = list(self.file.schema_arrow.names)

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        with _parquet_errors(self.path):
            for batch in self.file.iter_batches(batch_size=size):
                frame = batch.to_pandas().astype(object)
                frame[READ_ERROR] = ""
                yield frame


@contextlib.contextmanager
def _parquet_errors(path) -> Iterator[None]:
    """What pyarrow raises for a damaged file, as one sentence."""
    try:
        yield
    except (pyarrow.ArrowException, OSError) as err:
        raise TextmineError(f"{source_name(path)} could not be read as a Parquet file: {err}") from None


def open_table(
    path: str | Path,
    sheet: str | int | None = None,
    encoding: str | None = None,
    input_format: str | None = None,
    header_row: int | None = None,
) -> TableReader:
    """A reader for a file, a folder of documents, or ``-`` (standard input, CSV or JSONL).

    ``header_row`` (1-based) names the row of an .xlsx sheet or a CSV file that holds the column names.
    """
    if header_row is not None and header_row < 1:
        raise TextmineError(f"--header-row counts rows from 1, not {header_row}")
    if str(path) == "-":
        return _stdin_reader(input_format, encoding, header_row)
    path = Path(path)
    if not path.exists():
        raise TextmineError(f"input {str(path)!r} does not exist")
    if path.is_dir():
        _no_header_row(header_row, "a folder of letters")
        return FolderReader(path)
    kind = input_format or TABLE_SUFFIXES.get(path.suffix.lower())
    if path.suffix.lower() == ".xls" and input_format is None:
        raise TextmineError(
            f"{str(path)!r} is an old .xls workbook; open it in Excel or LibreOffice and save it as .xlsx or .csv"
        )
    if kind is None:
        known = ", ".join(sorted(TABLE_SUFFIXES))
        raise TextmineError(f"cannot read {str(path)!r}: unknown extension (known: {known}, or a folder)")
    if kind not in HEADER_ROW_KINDS:
        _no_header_row(header_row, f"a .{kind} file")
    if kind == "csv":
        return CsvReader(path, encoding=encoding, header_row=header_row)
    if kind == "xlsx":
        return ExcelReader(path, sheet=sheet, header_row=header_row)
    if kind == "jsonl":
        return JsonlReader(path, encoding=encoding)
    if kind == "json":
        return JsonArrayReader(path)
    return ParquetReader(path)


def _no_header_row(header_row: int | None, what: str) -> None:
    if header_row is not None:
        raise TextmineError(f"--header-row is for .xlsx and .csv files; {what} has no header row to choose")


def _stdin_reader(input_format: str | None, encoding: str | None, header_row: int | None) -> TableReader:
    """Standard input, decoded with ``encoding`` (else detected) and without a byte-order mark."""
    data = _read_stdin(sys.stdin, encoding)
    kind = input_format or ("jsonl" if data.lstrip().startswith("{") else "csv")
    if kind == "jsonl":
        _no_header_row(header_row, "JSON lines")
        return JsonlReader(io.StringIO(data).readlines())
    return CsvReader(io.StringIO(data, newline=""), header_row=header_row)


def _read_stdin(stream: TextIO, encoding: str | None) -> str:
    raw = getattr(stream, "buffer", None)
    if raw is None:  # a text stream without bytes underneath (a test's StringIO, say)
        return stream.read().removeprefix("\ufeff")
    data = raw.read()
    encoding = check_encoding_name(encoding) if encoding else detect_encoding(data[:SAMPLE_BYTES])
    check_is_text(data[:SAMPLE_BYTES], encoding, "standard input", "CSV or JSON lines text", from_stdin=True)
    return data.decode(encoding, errors="replace").removeprefix("\ufeff")
