"""CSV and TSV files: the encoding guessed (or given), the delimiter sniffed, every line accounted for.

A quote that is opened and never closed would make a CSV parser swallow the lines that follow into one
field. Each record that spans several lines is checked: when its lines are not valid CSV on their own
(an unterminated quote, a closing quote followed by more text) or make more fields than the header has,
only its first line is taken, read without quoting and flagged, and reading starts again on the next
line. So every line comes out as part of a record, and :attr:`CsvReader.lines_read` counts them. (A stray
quote that another stray quote closes right at the end of a later line makes valid CSV; that one cannot
be told from a letter written over several lines.)

>>> import io
>>> reader = CsvReader(io.StringIO('id,text\\n1,"unclosed\\n2,second\\n'))
>>> [row for frame in reader.chunks(10) for row in frame.values.tolist()]
[['1', '"unclosed', 'line 2 has a quote that is never closed; read without quoting'], ['2', 'second', '']]
>>> reader.lines_read
3
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.encoding import SAMPLE_BYTES, check_encoding_name, check_is_text, detect_encoding
from textmine.io.tables import TableReader, batched, fit_width, source_name, unique_names

#: The largest field read (Python's csv module stops at 131,072 characters by default); a longer text
#: is read whole and flagged as too long when it is classified.
FIELD_LIMIT = 2**31 - 1


class _Lines:
    """The physical lines of a text stream handed to ``csv.reader`` one at a time; the lines of the
    record being parsed are kept in ``current``, and lines can be put back to be read again."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.pending: deque[str] = deque()
        self.current: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.pending.popleft() if self.pending else next(self.handle)
        self.current.append(line)
        return line

    def put_back(self, lines: list[str]) -> None:
        self.pending.extendleft(reversed(lines))


class CsvReader(TableReader):
    """CSV/TSV with the encoding guessed (or given) and the delimiter sniffed. ``header_row`` (1-based)
    names the row holding the column names (default: the first)."""

    def __init__(
        self,
        source: str | Path | TextIO,
        encoding: str | None = None,
        delimiter: str | None = None,
        header_row: int | None = None,
    ) -> None:
        self.source = source
        if csv.field_size_limit() < FIELD_LIMIT:
            csv.field_size_limit(FIELD_LIMIT)
        if isinstance(source, (str, Path)):
            with open(source, "rb") as handle:
                sample = handle.read(SAMPLE_BYTES)
            self.encoding = check_encoding_name(encoding) if encoding else detect_encoding(sample)
            check_is_text(sample, self.encoding, source_name(source), _expected(source))
            text_sample = sample.decode(self.encoding, errors="replace")
            self._check_fits(text_sample, encoding)
        else:
            self.encoding = None
            text_sample = source.read(SAMPLE_BYTES)
        self.delimiter = delimiter or _sniff_delimiter(text_sample, source)
        self.header_row = header_row or 1
        self.lines_read = 0
        header = self._header()
        if not header:
            where = f"row {self.header_row} of {source_name(source)}" if header_row else source_name(source)
            raise TextmineError(f"{where} is empty: it has no header row")
        self.columns = unique_names(header)

    def _check_fits(self, text_sample: str, given: str | None) -> None:
        if given and text_sample.count("\ufffd") > max(3, len(text_sample) // 1000):
            raise TextmineError(
                f"{source_name(self.source)} does not look like {given} text; "
                "leave out --encoding to let textmine detect it"
            )

    def _open(self):
        if isinstance(self.source, (str, Path)):
            return open(self.source, encoding=self.encoding, errors="replace", newline="")
        self.source.seek(0)
        return contextlib.nullcontext(self.source)

    def _header(self) -> list[str]:
        with self._open() as handle:
            rows = self._records(_Lines(handle))
            for number, (row, _) in enumerate(rows, 1):
                if number == self.header_row:
                    return row
        return []

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        width = len(self.columns)
        with self._open() as handle:
            lines = _Lines(handle)
            records = self._records(lines)
            for _ in range(self.header_row):
                next(records, None)

            def rows() -> Iterator[tuple[list[Any], str]]:
                for row, error in records:
                    if not row:
                        continue  # a blank line is no record
                    fitted, width_error = fit_width(row, width, self.delimiter)
                    yield fitted, "; ".join(e for e in (error, width_error) if e)

            yield from batched(rows(), size, self._frame)

    def _records(self, lines: _Lines) -> Iterator[tuple[list[str], str]]:
        """(fields, reading problem) for each record, blank lines as empty records; ``lines_read`` counts
        the lines taken so far."""
        reader = csv.reader(lines, delimiter=self.delimiter)
        self.lines_read = 0
        while True:
            lines.current = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:  # cannot happen with the limit raised, but a damaged line must not end the batch
                row = None
            consumed = lines.current
            if not consumed:
                return
            if row is None or (len(consumed) > 1 and not self._valid(consumed, row)):
                lines.put_back(consumed[1:])
                consumed = consumed[:1]
                row = next(csv.reader(consumed, delimiter=self.delimiter, quoting=csv.QUOTE_NONE), [])
                error = f"line {self.lines_read + 1} has a quote that is never closed; read without quoting"
                reader = csv.reader(lines, delimiter=self.delimiter)
            else:
                error = ""
            self.lines_read += len(consumed)
            yield row, error

    def _valid(self, consumed: list[str], row: list[str]) -> bool:
        """Whether a record spanning several lines is one: valid CSV read strictly, no wider than the header."""
        if len(row) > len(getattr(self, "columns", row)):
            return False
        try:
            for _ in csv.reader(io.StringIO("".join(consumed), newline=""), delimiter=self.delimiter, strict=True):
                pass
        except csv.Error:
            return False
        return True


def _expected(path: str | Path) -> str:
    """What a file read as CSV is taken for, as a message names it.

    >>> _expected("in.tsv"), _expected("x.csv")
    ('a TSV file', 'a CSV file')
    """
    return {".tsv": "a TSV file", ".txt": "a text file"}.get(Path(path).suffix.lower(), "a CSV file")


def _sniff_delimiter(sample: str, source) -> str:
    if isinstance(source, (str, Path)) and str(source).lower().endswith(".tsv"):
        return "\t"
    try:
        return csv.Sniffer().sniff(sample[:20000], delimiters=",\t;|").delimiter
    except csv.Error:
        return ","
