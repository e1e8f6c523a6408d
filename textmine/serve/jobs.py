"""Jobs over HTTP: upload a file, follow its progress, download what it wrote.

curl -s -F file=@信访登记.xlsx -F title=第二轮巡察 localhost:8000/v1/jobs        # -> {"id": ...}
curl -s localhost:8000/v1/jobs/ID                                               # state, progress, files
curl -s -OJ localhost:8000/v1/jobs/ID/files/报告.html

A tracking job (回头看) takes the new period's records and the last problem list, and writes the new
problem list and the 回头看 report:

curl -s -F file=@五月.xlsx -F register=@问题清单.xlsx localhost:8000/v1/track      # -> {"id": ...}
curl -s -OJ localhost:8000/v1/jobs/ID/files/新问题清单.xlsx
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse

from textmine.engines.job import JobOptions, JobResult, run_job
from textmine.engines.tracking import TrackOptions, run_track_job
from textmine.errors import TextmineError
from textmine.report import DEFAULT_TITLE
from textmine.report.review import DEFAULT_REVIEW_TITLE
from textmine.serve.api import ServiceDep
from textmine.serve.jobstore import Work
from textmine.serve.limits import ApiError
from textmine.serve.service import Service
from textmine.serve.uploads import JOB_FORM, TRACK_FORM, UploadTimeouts, receive_upload
from textmine.text.redact import redact

router = APIRouter(tags=["jobs"])
JOBS_PATH = "/v1/jobs"
TRACK_PATH = "/v1/track"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".jsonl": "application/x-ndjson",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
}
TRUE = ("1", "true", "on", "yes")
#: A job's files are shown as they are, never run: the report page holds no script and fetches nothing.
FILE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
                "X-Content-Type-Options": "nosniff"}  # fmt: skip
#: ASCII names of the files jobs write, for clients that read no UTF-8 file name (``curl -OJ``).
ASCII_STEMS = {"结果": "results", "聚类": "clusters", "报告": "report", "问题清单": "problems",
               "新问题清单": "new-problems", "回头看": "review"}  # fmt: skip


def multipart_body(required: list[str], properties: dict[str, dict]) -> dict:
    """The OpenAPI request body of a multipart upload with these fields."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


BINARY = {"type": "string", "format": "binary"}
UPLOAD_BODY = multipart_body(["file"], {
    "file": BINARY | {"description": ".xlsx, .csv, .tsv, .jsonl, .json, .parquet"},
    "title": {"type": "string", "description": "the report's title"},
    "within_labels": {"type": "boolean", "description": "cluster inside each label"},
    "redact": {"type": "boolean", "description": "mask personal details in every file"},
})  # fmt: skip
TRACK_BODY = multipart_body(["file", "register"], {
    "file": BINARY | {"description": "the new period's records: .xlsx, .csv, .tsv, .jsonl, .json, .parquet "
                                     "(classified first when they have no labels column)"},
    "register": BINARY | {"description": "the last problem list (问题清单.xlsx) textmine wrote, as staff edited it"},
    "title": {"type": "string", "description": "the 回头看 report's title"},
    "redact": {"type": "boolean", "description": "mask personal details in the new records and the report"},
})  # fmt: skip


def described(state: dict[str, Any]) -> dict[str, Any]:
    """A job's state as the API shows it, with the URL of each file (it holds no text of the records; the
    uploaded file's name was redacted when the job was made, if asked)."""
    base = f"{JOBS_PATH}/{state['id']}"
    files = [entry | {"url": f"{base}/files/{quote(entry['name'])}"} for entry in state.get("files") or []]
    return state | {"url": base, "files": files}


def timeouts_of(service: Service) -> UploadTimeouts:
    """How long an upload to this service may take."""
    return UploadTimeouts(service.settings.upload_idle_seconds, service.settings.upload_seconds)


def client_named(work: Work, names: dict[Path, str]) -> Work:
    """``work`` whose plain errors call each stored input (path -> the client's name for it) by the client's
    name: the private folder and the names files are stored under are never shown."""

    def named(outdir: Path, progress) -> JobResult:
        try:
            result = work(outdir, progress)
        except TextmineError as err:
            raise TextmineError(shown_names(str(err), names)) from None
        return result

    return named


def shown_names(message: str, names: dict[Path, str]) -> str:
    """``message`` with each stored input's path or stored name replaced by the client's name for it, and
    any other path in the job's folder (where the inputs are stored) by its file name.

    >>> stored = Path("/tmp/textmine-serve-x/jobs/0a1b/input.xlsx")
    >>> shown_names(f"{str(stored)!r} could not be opened; the input 'input.xlsx'", {stored: "信访.xlsx"})
    "'信访.xlsx' could not be opened; the input '信访.xlsx'"
    >>> shown_names("'/tmp/textmine-serve-x/jobs/0a1b/out/结果.xlsx' is open", {stored: "信访.xlsx"})
    "'结果.xlsx' is open"
    """
    for path, name in names.items():
        message = message.replace(repr(str(path)), repr(name)).replace(str(path), name)
        message = message.replace(repr(path.name), repr(name))
    folder = re.escape(str(next(iter(names)).parent))
    return re.sub(folder + r"[^\s'\"]*", lambda found: Path(found.group()).name, message)


