"""How much one request may ask: a bounded body (413), a bounded number of records (413) and of characters
per record (422), each refused with a plain JSON message ``{"error": "..."}``.

>>> check_records(3, max_records=2)
Traceback (most recent call last):
...
textmine.serve.limits.ApiError: 3 records were sent; at most 2 are taken per request: send them in smaller batches
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse


class ApiError(Exception):
    """A request the service refuses: an HTTP status, one plain sentence and any headers the answer needs
    (``Retry-After`` with a 429...)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class BodyTooLarge(HTTPException):
    """Raised while a body streams in past its limit (an HTTP error, so that FastAPI's body parsing passes it on)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_message(limit))


def check_records(count: int, max_records: int, what: str = "records") -> None:
    if count > max_records:
        raise ApiError(
            413, f"{count} {what} were sent; at most {max_records} are taken per request: send them in smaller batches"
        )


def check_lengths(texts: Sequence[str], ids: Sequence[object], max_chars: int) -> None:
    """422 naming the first record longer than ``max_chars`` characters."""
    for text, record_id in zip(texts, ids):
        if len(text) > max_chars:
            raise ApiError(
                422, f"record {record_id} has {len(text)} characters; at most {max_chars} are taken per record"
            )


def too_large_message(limit: int) -> str:
    return f"the request is larger than the {limit / (1024 * 1024):g} MB this service takes"


def too_large(limit: int) -> JSONResponse:
    return JSONResponse({"error": too_large_message(limit)}, 413)


class BodyLimit:
    """ASGI middleware: 413 for a body over the limit, from its Content-Length or while it streams in.

    ``upload_paths`` (POST) get ``upload_limit``; every other request ``limit``.
    """

    def __init__(self, app, limit: int, upload_limit: int, upload_paths: Sequence[str] = ()) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit
        self.upload_paths = frozenset(upload_paths)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = scope["method"] == "POST" and scope["path"] in self.upload_paths
        limit = self.upload_limit if upload else self.limit
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await too_large(limit)(scope, receive, send)
            return
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await too_large(limit)(scope, receive, send)
