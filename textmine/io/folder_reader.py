"""A folder of letters: one record per .txt or .docx file, the file name as its id.

Only files inside the folder are read. A symbolic link is followed only when it leads to a file inside
the folder; a link leading out of it, or to nothing, becomes a flagged row, so what was skipped is seen.
A .docx is read paragraph by paragraph and table by table, cell by cell, in document order.

>>> import tempfile, pathlib
>>> folder, elsewhere = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("村主任截留补贴", encoding="utf-8")
>>> _ = (elsewhere / "secret.txt").write_text("不在文件夹里", encoding="utf-8")
>>> (folder / "b.txt").symlink_to(elsewhere / "secret.txt")
>>> (folder / "c.txt").symlink_to(folder / "gone.txt")
>>> for row in next(FolderReader(folder).chunks(10)).values.tolist():
...     print(row)
['a.txt', '村主任截留补贴', '']
['b.txt', '', 'b.txt is a link leading out of the folder; it was not read']
['c.txt', '', 'c.txt is a link to a file that does not exist; it was not read']
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.encoding import SAMPLE_BYTES, detect_encoding
from textmine.io.formats import docx
from textmine.io.packages import check_package
from textmine.io.tables import TableReader, batched, source_name

FOLDER_SUFFIXES = (".txt", ".docx")


class FolderReader(TableReader):
    """A folder of .txt and .docx files, one record each, the file name as id."""

    columns: ClassVar[list[str]] = ["id", "text"]

    def __init__(self, path: str | Path) -> None:
        self.folder = Path(path)
        root = self.folder.resolve()
        self.entries: list[tuple[Path, str]] = []  # (file, why it is not read: '' when it is)
        for entry in sorted(self.folder.iterdir()):
            if entry.suffix.lower() not in FOLDER_SUFFIXES:
                continue
            if entry.is_symlink():
                self.entries.append((entry, _link_problem(entry, root)))
            elif entry.is_file():
                self.entries.append((entry, ""))
        if not self.entries:
            raise TextmineError(f"folder {source_name(path)} has no .txt or .docx files")

    def chunks(self, size: int) -> Iterator[pd.DataFrame]:
        def rows():
            for file, problem in self.entries:
                text, error = ("", problem) if problem else read_document(file)
                yield [file.name, text], error

        yield from batched(rows(), size, self._frame)


def _link_problem(link: Path, root: Path) -> str:
    """Why a symbolic link in the folder is not read ('' when it leads to a file inside the folder)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{link.name} is a link to a file that does not exist; it was not read"
    if not target.is_relative_to(root):
        return f"{link.name} is a link leading out of the folder; it was not read"
    if not target.is_file():
        return f"{link.name} is a link to something that is not a file; it was not read"
    return ""


def read_document(path: Path) -> tuple[str, str]:
    """The text of a .txt or .docx file, and the reason it could not be read ('' when it could)."""
    try:
        if path.suffix.lower() == ".docx":
            check_package(path, path.name)
            return docx_text(docx.Document(str(path))), ""
        raw = path.read_bytes()
        return raw.decode(detect_encoding(raw[:SAMPLE_BYTES]), errors="replace"), ""
    except TextmineError as err:
        return "", str(err)
    except Exception as err:  # a damaged document is flagged, the others go on
        return "", f"could not read {path.name}: {err}"


def docx_text(container) -> str:
    """Paragraphs and tables of a document (or of a table cell) in order; a table's cells are joined by
    tabs and its rows by line breaks, a cell merged across columns read once."""
    blocks = []
    for block in container.iter_inner_content():
        if isinstance(block, docx.table.Table):
            blocks.extend(_row_text(row) for row in block.rows)
        else:
            blocks.append(block.text)
    return "\n".join(blocks)


def _row_text(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell comes once per grid column it spans, with the same element
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(docx_text(cell).replace("\n", " "))
    return "\t".join(cells)
