"""Running the service with uvicorn: one process, or ``workers`` processes that each load the model once and
share one private work folder for the jobs (removed when the service stops).

>>> serve(ServeSettings(port=8000))     # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
import tempfile

import uvicorn

from textmine.serve.app import SETTINGS_ENV, create_app
from textmine.serve.settings import ServeSettings


def serve(settings: ServeSettings) -> int:
    """Serve until interrupted; returns the exit code."""
    settings.check()
    work_dir = settings.work_dir or tempfile.mkdtemp(prefix="textmine-serve-")
    settings = dataclasses.replace(settings, work_dir=work_dir)
    url = f"http://{settings.host if ':' not in settings.host else f'[{settings.host}]'}:{settings.port}"
    print(f"textmine serves {url}/ (the page), {url}/docs (the API); Ctrl+C stops it", file=sys.stderr)
    try:
        if settings.workers == 1:
            uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
        else:
            os.environ[SETTINGS_ENV] = settings.to_json()  # how the worker processes receive the settings
            uvicorn.run("textmine.serve.app:create_app_from_environment", factory=True, host=settings.host,
                        port=settings.port, workers=settings.workers, log_level="info")  # fmt: skip
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return 0
