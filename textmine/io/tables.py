"""What every reader shares: the :class:`TableReader` interface, the column that carries a row's reading
problem, batching rows into frames, and unique column names.

>>> unique_names(["编号", "", "编号", None])
['编号', 'column_2', '编号_2', 'column_4']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

#: The column a reader fills with the reason a row could not be read whole ('' when it could).
READ_ERROR = "__read_error__"


class TableReader:
    """Base: ``columns`` (input column names) and ``chunks(size)``, frames of every row in order, each
    with its reading problem in ``READ_ERROR``."""

    columns: list[str]

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        raise NotImplementedError

    def _frame(self, rows: list[list[Any]], errors: list[str]) -> pd.DataFrame:
        frame = pd.DataFrame(rows, columns=self.columns, dtype=object)
        frame[READ_ERROR] = errors
        return frame


def batched(
    rows: Iterator[tuple[list[Any], str]], size: int, make: Callable[[list[list[Any]], list[str]], pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """Frames of ``size`` rows made by ``make(values, errors)`` from (row, reading problem) pairs."""
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


def fit_width(row: list[Any], width: int, joiner: str) -> tuple[list[Any], str]:
    """A row padded to ``width`` fields, or with its surplus fields joined into the last one (and flagged).

    >>> fit_width(["A2", "开会", "太多"], 2, ",")
    (['A2', '开会,太多'], 'row had 3 fields for 2 columns')
    """
    if len(row) == width:
        return row, ""
    if len(row) < width:
        return row + [""] * (width - len(row)), ""
    extra = joiner.join(str(v) for v in row[width - 1 :])
    return [*row[: width - 1], extra], f"row had {len(row)} fields for {width} columns"


def unique_names(header: list[Any]) -> list[str]:
    """Column names from a header row: blanks named by position, repeats numbered."""
    names: list[str] = []
    for i, value in enumerate(header):
        name = str(value).strip() if value is not None and str(value).strip() else f"column_{i + 1}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def source_name(source: Any) -> str:
    """How an input is named in a message: its path quoted, or standard input."""
    return repr(str(source)) if isinstance(source, (str, Path)) else "standard input"
