"""JSON and JSON Lines files, written the same way everywhere: UTF-8, no ASCII escapes, a newline at the
end, and whole or not at all (a temporary file beside the target, then a rename).

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "card.json"
>>> write_json(path, {"名称": "默认模型"})
>>> read_json(path)
{'名称': '默认模型'}
>>> write_jsonl(path.with_suffix(".jsonl"), [{"a": 1}, {"a": 2}])
>>> read_jsonl(path.with_suffix(".jsonl"))
[{'a': 1}, {'a': 2}]
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output


def dumps(data: Any, indent: int | None = 1) -> str:
    """The text :func:`write_json` writes for ``data`` (without the final newline)."""
    return json.dumps(data, ensure_ascii=False, indent=indent)


def write_json(path: str | Path, data: Any) -> None:
    """Write ``data`` as indented JSON, atomically."""
    with atomic_output(path) as temp:
        temp.write_text(dumps(data) + "\n", encoding="utf-8")


def write_jsonl(path: str | Path, rows: Iterable[Any]) -> None:
    """Write one JSON value per line, atomically."""
    with atomic_output(path) as temp, temp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(dumps(row, indent=None) + "\n")


def read_json(path: str | Path) -> Any:
    """The JSON value in ``path``; a plain error when it is missing or not JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TextmineError(f"{str(path)!r} is missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise TextmineError(f"{str(path)!r} is not valid JSON: {err}") from None


def read_jsonl(path: str | Path) -> list[Any]:
    """The JSON values of a JSON Lines file, blank lines skipped; a plain error naming a bad line."""
    path = Path(path)
    rows = []
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    rows.append(_line(line, path, number))
    except FileNotFoundError:
        raise TextmineError(f"{str(path)!r} does not exist") from None
    except UnicodeDecodeError as err:
        raise TextmineError(f"{str(path)!r} is not UTF-8 text: {err}") from None
    return rows


def _line(line: str, path: Path, number: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise TextmineError(f"line {number} of {str(path)!r} is not valid JSON: {err}") from None
