"""The service under test: apps made with the session's shipped model, driven by FastAPI's test client."""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from tests.paths import ROOT

SERVE_MISSING = importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("httpx") is None
SKIP_REASON = 'needs the serve extra and httpx: pip install "textmine[serve]" httpx'
TOKEN = "test-token-0123456789abcdef"
FIXTURES = ROOT / "tests" / "fixtures" / "labelstudio"
SAMPLE_XLSX = ROOT / "corpora" / "samples" / "sample.xlsx"
MODEL_VERSION = "test-1"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def write_token(folder: Path) -> Path:
    path = folder / "token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def wait_for_job(client, url: str, seconds: float = 120.0, headers: dict | None = None) -> dict:
    """Poll a job until it is done or failed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(url, headers=headers or {}).json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish in {seconds} s: {state}")


@pytest.fixture
def serve(default_model):
    """``serve(**settings)``: a test client of a fresh app with these settings (its lifespan runs)."""
    from fastapi.testclient import TestClient

    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    clients = []

    def make(**values):
        app = create_app(ServeSettings(**values), model=default_model, model_version=MODEL_VERSION)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def serve_client(default_model):
    """One app with the default settings for a whole test module."""
    from fastapi.testclient import TestClient

    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    app = create_app(ServeSettings(), model=default_model, model_version=MODEL_VERSION)
    with TestClient(app) as test_client:
        yield test_client
