"""A job's upload, streamed from a ``multipart/form-data`` body straight into the job's private folder.

What an upload may hold is an :class:`UploadForm`: its file fields, each with the kinds of file it takes,
and a few short text fields; anything else is refused. Each uploaded file is saved as the field's name plus
the suffix of its kind (``file`` as ``input.xlsx``, ``register`` as ``register.xlsx``): the client's file
name only says which kind it is, and never becomes part of a path.

>>> suffix_for("信访登记 (2024).XLSX"), suffix_for("../../etc/passwd") is None
('.xlsx', True)
>>> suffix_for("问题清单.csv", REGISTER_SUFFIXES) is None
True
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from textmine.serve.limits import ApiError

#: The kinds of file a job takes, by the suffix of the uploaded name, and the suffix it is stored with.
UPLOAD_SUFFIXES = {".xlsx": ".xlsx", ".xlsm": ".xlsx", ".csv": ".csv", ".tsv": ".tsv", ".jsonl": ".jsonl",
                   ".json": ".json", ".parquet": ".parquet"}  # fmt: skip
#: The register of a tracking job: a problem list written by textmine, an Excel workbook.
REGISTER_SUFFIXES = {".xlsx": ".xlsx"}
FIELDS = ("title", "within_labels", "redact")
MAX_FIELD_BYTES = 1000
WRONG_KIND = "the file must be an Excel workbook (.xlsx) or a table (.csv, .tsv, .jsonl, .json, .parquet)"
WRONG_REGISTER = "the register must be the problem list textmine wrote, an Excel workbook (.xlsx)"
NOT_MULTIPART = "the upload is not valid multipart/form-data"
INCOMPLETE = "the upload is incomplete: its body ended before the closing boundary; send it again"
#: A dropped upload's answer closes the connection: the rest of its body is not read.
CLOSE = {"Connection": "close"}


def suffix_for(filename: str, suffixes: dict[str, str] = UPLOAD_SUFFIXES) -> str | None:
    """The stored suffix for an uploaded file name, or None for a kind the field does not take."""
    dot = filename.rfind(".")
    return suffixes.get(filename[dot:].lower()) if dot >= 0 else None


@dataclass(frozen=True)
class FileField:
    """A file field of a form: its name, the kinds it takes (suffix -> stored suffix), the message for
    another kind, and the stem its file is stored under."""

    name: str
    suffixes: dict[str, str]
    wrong_kind: str
    stem: str


@dataclass(frozen=True)
class UploadForm:
    """What an upload may hold: file fields (all required) and short text fields."""

    files: tuple[FileField, ...]
    fields: tuple[str, ...]

    def accepted(self) -> str:
        return ", ".join([f.name for f in self.files] + list(self.fields))


#: The upload of a whole job (``POST /v1/jobs``).
JOB_FORM = UploadForm((FileField("file", UPLOAD_SUFFIXES, WRONG_KIND, "input"),), FIELDS)
#: The upload of a tracking job (``POST /v1/track``): the new period's records and the last problem list.
TRACK_FORM = UploadForm(
    (FileField("file", UPLOAD_SUFFIXES, WRONG_KIND, "input"), FileField("register", REGISTER_SUFFIXES, WRONG_REGISTER, "register")),
    ("title", "redact"),
)  # fmt: skip


@dataclass
class Upload:
    """What an upload brought: the stored files and the client's names for them (shown, never used as a
    path) by field, the text fields, and the bytes of file data received."""

    paths: dict[str, Path] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def path(self) -> Path | None:
        """The file of the field ``file``."""
        return self.paths.get("file")

    @property
    def filename(self) -> str:
        return self.filenames.get("file", "")


@dataclass(frozen=True)
class UploadTimeouts:
    """How long an upload may take: at most ``idle_seconds`` without data, ``max_seconds`` in all."""

    idle_seconds: float = 60.0
    max_seconds: float = 900.0


class _PartCollector:
    """The callbacks of python-multipart's streaming parser: one part at a time, file data to disk."""

    def __init__(self, folder: Path, form: UploadForm = JOB_FORM) -> None:
        self.folder = folder
        self.form = form
        self.upload = Upload()
        self._file: str | None = None
        self._headers: dict[str, bytes] = {}
        self._field_name = b""
        self._field_value = b""
        self._name: str | None = None
        self._value = bytearray()
        self._handle: int | None = None
        self.ended = False

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self._add(data[start:end], value=False),
            "on_header_value": lambda data, start, end: self._add(data[start:end], value=True),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
            "on_end": self.end,
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
        file_field = next((f for f in self.form.files if f.name == name), None)
        if file_field is not None:
            self._open_file(file_field, options.get(b"filename", b"").decode("utf-8", "replace"))
        elif name not in self.form.fields:
            raise ApiError(422, f"the upload has a field {name[:40]!r}; it takes {self.form.accepted()}")
        self._name = name

    def _open_file(self, file_field: FileField, filename: str) -> None:
        if file_field.name in self.upload.paths:
            raise ApiError(422, f"send one file in the field {file_field.name}")
        suffix = suffix_for(filename, file_field.suffixes)
        if suffix is None:
            raise ApiError(422, file_field.wrong_kind)
        path = self.folder / f"{file_field.stem}{suffix}"  # made here: the client's name only chose the suffix
        self.upload.paths[file_field.name] = path
        self.upload.filenames[file_field.name] = filename[-200:]
        self.upload.sizes[file_field.name] = 0
        self._file = file_field.name
        self._handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self._handle is not None:
            os.write(self._handle, data[start:end])
            self.upload.sizes[self._file] += end - start
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

    def end(self) -> None:
        """The closing boundary came: the body is whole."""
        self.ended = True

    def close(self) -> None:
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None


