"""A job's upload, streamed from a ``multipart/form-data`` body straight into the job's private folder.

The uploaded file is saved as ``input`` plus the suffix of its kind, chosen from :data:`UPLOAD_SUFFIXES`:
the client's file name only says which kind it is, and never becomes part of a path. A few short text fields
(``title``, ``within_labels``, ``redact``) are kept; anything else is refused.

>>> suffix_for("信访登记 (2024).XLSX"), suffix_for("../../etc/passwd") is None
('.xlsx', True)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from textmine.serve.limits import ApiError

#: The kinds of file a job takes, by the suffix of the uploaded name, and the suffix it is stored with.
UPLOAD_SUFFIXES = {".xlsx": ".xlsx", ".xlsm": ".xlsx", ".csv": ".csv", ".tsv": ".tsv", ".jsonl": ".jsonl",
                   ".json": ".json", ".parquet": ".parquet"}  # fmt: skip
FIELDS = ("title", "within_labels", "redact")
MAX_FIELD_BYTES = 1000
WRONG_KIND = "the file must be an Excel workbook (.xlsx) or a table (.csv, .tsv, .jsonl, .json, .parquet)"


def suffix_for(filename: str) -> str | None:
    """The stored suffix for an uploaded file name, or None for a kind the service does not take."""
    dot = filename.rfind(".")
    return UPLOAD_SUFFIXES.get(filename[dot:].lower()) if dot >= 0 else None


@dataclass
class Upload:
    """What a job upload brought: the stored file, the client's name for it (shown, never used as a path),
    and the text fields."""

    path: Path | None = None
    filename: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    size: int = 0


class _PartCollector:
    """The callbacks of python-multipart's streaming parser: one part at a time, file data to disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.upload = Upload()
        self._headers: dict[str, bytes] = {}
        self._field_name = b""
        self._field_value = b""
        self._name: str | None = None
        self._value = bytearray()
        self._handle: int | None = None

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self._add(data[start:end], value=False),
            "on_header_value": lambda data, start, end: self._add(data[start:end], value=True),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self._headers, self._name, self._value = {}, None, bytearray()

    def _add(self, data: bytes, value: bool) -> None:
        if value:
            self._field_value += data
        else:
            self._field_name += data

    def header_end(self) -> None:
        self._headers[self._field_name.decode("latin-1").lower()] = self._field_value
        self._field_name, self._field_value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get("content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if name == "file":
            self._open_file(options.get(b"filename", b"").decode("utf-8", "replace"))
        elif name not in FIELDS:
            raise ApiError(422, f"the upload has a field {name[:40]!r}; it takes file, {', '.join(FIELDS)}")
        self._name = name

    def _open_file(self, filename: str) -> None:
        if self.upload.path is not None:
            raise ApiError(422, "send one file per job")
        suffix = suffix_for(filename)
        if suffix is None:
            raise ApiError(422, WRONG_KIND)
        self.upload.path = self.folder / f"input{suffix}"
        self.upload.filename = filename[-200:]
        self._handle = os.open(self.upload.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._handle is not None:
            os.write(self._handle, data[start:end])
            self.upload.size += end - start
        else:
            self._value += data[start:end]
            if len(self._value) > MAX_FIELD_BYTES:
                raise ApiError(422, f"the field {self._name} is longer than {MAX_FIELD_BYTES} bytes")

    def part_end(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
        elif self._name:
            self.upload.fields[self._name] = self._value.decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None


async def receive_upload(request, folder: Path) -> Upload:
    """Stream the request's multipart body into ``folder``; an ApiError for a body that is not a job upload."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise ApiError(422, "send the file as multipart/form-data, in a field named file")
    collector = _PartCollector(folder)
    parser = MultipartParser(options[b"boundary"], collector.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise ApiError(422, "the upload is not valid multipart/form-data") from None
    finally:
        collector.close()
    if collector.upload.path is None:
        raise ApiError(422, "the upload has no file: send it in a field named file")
    if collector.upload.size == 0:
        raise ApiError(422, "the uploaded file is empty")
    return collector.upload
