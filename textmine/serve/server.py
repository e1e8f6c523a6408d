"""Running the service with uvicorn: one process, or ``workers`` processes that each load the model once and
share one private work folder for the jobs (removed when the service stops, by Ctrl+C or by SIGTERM).

>>> serve(ServeSettings(port=8000))     # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import sys
import tempfile
import threading

import uvicorn

from textmine.serve.app import SETTINGS_ENV, create_app
from textmine.serve.settings import ServeSettings


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that every clean-up on the way out runs."""


def serve(settings: ServeSettings) -> int:
    """Serve until interrupted (Ctrl+C or SIGTERM); returns the exit code."""
    settings.check()
    url = f"http://{settings.host if ':' not in settings.host else f'[{settings.host}]'}:{settings.port}"
    print(f"textmine serves {url}/ (the page), {url}/docs (the API); Ctrl+C stops it", file=sys.stderr)
    with terminated_quietly():
        if settings.workers == 1:
            _serve_one(settings)
        else:
            _serve_workers(settings)
    return 0


@contextlib.contextmanager
def terminated_quietly():
    """While the block runs, SIGTERM raises :class:`Terminated` (which the block ends with) instead of ending
    the process at once. uvicorn takes SIGTERM over while it serves and sends it again once it has stopped
    gracefully: without this, that second signal would end the process before the work folder is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except Terminated:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve_one(settings: ServeSettings) -> None:
    """One process: its service makes the private work folder (unless ``settings.work_dir`` names one) and
    removes it when it closes, at the application's shutdown or here when uvicorn did not get that far."""
    app = create_app(settings)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
    finally:
        app.state.service.close()


def _serve_workers(settings: ServeSettings) -> None:
    """Worker processes sharing a private work folder made here (unless ``settings.work_dir`` names one), which
    is removed once they have all stopped."""
    work_dir = settings.work_dir or tempfile.mkdtemp(prefix="textmine-serve-")
    os.environ[SETTINGS_ENV] = dataclasses.replace(settings, work_dir=work_dir).to_json()  # for the workers
    try:
        uvicorn.run("textmine.serve.app:create_app_from_environment", factory=True, host=settings.host,
                    port=settings.port, workers=settings.workers, log_level="info")  # fmt: skip
    finally:
        if settings.work_dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
