"""Writing a file so that it appears whole or not at all.

>>> with atomic_output("report.html") as temp:      # doctest: +SKIP
...     temp.write_text("<html>…</html>", encoding="utf-8")
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from textmine.errors import TextmineError


def new_temp_beside(path: str | Path) -> Path:
    """An empty temporary file in the output's folder (so the final rename stays on one disk)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TextmineError(f"output folder {str(folder)!r} does not exist")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(handle)
    return Path(name)


def publish(temp: Path, path: str | Path) -> None:
    """Rename the finished temporary file to ``path``, readable as any new file would be."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temp, 0o666 & ~mask)
    os.replace(temp, path)


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to ``path`` when the block ends cleanly, removed otherwise."""
    temp = new_temp_beside(path)
    try:
        yield temp
        publish(temp, path)
    finally:
        temp.unlink(missing_ok=True)
