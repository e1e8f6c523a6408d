"""Inputs of a distributed run as parts that workers read on their own: a file, a folder or a glob of
Parquet/CSV/JSONL files becomes a list of :class:`TablePart` (a Parquet file by groups of row groups, any
other file whole), each read with textmine's own readers, so that values and flagged rows are what the
local runner reads. A folder is read for its Parquet/CSV/JSONL files; the other files in it are named in a
note, not read.

>>> parts = table_parts("corpora/samples/sample.csv")
>>> len(parts), parts[0].path.name, len(read_part(parts[0]))
(1, 'sample.csv', 200)
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from textmine.errors import TextmineError
from textmine.io import READ_ERROR, open_table
from textmine.io.formats import pyarrow
from textmine.io.readers import ParquetReader
from textmine.io.tables import source_name

log = logging.getLogger(__name__)

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
    header_row: int | None = None


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


def files_left_out(source: str | Path) -> list[Path]:
    """The files of a folder input that are not read: those other than its table files (hidden files aside),
    when it has table files; none for a file, a glob or a folder of letters.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("a.csv", "b.xlsx", "c.json", ".hidden"):
    ...     _ = (folder / name).write_text("编号,内容", encoding="utf-8")
    >>> [p.name for p in files_left_out(folder)]
    ['b.xlsx', 'c.json']
    """
    path = Path(source)
    if any(mark in str(source) for mark in "*?[") or not path.is_dir() or input_files(path) == [path]:
        return []
    return sorted(
        p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in TABLE_FILES
    )


def table_parts(
    source: str | Path,
    rows_per_part: int = ROWS_PER_PART,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> list[TablePart]:
    """The parts of every input file, in input order (Parquet row groups gathered to ``rows_per_part`` rows).

    The files of a folder that are not read are named in a warning, so that no record is left out unsaid.
    """
    left_out = files_left_out(source)
    if left_out:
        log.warning(
            "not read from the folder %r: %s (a folder is read for its %s files; give other files by name or in a "
            "glob)", str(source), ", ".join(p.name for p in left_out), ", ".join(TABLE_FILES)
        )  # fmt: skip
    parts: list[TablePart] = []
    for path in input_files(source):
        whole = TablePart(path, None, encoding, sheet, header_row)
        if path.is_file() and path.suffix.lower() == ".parquet":
            parts += _parquet_parts(whole, rows_per_part)
        else:
            parts.append(whole)
    return parts


def _parquet_parts(whole: TablePart, rows_per_part: int) -> list[TablePart]:
    """The parts of a Parquet file: its row groups gathered to ``rows_per_part`` rows (the reading options of
    ``whole`` kept, so that one the file cannot take is refused when its columns are read)."""
    metadata = ParquetReader(whole.path).file.metadata  # a damaged file: one plain sentence naming it
    parts, groups, rows = [], [], 0
    for group in range(metadata.num_row_groups):
        groups.append(group)
        rows += metadata.row_group(group).num_rows
        if rows >= rows_per_part:
            parts.append(replace(whole, row_groups=tuple(groups)))
            groups, rows = [], 0
    if groups or not parts:
        parts.append(replace(whole, row_groups=tuple(groups)))
    return parts


def columns_of(parts: Sequence[TablePart]) -> list[str]:
    """The input columns, the same in every file (a plain error names a file whose columns differ)."""
    columns: list[str] | None = None
    for path in dict.fromkeys(part.path for part in parts):
        found = list(_open(path, parts[0]).columns)
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
        return _row_groups(part)
    reader = _open(part.path, part)
    chunks = list(reader.chunks(READ_ROWS))
    if not chunks:
        return empty_frame(reader.columns)
    return pd.concat(chunks, ignore_index=True)


def _open(path: Path, part: TablePart):
    """A reader of ``path`` with the reading options of ``part``."""
    return open_table(path, sheet=part.sheet, encoding=part.encoding, header_row=part.header_row)


def _row_groups(part: TablePart) -> pd.DataFrame:
    """Some row groups of a Parquet file, as strings; a damaged file is one plain sentence."""
    try:
        table = ParquetReader(part.path).file.read_row_groups(list(part.row_groups))
    except (pyarrow.ArrowException, OSError) as err:
        raise TextmineError(f"{source_name(part.path)} could not be read as a Parquet file: {err}") from None
    frame = table.to_pandas().astype(object)
    frame[READ_ERROR] = ""
    return frame


def empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    """No rows, the input's columns and the read-error column, all of strings."""
    return pd.DataFrame({c: pd.Series(dtype=object) for c in [*columns, READ_ERROR]})