async def receive_upload(request, folder: Path, form: UploadForm = JOB_FORM,
                         timeouts: UploadTimeouts = UploadTimeouts()) -> Upload:  # fmt: skip
    """Stream the request's multipart body into ``folder``; an ApiError for a body that is not a whole upload
    of ``form`` (a field it does not take, a file of the wrong kind, a file missing or empty, a body cut
    short) and 408 for one that does not come in time (``timeouts``)."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise ApiError(422, f"send the file as multipart/form-data, in a field named {form.files[0].name}")
    collector = _PartCollector(folder, form)
    try:
        parser = MultipartParser(options[b"boundary"], collector.callbacks())
        async with aclosing(timed_body(request.stream(), timeouts)) as body:
            async for chunk in body:
                parser.write(chunk)
        parser.finalize()
    except FormParserError:
        raise ApiError(422, NOT_MULTIPART) from None
    except ClientDisconnect:
        raise ApiError(400, "the upload was cut off: the client went away before the end") from None
    finally:
        collector.close()
    if not collector.ended:
        raise ApiError(422, INCOMPLETE)
    check_files(collector.upload, form)
    return collector.upload


def check_files(upload: Upload, form: UploadForm) -> None:
    """422 when a file field of ``form`` was not sent, or sent empty."""
    for file_field in form.files:
        if file_field.name not in upload.paths:
            what = "file" if file_field.name == "file" else file_field.name
            raise ApiError(422, f"the upload has no {what}: send it in a field named {file_field.name}")
        if upload.sizes[file_field.name] == 0:
            raise ApiError(422, "the uploaded file is empty" if file_field.name == "file"
                           else f"the uploaded {file_field.name} is empty")  # fmt: skip


async def timed_body(chunks: AsyncIterator[bytes], timeouts: UploadTimeouts) -> AsyncIterator[bytes]:
    """The chunks of a body as they come; 408 when none comes for ``timeouts.idle_seconds``, or the body
    takes longer than ``timeouts.max_seconds`` in all."""
    deadline = anyio.current_time() + timeouts.max_seconds
    while True:
        left = deadline - anyio.current_time()
        try:
            with anyio.fail_after(max(0.0, min(timeouts.idle_seconds, left))):
                chunk = await anext(chunks, None)
        except TimeoutError:
            raise ApiError(408, too_slow(timeouts, stalled=timeouts.idle_seconds < left), CLOSE) from None
        if chunk is None:
            return
        yield chunk


def too_slow(timeouts: UploadTimeouts, stalled: bool) -> str:
    """Why an upload was dropped: it stalled, or it took too long in all.

    >>> too_slow(UploadTimeouts(60, 900), stalled=True)
    'the upload was dropped: no data came for 60 seconds; send it again'
    """
    if stalled:
        return f"the upload was dropped: no data came for {timeouts.idle_seconds:g} seconds; send it again"
    return f"the upload was dropped: it was still coming after {timeouts.max_seconds:g} seconds; send it again"
