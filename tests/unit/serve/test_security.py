"""The token check: what a header carries, which paths are public, where Basic auth is taken."""

import base64

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


def test_presented_token_reads_bearer_and_basic_only_when_asked():
    from textmine.serve.security import presented_token

    assert presented_token("Bearer abc") == "abc" and presented_token("bearer  abc ") == "abc"
    basic = "Basic " + base64.b64encode(b"u:p:w").decode()
    assert presented_token(basic) is None and presented_token(basic, basic=True) == "p:w"
    assert presented_token("Basic !!!", basic=True) is None and presented_token("Token abc", basic=True) is None
    assert presented_token(None) is None and presented_token("") is None


def test_only_reading_health_is_public():
    from textmine.serve.security import is_public

    assert is_public("GET", "/health") and is_public("HEAD", "/health")
    for path in ("/", "/docs", "/openapi.json", "/docs/assets/x.js", "/v1/taxonomy", "/healthz", "/health/"):
        assert not is_public("GET", path), path
    assert not is_public("POST", "/health")


def test_the_guard_takes_basic_auth_only_on_label_studios_routes():
    from textmine.serve.security import TokenGuard

    token = "abcdefghijklmnop"
    guard = TokenGuard(None, token)
    basic = (b"authorization", ("Basic " + base64.b64encode(f"ls:{token}".encode()).decode()).encode())

    def refuses(path: str, method: str = "POST") -> bool:
        return guard.refuses({"type": "http", "method": method, "path": path, "headers": [basic]})

    assert not refuses("/predict") and not refuses("/setup") and not refuses("/webhook")
    assert refuses("/v1/classify") and refuses("/v1/jobs") and refuses("/", "GET") and refuses("/docs", "GET")


def test_a_token_differing_anywhere_is_refused():
    from textmine.serve.security import token_matches

    token = "abcdefghijklmnop"
    assert token_matches(f"Bearer {token}", token)
    for wrong in ("Xbcdefghijklmnop", "abcdefghijklmnoX", token[:-1], token + "q", ""):
        assert not token_matches(f"Bearer {wrong}", token)
