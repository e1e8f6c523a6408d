"""Who may call the service. With a token, every request needs ``Authorization: Bearer TOKEN`` (HTTP Basic
auth whose password is the token is taken too: Label Studio's ML backend connection sends that), except
``/health`` and the static shells a browser loads before it can send a header: the page at ``/``, the API
docs page and its assets, and ``/openapi.json``. They hold no data; the page asks for the token and sends
it with each call. Tokens are compared in constant time.

>>> token_matches("Bearer s3cret-token-0123456789", "s3cret-token-0123456789")
True
>>> token_matches("Basic " + base64.b64encode(b"labelstudio:s3cret-token-0123456789").decode(),
...               "s3cret-token-0123456789")
True
>>> token_matches("Bearer wrong", "s3cret-token-0123456789"), token_matches(None, "s3cret-token-0123456789")
(False, False)
"""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.datastructures import Headers
from starlette.responses import JSONResponse

PUBLIC_PATHS = frozenset({"/health", "/", "/docs", "/openapi.json"})
PUBLIC_PREFIXES = ("/docs/assets/",)
UNAUTHORIZED = "this service needs a token: send the header Authorization: Bearer <token>"


def is_public(method: str, path: str) -> bool:
    """Whether a request may come without the token."""
    return method in ("GET", "HEAD") and (path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES))


def presented_token(authorization: str | None) -> str | None:
    """The token an ``Authorization`` header carries: a Bearer token, or a Basic password."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2]
    return None


def token_matches(authorization: str | None, token: str) -> bool:
    """Whether the header carries ``token``; the comparison does not stop at the first differing byte."""
    presented = presented_token(authorization)
    return presented is not None and hmac.compare_digest(presented.encode("utf-8"), token.encode("utf-8"))


class TokenGuard:
    """ASGI middleware answering 401 with a plain JSON message to requests without the token."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket" and self.token is not None:  # the service has none: refuse them all
            await send({"type": "websocket.close", "code": 1008})
            return
        if self.refuses(scope):
            response = JSONResponse(
                {"error": UNAUTHORIZED}, status_code=401, headers={"WWW-Authenticate": 'Bearer realm="textmine"'}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refuses(self, scope) -> bool:
        if scope["type"] != "http" or self.token is None or is_public(scope["method"], scope["path"]):
            return False
        return not token_matches(Headers(scope=scope).get("authorization"), self.token)
