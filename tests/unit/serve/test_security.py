"""The token check: what a header carries, which paths are public."""

import base64

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


def test_presented_token_reads_bearer_and_basic():
    from textmine.serve.security import presented_token

    assert presented_token("Bearer abc") == "abc" and presented_token("bearer  abc ") == "abc"
    assert presented_token("Basic " + base64.b64encode(b"u:p:w").decode()) == "p:w"
    assert presented_token("Basic !!!") is None and presented_token("Token abc") is None
    assert presented_token(None) is None and presented_token("") is None


def test_only_health_and_the_static_shells_are_public():
    from textmine.serve.security import is_public

    assert all(is_public("GET", p) for p in ("/health", "/", "/docs", "/openapi.json", "/docs/assets/x.js"))
    assert not any(is_public("GET", p) for p in ("/v1/taxonomy", "/v1/jobs/x", "/docs/../v1/taxonomy", "/healthz"))
    assert not is_public("POST", "/health") and not is_public("POST", "/")


def test_a_token_differing_anywhere_is_refused():
    from textmine.serve.security import token_matches

    token = "abcdefghijklmnop"
    assert token_matches(f"Bearer {token}", token)
    for wrong in ("Xbcdefghijklmnop", "abcdefghijklmnoX", token[:-1], token + "q", ""):
        assert not token_matches(f"Bearer {wrong}", token)
