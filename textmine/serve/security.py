"""Who may call the service. With a token, every request but ``GET /health`` needs
``Authorization: Bearer TOKEN``; anything else is answered 401. Tokens are compared in constant time.

A browser cannot send a header when it opens an address, so ``GET /`` without the token answers 401 with a
small login page (:func:`textmine.serve.page.login_response`): its script keeps the token typed there in
``sessionStorage`` and loads the real page with the header. Every other refusal is a plain JSON message.

Label Studio's connection to an ML backend can only send HTTP Basic auth, so its three routes (``/setup``,
``/predict``, ``/webhook``) also take Basic auth whose password is the token; no other route does.

>>> token_matches("Bearer s3cret-token-0123456789", "s3cret-token-0123456789")
True
>>> basic = "Basic " + base64.b64encode(b"labelstudio:s3cret-token-0123456789").decode()
>>> token_matches(basic, "s3cret-token-0123456789"), token_matches(basic, "s3cret-token-0123456789", basic=True)
(False, True)
>>> token_matches("Bearer wrong", "s3cret-token-0123456789"), token_matches(None, "s3cret-token-0123456789")
(False, False)
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response

PUBLIC_PATH = "/health"
PAGE_PATH = "/"
#: The Label Studio ML backend routes: the only ones that also take Basic auth (Label Studio sends no other).
BASIC_AUTH_PATHS = frozenset({"/setup", "/predict", "/webhook"})
UNAUTHORIZED = "this service needs a token: send the header Authorization: Bearer <token>"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="textmine"'}


def is_public(method: str, path: str) -> bool:
    """Whether a request may come without the token: only reading ``/health``."""
    return method in ("GET", "HEAD") and path == PUBLIC_PATH


def presented_token(authorization: str | None, basic: bool = False) -> str | None:
    """The token an ``Authorization`` header carries: a Bearer token, or with ``basic`` a Basic password."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if basic and scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


def token_matches(authorization: str | None, token: str, basic: bool = False) -> bool:
    """Whether the header carries ``token``; the comparison does not stop at the first differing byte."""
    presented = presented_token(authorization, basic)
    return presented is not None and hmac.compare_digest(presented.encode("utf-8"), token.encode("utf-8"))


class TokenGuard:
    """ASGI middleware answering 401 to requests without the token: the login page (``login_page()``, a
    response) for a browser opening ``/``, a plain JSON message for everything else."""

    def __init__(self, app, token: str | None, login_page: Callable[[], Response] | None = None) -> None:
        self.app = app
        self.token = token
        self.login_page = login_page

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket" and self.token is not None:  # the service has none: refuse them all
            await send({"type": "websocket.close", "code": 1008})
            return
        if self.refuses(scope):
            await self.refusal(scope)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refuses(self, scope) -> bool:
        if scope["type"] != "http" or self.token is None or is_public(scope["method"], scope["path"]):
            return False
        basic = scope["path"] in BASIC_AUTH_PATHS
        return not token_matches(Headers(scope=scope).get("authorization"), self.token, basic=basic)

    def refusal(self, scope) -> Response:
        if self.login_page is not None and scope["method"] in ("GET", "HEAD") and scope["path"] == PAGE_PATH:
            return self.login_page()
        return JSONResponse({"error": UNAUTHORIZED}, status_code=401, headers=CHALLENGE)
