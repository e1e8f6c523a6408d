"""The service's settings: one frozen dataclass, checked once when the service starts, and handed to every
worker process as JSON.

>>> settings = ServeSettings(max_records=100)
>>> settings.max_records, settings.is_loopback
(100, True)
>>> ServeSettings.from_json(settings.to_json()) == settings
True
>>> ServeSettings(host="0.0.0.0").check()
Traceback (most recent call last):
...
textmine.errors.TextmineError: binding 0.0.0.0 opens the service to other machines; give a token with --token-file FILE, or keep the default host 127.0.0.1
"""

from __future__ import annotations

import ipaddress
import json
import os
import stat
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from textmine.errors import TextmineError

MIN_TOKEN_CHARS = 16
#: The command line's options for settings it takes in another unit: the option's name and its unit.
OPTIONS = {"max_upload_bytes": ("max-upload-mb", 2**20), "keep_seconds": ("keep-minutes", 60)}


@dataclass(frozen=True)
class ServeSettings:
    """Where the service listens, which model it uses, who may call it and how much one request may ask.

    ``max_body_bytes`` bounds a JSON request, ``max_upload_bytes`` a job's uploaded file; ``max_records``
    the records (or Label Studio tasks) of one request and ``max_chars`` the characters of one record.
    A worker runs at most ``max_jobs`` jobs (waiting or running) and receives at most ``max_uploads``
    uploads at once; an upload is dropped (408) when no data comes for ``upload_idle_seconds`` or it takes
    longer than ``upload_seconds`` in all. Uploads and job outputs live in ``work_dir`` (a private folder
    made at start when None) and are deleted ``keep_seconds`` after the job was made.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    model: str | None = None
    token_file: str | None = None
    workers: int = 1
    redact: bool = False
    max_body_bytes: int = 2 * 1024 * 1024
    max_upload_bytes: int = 50 * 1024 * 1024
    max_records: int = 500
    max_chars: int = 20_000
    max_jobs: int = 8
    max_uploads: int = 16
    upload_idle_seconds: float = 60.0
    upload_seconds: float = 900.0
    job_threads: int = 1
    classify_threads: int = 2
    keep_seconds: int = 3600
    work_dir: str | None = None

    @property
    def is_loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:  # a host name: it may resolve to anything
            return False

    def check(self) -> ServeSettings:
        """Self, or a plain error for settings the service refuses (another address without a token...)."""
        if not self.is_loopback and not self.token_file:
            raise TextmineError(
                f"binding {self.host} opens the service to other machines; give a token with --token-file FILE, "
                "or keep the default host 127.0.0.1"
            )
        for name in ("port", "workers", "max_body_bytes", "max_upload_bytes", "max_records", "max_chars",
                     "max_jobs", "max_uploads", "job_threads", "classify_threads", "keep_seconds"):  # fmt: skip
            if getattr(self, name) < (0 if name == "port" else 1):
                option, value = as_typed(name, getattr(self, name))
                raise TextmineError(f"{option} must be a positive number, not {value}")
        for name in ("upload_idle_seconds", "upload_seconds"):
            if not getattr(self, name) > 0:
                raise TextmineError(f"{name.replace('_', '-')} must be a positive number, not {getattr(self, name)}")
        if self.token_file:
            read_token(self.token_file)
        return self

    def token(self) -> str | None:
        """The token callers must present, read from ``token_file`` (None: no token is asked for)."""
        return read_token(self.token_file) if self.token_file else None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeSettings:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def as_typed(name: str, value: float) -> tuple[str, float]:
    """A setting as the command line takes it: the option's name and the value in its unit.

    >>> as_typed("max_upload_bytes", 0), as_typed("keep_seconds", 90), as_typed("max_records", 0)
    (('max-upload-mb', 0), ('keep-minutes', 1.5), ('max-records', 0))
    """
    option, unit = OPTIONS.get(name, (name.replace("_", "-"), 1))
    return option, value / unit if value % unit else value // unit


def read_token(path: str | Path) -> str:
    """The token in a file (its first line, spaces removed); a plain error when it is missing or too short."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TextmineError(f"the token file {str(path)!r} does not exist") from None
    except (OSError, UnicodeDecodeError) as err:
        raise TextmineError(f"the token file {str(path)!r} cannot be read: {err}") from None
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if len(token) < MIN_TOKEN_CHARS or any(c.isspace() for c in token):
        raise TextmineError(
            f"the token in {str(path)!r} must be one line of at least {MIN_TOKEN_CHARS} characters without spaces"
        )
    return token


def token_file_is_private(path: str | Path) -> bool:
    """Whether only the owner may read the token file (a warning is logged otherwise)."""
    mode = os.stat(path).st_mode
    return not mode & (stat.S_IRGRP | stat.S_IROTH)
