"""Inputs of a distributed run as parts that workers read on their own: a file, a folder or a glob of
Parquet/CSV/JSONL files becomes a list of :class:`TablePart` (a Parquet file by groups of row groups, any
other file whole), each read with textmine's own readers, so that values and flagged rows are what the
local runner reads.

>>> parts = table_parts("corpora/samples/sample.csv")
>>> len(parts), parts[0].path.name, len(read_part(parts[0]))
(1, 'sample.csv', 200)
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io import READ_ERROR, open_table
from textmine.io.formats import parquet

TABLE_FILES = (".parquet", ".csv", ".tsv", ".jsonl")
ROWS_PER_PART = 50_000
READ_ROWS = 20_000


@dataclass(frozen=True)
class TablePart:
    """One piece of the input a worker reads: a whole file, or some row groups of a Parquet file."""

    path: Path
    row_groups: tuple[int, ...] | None = None
    encoding: str | None = None
    sheet: str | None = None


def input_files(source: str | Path) -> list[Path]:
    """The files ``source`` names: itself, the table files of a folder (sorted), or the matches of a glob.

    A folder without table files (a folder of .txt/.docx letters) is one input, as the local runner reads it.
    """
    text = str(source)
    if any(mark in text for mark in "*?["):
        files = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not files:
            raise TextmineError(f"no file matches {text!r}")
        return files
    path = Path(source)
    if not path.exists():
        raise TextmineError(f"input {text!r} does not exist")
    if path.is_dir():
        tables = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TABLE_FILES)
        return tables or [path]
    return [path]


def table_parts(
    source: str | Path, rows_per_part: int = ROWS_PER_PART, encoding: str | None = None, sheet: str | None = None
) -> list[TablePart]:
    """The parts of every input file, in input order (Parquet row groups gathered to ``rows_per_part`` rows)."""
    parts: list[TablePart] = []
    for path in input_files(source):
        if path.is_file() and path.suffix.lower() == ".parquet":
            parts += _parquet_parts(path, rows_per_part)
        else:
            parts.append(TablePart(path, None, encoding, sheet))
    return parts


def _parquet_parts(path: Path, rows_per_part: int) -> list[TablePart]:
    metadata = parquet.ParquetFile(path).metadata
    parts, groups, rows = [], [], 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        rows += metadata.row_group(group).num_rows
        if rows >= rows_per_part:
            parts.append(TablePart(path, tuple(groups)))
            groups, rows = [], 0
    if groups or not parts:
        parts.append(TablePart(path, tuple(groups)))
    return parts


def columns_of(parts: Sequence[TablePart]) -> list[str]:
    """The input columns, the same in every file (a plain error names a file whose columns differ)."""
    columns: list[str] | None = None
    for path in dict.fromkeys(part.path for part in parts):
        found = list(open_table(path, sheet=parts[0].sheet, encoding=parts[0].encoding).columns)
        if columns is None:
            columns = found
        elif found != columns:
            raise TextmineError(
                f"{str(path)!r} has the columns {', '.join(found)}; the first input has {', '.join(columns)}"
            )
    return columns or []


def read_part(part: TablePart) -> pd.DataFrame:
    """The rows of one part as strings (object columns) with the reading problems in ``READ_ERROR``."""
    if part.row_groups is not None:
        frame = parquet.ParquetFile(part.path).read_row_groups(list(part.row_groups)).to_pandas().astype(object)
        frame[READ_ERROR] = ""
        return frame
    reader = open_table(part.path, sheet=part.sheet, encoding=part.encoding)
    chunks = list(reader.chunks(READ_ROWS))
    if not chunks:
        return empty_frame(reader.columns)
    return pd.concat(chunks, ignore_index=True)


def empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    """No rows, the input's columns and the read-error column, all of strings."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in [*columns, READ_ERROR]})
