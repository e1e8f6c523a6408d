"""Jobs of the service: one private folder per job under the work folder, its state in ``state.json``
(written whole, so any worker process can answer for it), run in a small thread pool of the worker that
took the upload, and deleted ``keep_seconds`` after it was made.

Job ids are made here; a client's id is only looked up among the folders that exist, and a file name only
among the files the job wrote.

>>> import tempfile, pathlib
>>> store = JobStore(pathlib.Path(tempfile.mkdtemp()), keep_seconds=60)
>>> store.state("no-such-job") is None, store.file("no-such-job", "报告.html") is None
(True, True)
>>> store.close(remove=True)
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from textmine.engines.job import STAGE_NAMES, JobProgress, JobResult
from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json, write_json
from textmine.serve.limits import ApiError

log = logging.getLogger(__name__)
STATE_FILE = "state.json"
OUTPUT_FOLDER = "out"
#: What a job runs: its output folder and a progress callback in, the files it wrote out.
Work = Callable[[Path, Callable[[JobProgress], None]], JobResult]
INTERNAL_ERROR = "the file could not be processed because of an internal error; the server log has the details"
#: How long a client refused for want of room should wait before trying again.
RETRY_AFTER = {"Retry-After": "10"}


class JobStore:
    """Make, run, describe and clean up jobs in ``work_dir/jobs``: at most ``max_jobs`` waiting or running,
    and at most ``max_uploads`` uploads being received (an upload takes a job's place only once it is whole)."""

    def __init__(self, work_dir: Path, keep_seconds: int = 3600, max_jobs: int = 8, threads: int = 1,
                 max_uploads: int = 16) -> None:  # fmt: skip
        self.root = Path(work_dir) / "jobs"
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.trash = Path(work_dir) / "removing"
        self.trash.mkdir(mode=0o700, exist_ok=True)
        os.chmod(work_dir, 0o700)
        self.keep_seconds = keep_seconds
        self.max_jobs = max_jobs
        self.max_uploads = max_uploads
        self._uploading = 0
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="textmine-job")
        self._active = 0
        self._lock = threading.Lock()
        self._futures: set[Future] = set()

    def new_job(self) -> tuple[str, Path]:
        """A fresh job id and its private folder, for an upload about to be received; 429 when this worker
        already has ``max_jobs`` jobs waiting or running, or ``max_uploads`` uploads coming in."""
        self.sweep()
        with self._lock:
            if self._active >= self.max_jobs:
                raise jobs_full(self._active)
            if self._uploading >= self.max_uploads:
                raise ApiError(429, f"{self._uploading} uploads are coming in; try again in a moment", RETRY_AFTER)
            self._uploading += 1
        job_id = secrets.token_hex(16)
        folder = self.root / job_id
        try:
            folder.mkdir(mode=0o700)
        except BaseException:
            self.abandon(folder)
            raise
        return job_id, folder

    def abandon(self, folder: Path) -> None:
        """Forget a job whose upload failed."""
        shutil.rmtree(folder, ignore_errors=True)
        with self._lock:
            self._uploading -= 1

    def _start(self, folder: Path) -> None:
        """Turn a received upload into a job that waits or runs; 429 (the upload deleted) when jobs are full."""
        with self._lock:
            self._uploading -= 1
            active = self._active
            if active < self.max_jobs:
                self._active += 1
        if active >= self.max_jobs:
            shutil.rmtree(folder, ignore_errors=True)
            raise jobs_full(active)

    def submit(self, job_id: str, folder: Path, inputs: list[Path], work: Work, input_name: str, **shown: Any) -> dict:
        """Queue the job: ``work(output_folder, progress)`` writes its files and returns them; ``inputs`` are
        deleted when it ends. ``input_name`` and ``shown`` are kept in its state. Returns its first state;
        429 (the upload deleted) when ``max_jobs`` jobs are already waiting or running."""
        self._start(folder)
        state = {"id": job_id, "state": "queued", "stage": None, "stage_zh": None, "progress": 0.0,
                 "input_name": input_name, **shown, "created": time.time(), "error": None, "files": [],
                 "summary": None}  # fmt: skip
        write_json(folder / STATE_FILE, state)
        future = self.executor.submit(self._run, folder, inputs, work, state)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return state

    def _run(self, folder: Path, inputs: list[Path], work: Work, state: dict) -> None:
        writer = _ProgressWriter(folder / STATE_FILE, state)
        try:
            writer.update(state="running")
            result = work(folder / OUTPUT_FOLDER, writer)
            files = [{"kind": kind, "name": path.name, "bytes": path.stat().st_size}
                     for kind, path in result.files.items()]  # fmt: skip
            writer.update(state="done", progress=1.0, files=files, summary=result.summary, finished=time.time())
        except TextmineError as err:
            writer.update(state="failed", error=str(err), finished=time.time())
        except Exception:
            log.exception("job %s failed", state["id"])
            writer.update(state="failed", error=INTERNAL_ERROR, finished=time.time())
        finally:
            for path in inputs:
                path.unlink(missing_ok=True)
            with self._lock:
                self._active -= 1

    def _folder(self, job_id: str) -> Path | None:
        """The folder of a job that exists, found by listing (the client's string is never joined to a path)."""
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return None
        for name in names:
            if name == job_id:
                return self.root / name
        return None

    def state(self, job_id: str) -> dict[str, Any] | None:
        folder = self._folder(job_id)
        if folder is None or not (folder / STATE_FILE).is_file():
            return None
        try:
            return read_json(folder / STATE_FILE)
        except TextmineError:
            return None

    def file(self, job_id: str, name: str) -> Path | None:
        """The path of a file a finished job wrote, looked up by its name among the job's files."""
        state = self.state(job_id)
        folder = self._folder(job_id)
        if state is None or folder is None or state.get("state") != "done":
            return None
        written = {entry["name"]: folder / OUTPUT_FOLDER / entry["name"] for entry in state["files"]}
        path = written.get(name)
        return path if path is not None and path.is_file() else None

    def sweep(self, now: float | None = None) -> int:
        """Delete the jobs made more than ``keep_seconds`` ago (one still running only after four times that);
        returns how many."""
        now = time.time() if now is None else now
        removed = 0
        for folder in list(self.root.iterdir()) if self.root.is_dir() else []:
            try:
                made, active = _age_of(folder)
            except OSError:
                continue
            if now - made > self.keep_seconds * (4 if active else 1):
                removed += self._remove(folder)
        return removed

    def _remove(self, folder: Path) -> int:
        """Take a job out of the listing in one rename, then delete its files; 1 when this call removed it."""
        doomed = self.trash / f"{folder.name}-{secrets.token_hex(4)}"
        try:
            folder.rename(doomed)
        except OSError:
            return 0
        shutil.rmtree(doomed, ignore_errors=True)
        return 1

    def close(self, remove: bool = False, wait_seconds: float = 30.0) -> None:
        """Stop taking jobs: waiting ones are dropped, running ones get ``wait_seconds`` to finish; with
        ``remove``, delete the whole work folder."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        wait(list(self._futures), timeout=wait_seconds)
        if remove:
            shutil.rmtree(self.root.parent, ignore_errors=True)


def jobs_full(active: int) -> ApiError:
    """The refusal of a job when ``active`` jobs are waiting or running, the most a worker takes."""
    return ApiError(429, f"{active} jobs are waiting or running; try again when one has finished", RETRY_AFTER)


def _age_of(folder: Path) -> tuple[float, bool]:
    """When a job was made, and whether it is waiting or running."""
    try:
        state = read_json(folder / STATE_FILE)
        return float(state["created"]), state.get("state") in ("queued", "running")
    except (TextmineError, KeyError, TypeError, ValueError):
        return folder.stat().st_mtime, False


class _ProgressWriter:
    """Writes a job's state when its stage changes, and at most every ``every`` seconds in between."""

    def __init__(self, path: Path, state: dict, every: float = 0.25) -> None:
        self.path, self.state, self.every = path, state, every
        self.written = 0.0

    def __call__(self, progress: JobProgress) -> None:
        changed = progress.stage != self.state.get("stage")
        self.state.update(stage=progress.stage, stage_zh=STAGE_NAMES[progress.stage], progress=progress.fraction)
        if changed or time.monotonic() - self.written >= self.every:
            self._write()

    def update(self, **values: Any) -> None:
        self.state.update(values)
        self._write()

    def _write(self) -> None:
        write_json(self.path, self.state)
        self.written = time.monotonic()
