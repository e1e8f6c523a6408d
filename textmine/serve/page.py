"""The web page at ``/`` for staff: in Chinese, one file with its style and script inline, nothing fetched
from elsewhere. Choose or drop a ``.xlsx``/``.csv`` file, follow the job's progress, then read the report
inline and download the results and the problem list.

With a token, a browser opening ``/`` first gets the login page (status 401, no data): the token typed
there is kept in ``sessionStorage`` (never in an address), the real page is fetched with
``Authorization: Bearer`` and written in its place, and the page sends the header with each call.

Each page's Content-Security-Policy allows only the inline scripts it may run (by their SHA-256 digests;
the login page's also allow the real page's, which it writes) and calls to this service.

>>> "script-src 'sha256-" in page_policy("<script>1</script>")
True
>>> login_response().status_code, "sessionStorage" in login_response().body.decode()
(401, True)
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from textmine.serve.security import CHALLENGE

router = APIRouter(include_in_schema=False)
PAGE_FILE = Path(__file__).parent / "page" / "index.html"
LOGIN_FILE = Path(__file__).parent / "page" / "login.html"
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def page_policy(*pages: str) -> str:
    """The Content-Security-Policy allowing the inline scripts of ``pages`` by digest, same-origin calls only."""
    digests = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for page in pages
        for script in SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {digests}; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self' data: blob:; frame-src 'self' about:; base-uri 'none'; form-action 'none'"
    )


def _headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}  # fmt: skip


def login_response() -> HTMLResponse:
    """The login page, answered with status 401 to a browser opening ``/`` without the token."""
    login = LOGIN_FILE.read_text(encoding="utf-8")
    policy = page_policy(login, PAGE_FILE.read_text(encoding="utf-8"))
    return HTMLResponse(login, status_code=401, headers=_headers(policy) | CHALLENGE)


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    page = PAGE_FILE.read_text(encoding="utf-8")
    return HTMLResponse(page, headers=_headers(page_policy(page)))
