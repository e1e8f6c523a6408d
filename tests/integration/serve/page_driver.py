"""The web page of ``textmine serve`` driven in headless Chromium (over the DevTools pipe of
tests/integration/report/chromium.py): a server on a free loopback port, the sample uploaded through the
page's file input, then what the page shows."""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import threading
import time
from pathlib import Path

from tests.integration.report.chromium import Browser, _is_console_error

SEEN = """(async () => {
  const frame = document.getElementById('report').contentDocument;
  const links = [...document.querySelectorAll('#files a')];
  const fetched = await Promise.all(links.map(a => fetch(a.dataset.url, {headers: authHeaders()})
      .then(async r => [a.dataset.name, r.status, (await r.arrayBuffer()).byteLength])));
  return JSON.stringify({
    state: document.body.dataset.state,
    status: document.getElementById('status').textContent,
    error: document.getElementById('error').textContent,
    cards: [...document.querySelectorAll('#cards .card')].map(c => c.textContent),
    links: links.map(a => a.textContent),
    fetched: fetched,
    report_title: frame.title,
    report_charts: frame.querySelectorAll('svg.chart').length,
    report_clusters: frame.querySelectorAll('.cluster').length,
    height: document.body.scrollHeight,
  });
})()"""

READY = "document.body && document.body.dataset.ready"
LOGIN = "document.body && document.body.dataset.login"


@contextlib.contextmanager
def running_server(app):
    """uvicorn serving ``app`` on a free loopback port in a thread; yields its URL."""
    import uvicorn  # the serve extra: imported only where a test that needs it runs

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def evaluate(browser: Browser, session: str, expression: str, wait: bool = False):
    found = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": wait},
                         session)  # fmt: skip
    if "exceptionDetails" in found:
        raise AssertionError(found["exceptionDetails"])
    return found["result"].get("value")


def upload_through_the_page(
    browser: Browser, url: str, upload: Path, title: str, token: str | None = None, seconds: float = 180
) -> dict:
    """Open the page, choose ``upload`` in its file input (and type ``token`` in its token field), start, wait
    for the job, and return what it shows, the console errors, the URLs requested and a PNG of the whole page."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page", "Network", "DOM"):
        browser.call(f"{domain}.enable", session=session)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)  # fmt: skip
    browser.events.clear()
    browser.call("Page.navigate", {"url": url + "/"}, session)
    browser.wait_for("Page.loadEventFired")
    if token is not None:
        log_in(browser, session, token)
    _wait(lambda: evaluate(browser, session, READY) == "true", 20)
    root = browser.call("DOM.getDocument", session=session)["root"]["nodeId"]
    node = browser.call("DOM.querySelector", {"nodeId": root, "selector": "#file"}, session)["nodeId"]
    browser.call("DOM.setFileInputFiles", {"files": [str(upload.resolve())], "nodeId": node}, session)
    _wait(lambda: evaluate(browser, session, "!document.getElementById('start').disabled"), 10)
    evaluate(browser, session, f"document.getElementById('title').value = {json.dumps(title)};"
                               "document.getElementById('start').click()")  # fmt: skip
    _wait(lambda: evaluate(browser, session, "document.body.dataset.state") in ("done", "failed"), seconds)
    seen = json.loads(evaluate(browser, session, SEEN, wait=True))
    metrics = browser.call("Page.getLayoutMetrics", session=session)["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": metrics["width"], "height": metrics["height"], "scale": 1}
    shot = browser.call("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True},
                        session)  # fmt: skip
    seen["console_errors"] = [e["params"] for e in browser.events if _is_console_error(e)]
    seen["requests"] = [e["params"]["request"]["url"] for e in browser.events
                        if e.get("method") == "Network.requestWillBeSent"]  # fmt: skip
    seen["png"] = base64.b64decode(shot["data"])
    return seen


def log_in(browser: Browser, session: str, token: str) -> None:
    """Type ``token`` into the login page and enter; fails when the page shown is not the login page."""
    _wait(lambda: evaluate(browser, session, LOGIN) in ("ready", "refused"), 20)
    evaluate(browser, session, f"document.getElementById('token').value = {json.dumps(token)};"
                               "document.getElementById('enter').click()")  # fmt: skip


def login_page_state(browser: Browser, url: str, token: str) -> dict:
    """Open ``url`` without a token, try a wrong token, and return what the login page showed and what its
    document held before the right ``token`` is typed."""
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Page"):
        browser.call(f"{domain}.enable", session=session)
    browser.call("Page.navigate", {"url": url + "/"}, session)
    browser.wait_for("Page.loadEventFired")
    log_in(browser, session, "wrong-token-0123456789")
    _wait(lambda: evaluate(browser, session, LOGIN) == "refused", 20)
    seen = {
        "title": evaluate(browser, session, "document.title"),
        "message": evaluate(browser, session, "document.getElementById('message').textContent"),
        "stored": evaluate(browser, session, "sessionStorage.getItem('textmine-token')"),
        "has_upload": evaluate(browser, session, "document.getElementById('file') !== null"),
    }
    log_in(browser, session, token)
    _wait(lambda: evaluate(browser, session, READY) == "true", 20)
    seen["stored_after"] = evaluate(browser, session, "sessionStorage.getItem('textmine-token')")
    seen["address_after"] = evaluate(browser, session, "location.href")
    browser.call("Page.reload", {}, session)
    _wait(lambda: evaluate(browser, session, READY) == "true", 20)
    seen["reloaded_title"] = evaluate(browser, session, "document.title")
    return seen


def _wait(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except RuntimeError:  # the page is between two documents: ask again
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the page did not get there in {seconds} s")