@router.post(JOBS_PATH, status_code=202, openapi_extra=UPLOAD_BODY)
async def create_job(request: Request, service: ServiceDep) -> JSONResponse:
    """Upload a file (multipart field ``file``; optional ``title``, ``within_labels``, ``redact``) and start the
    whole job on it: classify, extract, cluster, report. Returns the job's id and URL."""
    job_id, folder = service.jobs.new_job()
    try:
        upload = await receive_upload(request, folder, JOB_FORM, timeouts_of(service))
    except BaseException:
        service.jobs.abandon(folder)
        raise
    fields = upload.fields
    title = fields.get("title", "").strip()[:200] or DEFAULT_TITLE
    hide = service.settings.redact or fields.get("redact", "").lower() in TRUE
    name = redact(upload.filename) if hide else upload.filename
    within_labels = fields.get("within_labels", "").lower() in TRUE
    options = JobOptions(title=title, redact=hide, within_labels=within_labels, input_name=name)

    def work(outdir, progress):
        return run_job(upload.path, outdir, service.model, options, progress=progress, extractor=service.extractor)

    state = service.jobs.submit(job_id, folder, [upload.path], client_named(work, {upload.path: name}), name)
    return JSONResponse(described(state), status_code=202)


@router.post(TRACK_PATH, status_code=202, openapi_extra=TRACK_BODY)
async def create_track_job(request: Request, service: ServiceDep) -> JSONResponse:
    """Track a new period against the problem list (回头看): upload the new period's records (field ``file``)
    and the last problem list textmine wrote, as staff edited it (field ``register``, .xlsx); optional
    ``title`` and ``redact``. The job's files are the new problem list (``新问题清单.xlsx``: each known
    problem's 跟踪结论, 整改后反弹 for one marked 已整改 or 已销号 and reported again, new problems appended,
    everything staff typed kept) and the 回头看 report (``回头看.html``). Returns the job's id and URL."""
    job_id, folder = service.jobs.new_job()
    try:
        upload = await receive_upload(request, folder, TRACK_FORM, timeouts_of(service))
    except BaseException:
        service.jobs.abandon(folder)
        raise
    fields = upload.fields
    hide = service.settings.redact or fields.get("redact", "").lower() in TRUE
    names = {key: redact(name) if hide else name for key, name in upload.filenames.items()}
    options = TrackOptions(title=fields.get("title", "").strip()[:200] or DEFAULT_REVIEW_TITLE, redact=hide,
                           register_name=names["register"], input_name=names["file"])  # fmt: skip
    records, register = upload.paths["file"], upload.paths["register"]

    def work(outdir, progress):
        return run_track_job(records, register, outdir, service.model, options, progress, service.extractor)

    named = client_named(work, {records: names["file"], register: names["register"]})
    state = service.jobs.submit(job_id, folder, [records, register], named, names["file"],
                                register_name=names["register"], kind="track")  # fmt: skip
    return JSONResponse(described(state), status_code=202)


@router.get(JOBS_PATH + "/{job_id}")
async def job_state(job_id: str, service: ServiceDep) -> dict[str, Any]:
    """A job's state (queued, running, done or failed), its stage, its progress from 0 to 1, the plain message
    of a failed job, and, once done, its files and summary."""
    state = service.jobs.state(job_id)
    if state is None:
        raise ApiError(404, "there is no such job (jobs are deleted some time after they were made)")
    return described(state)


@router.get(JOBS_PATH + "/{job_id}/files/{name}")
async def job_file(job_id: str, name: str, service: ServiceDep) -> FileResponse:
    """A file a finished job wrote, by the name its state lists."""
    path = service.jobs.file(job_id, name)
    if path is None:
        raise ApiError(404, "the job has no such file, or has not finished")
    disposition = content_disposition(path.name, "inline" if path.suffix == ".html" else "attachment")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
        headers=FILE_HEADERS | {"Content-Disposition": disposition},
    )


def content_disposition(name: str, kind: str) -> str:
    """The Content-Disposition of a job's file: an ASCII ``filename`` that every client reads and, for a name
    that is not ASCII, the name itself as ``filename*`` (RFC 6266), which browsers prefer.

    >>> content_disposition("结果.xlsx", "attachment").split("; ")
    ['attachment', 'filename="results.xlsx"', "filename*=utf-8''%E7%BB%93%E6%9E%9C.xlsx"]
    >>> content_disposition("summary.json", "attachment")
    'attachment; filename="summary.json"'
    """
    fallback = ascii_name(name)
    if fallback == name:
        return f'{kind}; filename="{name}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=utf-8''{quote(name)}"


def ascii_name(name: str) -> str:
    """An ASCII name for a file: the English name of a file jobs write, else the name's ASCII letters and
    digits (``download`` when none), with its suffix.

    >>> ascii_name("新问题清单.xlsx"), ascii_name("回头看.html"), ascii_name("第2轮.csv"), ascii_name("表")
    ('new-problems.xlsx', 'review.html', '2.csv', 'download')
    """
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = ASCII_STEMS.get(stem) or re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "download"
    suffix = re.sub(r"[^A-Za-z0-9]+", "", suffix)
    return f"{stem}.{suffix}" if suffix else stem
