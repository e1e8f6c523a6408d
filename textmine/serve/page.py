"""The web page at ``/`` for staff: in Chinese, one file with its style and script inline, nothing fetched
from elsewhere. Choose or drop a ``.xlsx``/``.csv`` file, follow the job's progress, then read the report
inline and download the results and the problem list. With a token it asks for the token and sends it
with each call.

The page's Content-Security-Policy allows only its own inline script (by its SHA-256 digest) and calls to
this service.

>>> "script-src 'sha256-" in page_policy("<script>1</script>")
True
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
PAGE_FILE = Path(__file__).parent / "page" / "index.html"
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def page_policy(page: str) -> str:
    """The Content-Security-Policy for ``page``: its inline scripts by digest, same-origin calls only."""
    digests = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {digests}; style-src 'unsafe-inline'; connect-src 'self'; "
        "img-src 'self' data: blob:; frame-src 'self' about:; base-uri 'none'; form-action 'none'"
    )


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    page = PAGE_FILE.read_text(encoding="utf-8")
    headers = {"Content-Security-Policy": page_policy(page), "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer"}  # fmt: skip
    return HTMLResponse(page, headers=headers)
