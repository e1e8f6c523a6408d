"""``textmine serve`` as a user starts it: the missing extra, refused settings, and a real server on loopback."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.paths import ROOT
from tests.serve_app import SAMPLE_XLSX, SERVE_MISSING, SKIP_REASON, TOKEN, write_token
from textmine.cli import main


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_without_the_extra_is_one_sentence_with_the_install_hint(monkeypatch, capsys):
    from textmine import optional

    real = optional.importlib.util.find_spec
    monkeypatch.setattr(optional.importlib.util, "find_spec", lambda name: None if name == "fastapi" else real(name))
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == 'error: fastapi is needed for this and is not installed; install it with: pip install "textmine[serve]"\n'
    )


def test_serve_refuses_another_address_without_a_token(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "give a token with --token-file FILE" in capsys.readouterr().err


def test_serve_names_the_option_the_user_typed(capsys):
    assert main(["serve", "--max-upload-mb", "0"]) == 2
    assert capsys.readouterr().err == "error: max-upload-mb must be a positive number, not 0\n"


class Server:
    """``textmine serve`` in a subprocess on a free loopback port."""

    def __init__(self, *args: str, temp=None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = os.environ | ({"TMPDIR": str(temp)} if temp else {})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "textmine.cli", "serve", "--port", str(self.port), *args],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                self.get("/health")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    raise AssertionError(self.process.stdout.read()) from None
                time.sleep(0.3)
        raise AssertionError("the server did not start in 90 s")

    def request(self, path: str, body: bytes | None = None, headers: dict | None = None, method: str | None = None):
        request = urllib.request.Request(self.url + path, data=body, headers=headers or {}, method=method)
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()

    def get(self, path: str, headers: dict | None = None) -> dict:
        return json.loads(self.request(path, headers=headers)[1])

    def stop(self, sig: int = signal.SIGINT) -> str:
        self.process.send_signal(sig)
        try:
            output, _ = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output


def multipart(path, boundary: str = "textmine-test-boundary") -> tuple[bytes, dict]:
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()  # fmt: skip
    body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


@pytest.mark.optional
@pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)
def test_a_real_server_with_a_token_serves_and_cleans_up(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    server = Server("--token-file", str(write_token(tmp_path)), temp=temp)
    try:
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        with pytest.raises(urllib.error.HTTPError) as refused:
            server.request("/v1/taxonomy")
        assert refused.value.code == 401
        body = json.dumps({"records": [{"id": "A", "text": "村会计挪用修路款"}]}).encode()
        status, answer = server.request("/v1/classify", body, auth)
        assert status == 200 and json.loads(answer)["results"][0]["labels"] == ["corruption"]
        with pytest.raises(urllib.error.HTTPError) as login:
            server.request("/")
        assert login.value.code == 401 and "请输入访问令牌".encode() in login.value.read()  # the login page
        status, page = server.request("/", headers={"Authorization": f"Bearer {TOKEN}"})
        assert status == 200 and "开始分析".encode() in page
        [work] = temp.glob("textmine-serve-*")  # the private work folder
        assert oct(work.stat().st_mode & 0o777) == "0o700"
    finally:
        output = server.stop()
    assert server.process.returncode == 0, output
    assert "textmine serves http://127.0.0.1:" in output
    assert not list(temp.glob("textmine-serve-*"))  # removed when the server stopped


@pytest.mark.slow
@pytest.mark.optional
@pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)
def test_two_workers_share_the_jobs():
    server = Server("--workers", "2")
    try:
        body, headers = multipart(SAMPLE_XLSX)
        status, answer = server.request("/v1/jobs", body, headers)
        job = json.loads(answer)
        assert status == 202
        deadline = time.monotonic() + 120
        states = set()
        while time.monotonic() < deadline:  # each poll may reach either worker: the state is on disk
            state = server.get(job["url"])
            states.add(state["state"])
            if state["state"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert state["state"] == "done", state
        for entry in state["files"]:
            assert server.request(entry["url"])[0] == 200
    finally:
        server.stop()


@pytest.mark.optional
@pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)
def test_sigterm_stops_the_server_and_removes_its_work_folder(tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    letters = tmp_path / "letters.csv"
    letters.write_text("内容\n村会计挪用修路款\n", encoding="utf-8")
    server = Server(temp=temp)
    try:
        body, headers = multipart(letters)
        status, answer = server.request("/v1/jobs", body, headers)
        assert status == 202
        job = json.loads(answer)
        deadline = time.monotonic() + 60
        while server.get(job["url"])["state"] not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
        [work] = temp.glob("textmine-serve-*")
        assert (work / "jobs" / job["id"] / "out" / "报告.html").is_file()  # the job's files, in the work folder
    finally:
        output = server.stop(signal.SIGTERM)
    assert server.process.returncode == 0, output
    assert not list(temp.glob("textmine-serve-*"))  # removed although uvicorn raised SIGTERM again at the end
