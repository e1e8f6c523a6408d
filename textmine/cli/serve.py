"""``textmine serve``: the HTTP API, the Label Studio ML backend and the web page (the ``serve`` extra)."""

from __future__ import annotations

import argparse

from textmine.cli.common import add_model_option
from textmine.lazy import lazy_module
from textmine.optional import require
from textmine.serve.settings import ServeSettings

#: FastAPI and uvicorn are imported only when the service starts, after checking that they are installed.
server = lazy_module("textmine.serve.server")
EXTRA_MODULES = ("fastapi", "uvicorn", "python_multipart")


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve the API, the Label Studio ML backend and the web page")
    defaults = ServeSettings()
    parser.add_argument(
        "--host", default=defaults.host, help="address to bind (default 127.0.0.1; another needs a token)"
    )
    parser.add_argument("--port", type=int, default=defaults.port, help="port (default 8000)")
    add_model_option(parser)
    parser.add_argument("--token-file", help="a file holding the token callers must send (Authorization: Bearer)")
    parser.add_argument("--workers", type=int, default=defaults.workers, help="worker processes (default 1)")
    parser.add_argument("--redact", action="store_true", help="mask personal details in every response and file")
    parser.add_argument("--max-records", type=int, default=defaults.max_records,
                        help=f"records per request (default {defaults.max_records})")  # fmt: skip
    parser.add_argument("--max-chars", type=int, default=defaults.max_chars,
                        help=f"characters per record (default {defaults.max_chars})")  # fmt: skip
    parser.add_argument("--max-upload-mb", type=float, default=defaults.max_upload_bytes / 2**20,
                        help="size of an uploaded file in MB (default 50)")  # fmt: skip
    parser.add_argument("--keep-minutes", type=float, default=defaults.keep_seconds / 60,
                        help="minutes a job's files are kept (default 60)")  # fmt: skip
    parser.set_defaults(run=run)


def settings_of(args: argparse.Namespace) -> ServeSettings:
    return ServeSettings(
        host=args.host,
        port=args.port,
        model=args.model,
        token_file=args.token_file,
        workers=args.workers,
        redact=args.redact,
        max_records=args.max_records,
        max_chars=args.max_chars,
        max_upload_bytes=int(args.max_upload_mb * 2**20),
        keep_seconds=int(args.keep_minutes * 60),
    ).check()


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    for module in EXTRA_MODULES:
        require(module, "serve")
    return server.serve(settings)
