"""The FastAPI application: routes from :mod:`.api`, :mod:`.jobs`, :mod:`.labelstudio` and :mod:`.page`, the
token guard and body limit around them, and every error as a plain JSON message ``{"error": "..."}``.

>>> from textmine.serve.settings import ServeSettings
>>> app = create_app(ServeSettings())             # doctest: +SKIP
>>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP

The interactive API docs (``/docs``, Swagger UI) are served from the assets the ``fastapi-offline`` package
ships, so they work without a network; without that package they are left out and ``/openapi.json`` stays.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from textmine import __version__
from textmine.errors import TextmineError
from textmine.serve import api, jobs, labelstudio, page
from textmine.serve.limits import ApiError, BodyLimit
from textmine.serve.security import TokenGuard
from textmine.serve.service import Service
from textmine.serve.settings import ServeSettings

log = logging.getLogger(__name__)
SETTINGS_ENV = "TEXTMINE_SERVE_SETTINGS"
#: How pydantic names the member of a union it tried, in an error's location (no request field has these names).
UNION_MEMBERS = frozenset({"str", "int", "float", "bool", "bytes", "none", "decimal", "date", "time", "datetime",
                           "timedelta", "uuid", "url", "any", "is-instance", "json-or-python", "lax-or-strict"})  # fmt: skip
DOCS_ASSETS = "/docs/assets"
DESCRIPTION = """Classify and cluster the Chinese text an inspection office collects.

**Jobs**: `POST /v1/jobs` (multipart field `file`) classifies, extracts, clusters and reports one file;
`POST /v1/track` (fields `file`: the new period's records, `register`: the last 问题清单.xlsx textmine
wrote, as staff edited it) tracks a period for 回头看: its files are `新问题清单.xlsx` (each problem's
跟踪结论: 整改后反弹 when one marked 已整改 or 已销号 is reported again, 持续反映, 本期无反映, new problems
as 新发现; what staff typed kept) and the report `回头看.html`. Follow either at `GET /v1/jobs/{id}` and
download its files from `GET /v1/jobs/{id}/files/{name}`.

**Auth**: with a token, every route but `GET /health` needs `Authorization: Bearer <token>` (the
**Authorize** button below); Label Studio's routes (`/setup`, `/predict`, `/webhook`) also take Basic
auth with the token as the password."""


def create_app(settings: ServeSettings, model=None, model_version: str | None = None) -> FastAPI:
    """The service for ``settings``; the model (``settings.model``, else the active one) is loaded here, once."""
    service = Service.start(settings, model=model, model_version=model_version)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        sweeper = asyncio.create_task(sweep_jobs(service))
        try:
            yield
        finally:
            sweeper.cancel()
            service.close()

    app = FastAPI(title="textmine", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                  lifespan=lifespan)  # fmt: skip
    app.state.service = service
    for module in (api, jobs, labelstudio, page):
        app.include_router(module.router)
    _add_docs(app)
    _add_error_handlers(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes,
                       upload_paths=[jobs.JOBS_PATH, jobs.TRACK_PATH])  # fmt: skip
    app.add_middleware(TokenGuard, token=service.token, login_page=page.login_response)
    _declare_bearer(app)
    return app


async def sweep_jobs(service: Service) -> None:
    """Delete expired jobs every quarter of their keeping time (at most a minute apart), off the event loop."""
    every = min(60.0, max(0.25, service.settings.keep_seconds / 4))
    while True:
        await asyncio.sleep(every)
        try:
            await anyio.to_thread.run_sync(service.jobs.sweep)
        except OSError:
            log.exception("could not delete expired jobs")


def create_app_from_environment() -> FastAPI:
    """The app of a uvicorn worker process, from the settings the command line put in the environment."""
    return create_app(ServeSettings.from_json(os.environ[SETTINGS_ENV]))


def swagger_assets() -> Path | None:
    """The folder of Swagger UI's script and style sheet shipped by ``fastapi-offline``, if it is installed."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _add_docs(app: FastAPI) -> None:
    assets = swagger_assets()
    if assets is None:
        return
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="textmine API",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        )


def _add_error_handlers(app: FastAPI) -> None:
    def plain(status: int, message: str, headers: dict | None = None) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, err: ApiError) -> JSONResponse:
        return plain(err.status, err.message, err.headers)

    @app.exception_handler(TextmineError)
    async def textmine_error(request: Request, err: TextmineError) -> JSONResponse:
        return plain(422, str(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> JSONResponse:
        message = err.detail if isinstance(err.detail, str) else "the request was refused"
        return plain(err.status_code, {404: "there is nothing at this address"}.get(err.status_code, message),
                     getattr(err, "headers", None))  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        return plain(422, validation_message(err.errors()))

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> JSONResponse:
        log.exception("request %s %s failed", request.method, request.url.path)
        return plain(500, "an internal error happened; the server log has the details")


def validation_message(errors) -> str:
    """One sentence for FastAPI's list of validation errors: where the first one is and what is wrong.

    >>> validation_message([{"loc": ("body", "records", 0, "text"), "msg": "Field required"}])
    'the request is not valid: records[0].text: field required'
    >>> validation_message([{"loc": ("body", "records", 0, "id", "str"), "msg": "Input should be a valid string"}])
    'the request is not valid: records[0].id: input should be a valid string'
    """
    if not errors:
        return "the request is not valid"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "the request body is not valid JSON"
    where = ""
    for part in first.get("loc", ())[1:]:
        if where and is_union_member(part):
            continue
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    message = str(first.get("msg", "not valid"))
    if message[1:2].islower():
        message = message[:1].lower() + message[1:]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"the request is not valid: {where + ': ' if where else ''}{message}{more}"


def is_union_member(part: object) -> bool:
    """Whether a step of an error's location names the member of a union that was tried (``str`` in
    ``records.0.id.str``), not a field: pydantic's names of types, never those of the request's fields.

    >>> is_union_member("str"), is_union_member("list[int]"), is_union_member("text"), is_union_member(0)
    (True, True, False, False)
    """
    return isinstance(part, str) and (part in UNION_MEMBERS or "[" in part)


def _declare_bearer(app: FastAPI) -> None:
    """Describe the token in the OpenAPI document, so Swagger UI's Authorize button sends it."""
    make_schema = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = make_schema()
            schema.setdefault("components", {})["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi
