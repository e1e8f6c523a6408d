"""Office files are zip packages (.xlsx, .docx): checked before they are opened, and looked into.

A zip bomb is a small package whose parts unpack to gigabytes; read whole, it would take all the memory.
The sizes a package declares for its parts are checked first (Python's zip reader never unpacks more
than a part declares), and a package is refused past :data:`MAX_UNPACKED_BYTES` in all, or with a
part over :data:`RATIO_CHECKED_BYTES` packed more than :data:`MAX_RATIO` times smaller.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
...     package.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 10_000_000)
>>> check_package(buffer, "bomb.xlsx")
Traceback (most recent call last):
...
textmine.errors.TextmineError: bomb.xlsx is refused: its part xl/worksheets/sheet1.xml unpacks to 38 MB from 38 KB (more than 100 times its packed size), which is how a zip bomb looks
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from textmine.errors import TextmineError

#: The most a package's parts may unpack to, together.
MAX_UNPACKED_BYTES = 1024**3
#: Parts that unpack to more than this are checked for their packing ratio.
RATIO_CHECKED_BYTES = 10 * 1024**2
#: The largest ratio of unpacked to packed size allowed for such a part.
MAX_RATIO = 100

RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOCUMENT_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.0f} {unit}"
    return f"{n} bytes"


def check_package(source: str | Path | IO[bytes], name: str) -> None:
    """Raise TextmineError when ``source`` is not a zip package, or unpacks past the limits."""
    try:
        with zipfile.ZipFile(source) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise TextmineError(f"{name} could not be opened: it is not a valid Office file ({err})") from None
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise TextmineError(
            f"{name} is refused: its parts unpack to {_size(total)}, more than the {_size(MAX_UNPACKED_BYTES)} "
            "textmine reads; save it as .csv instead"
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_BYTES and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise TextmineError(
                f"{name} is refused: its part {part.filename} unpacks to {_size(part.file_size)} from "
                f"{_size(part.compress_size)} (more than {MAX_RATIO} times its packed size), which is how a zip "
                "bomb looks"
            )


def sheet_parts(path: str | Path) -> dict[str, str]:
    """The path inside an .xlsx package of each sheet's XML, by sheet name ({} when they cannot be found)."""
    try:
        with zipfile.ZipFile(path) as package:
            workbook = _target(package, "_rels/.rels", OFFICE_DOCUMENT)
            if workbook is None:
                return {}
            folder, file = posixpath.split(workbook)
            relations = _relations(package, posixpath.join(folder, "_rels", file + ".rels"))
            root = ElementTree.fromstring(package.read(workbook))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
    parts = {}
    for sheet in root.iter(f"{{{SPREADSHEET}}}sheet"):
        target = relations.get(sheet.get(f"{{{DOCUMENT_RELATIONSHIPS}}}id", ""))
        if target:
            parts[sheet.get("name", "")] = _resolve(folder, target)
    return parts


def _relations(package: zipfile.ZipFile, rels_path: str) -> dict[str, str]:
    root = ElementTree.fromstring(package.read(rels_path))
    return {r.get("Id", ""): r.get("Target", "") for r in root.iter(f"{{{RELATIONSHIPS}}}Relationship")}


def _target(package: zipfile.ZipFile, rels_path: str, kind: str) -> str | None:
    root = ElementTree.fromstring(package.read(rels_path))
    for relation in root.iter(f"{{{RELATIONSHIPS}}}Relationship"):
        if relation.get("Type") == kind:
            return _resolve("", relation.get("Target", ""))
    return None


def _resolve(folder: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def formulas_without_values(path: str | Path, part: str) -> set[tuple[int, int]]:
    """(row, column), 1-based, of the cells of a sheet holding a formula whose value was never saved (a file
    written by a program rather than by Excel). Sheets without formulas are passed over quickly."""
    try:
        with zipfile.ZipFile(path) as package:
            if not _mentions_formulas(package, part):
                return set()
            with package.open(part) as xml:
                return _scan_formula_cells(xml)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return set()


def _mentions_formulas(package: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with package.open(part) as xml:
        while block := xml.read(1024 * 1024):
            if b"<f" in tail + block or b":f" in tail + block:
                return True
            tail = block[-2:]
    return False


def _scan_formula_cells(xml: IO[bytes]) -> set[tuple[int, int]]:
    missing = set()
    cell_tag, row_tag, formula_tag, value_tag = (f"{{{SPREADSHEET}}}{t}" for t in ("c", "row", "f", "v"))
    for _, element in ElementTree.iterparse(xml, events=("end",)):
        if element.tag == cell_tag:
            value = element.find(value_tag)
            if element.find(formula_tag) is not None and (value is None or not (value.text or "").strip()):
                missing.add(_coordinate(element.get("r", "")))
            element.clear()
        elif element.tag == row_tag:
            element.clear()
    return missing


def _coordinate(reference: str) -> tuple[int, int]:
    letters = "".join(ch for ch in reference if ch.isalpha()).upper()
    digits = "".join(ch for ch in reference if ch.isdigit())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(digits or 0), column
