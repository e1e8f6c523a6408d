"""Jobs through the API: upload, progress, download, bad uploads, limits, clean-up and redaction."""

import io
import json
import threading
import time

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.serve_app import SAMPLE_XLSX, SERVE_MISSING, SKIP_REASON, wait_for_job

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]
OUTPUTS = {"结果.xlsx", "聚类.json", "聚类.xlsx", "报告.html", "问题清单.xlsx", "summary.json"}


def upload(client, name: str, content: bytes, **fields):
    return client.post("/v1/jobs", files={"file": (name, content)}, data=fields)


def job_folders(client) -> list:
    return sorted(p.name for p in client.app.state.service.jobs.root.iterdir())


def test_a_job_from_upload_to_download(serve_client):
    answer = upload(serve_client, "信访登记.xlsx", SAMPLE_XLSX.read_bytes(), title="第二轮巡察信访分析")
    assert answer.status_code == 202
    job = answer.json()
    assert job["state"] in ("queued", "running") and job["url"] == f"/v1/jobs/{job['id']}"
    assert job["input_name"] == "信访登记.xlsx"
    done = wait_for_job(serve_client, job["url"])
    assert done["state"] == "done" and done["progress"] == 1.0 and done["error"] is None
    assert {f["name"] for f in done["files"]} == OUTPUTS
    fetched = {f["name"]: serve_client.get(f["url"]) for f in done["files"]}
    assert all(r.status_code == 200 for r in fetched.values())
    assert all(len(fetched[f["name"]].content) == f["bytes"] for f in done["files"])
    page = fetched["报告.html"].text
    assert "<title>第二轮巡察信访分析</title>" in page and fetched["报告.html"].headers["content-type"].startswith(
        "text/html"
    )
    assert "sandbox" in fetched["报告.html"].headers["content-security-policy"]
    results = pd.read_excel(io.BytesIO(fetched["结果.xlsx"].content), dtype=str)
    sample = pd.read_excel(SAMPLE_XLSX, dtype=str)
    assert results["编号"].tolist() == sample["编号"].tolist()  # every record, in order
    assert {"labels", "labels_zh", "cluster", "duplicate_of"} <= set(results.columns)
    assert "attachment" in fetched["结果.xlsx"].headers["content-disposition"]
    assert load_workbook(io.BytesIO(fetched["问题清单.xlsx"].content)).sheetnames[0] == "问题清单"
    summary = json.loads(fetched["summary.json"].content)
    assert summary == done["summary"] and summary["records"] == 200 and summary["title"] == "第二轮巡察信访分析"
    assert not list((serve_client.app.state.service.jobs.root / job["id"]).glob("input*"))  # the upload is gone


def test_a_csv_job_writes_csv_results(serve_client, tmp_path):
    frame = pd.DataFrame({"编号": ["A1", "A2"], "反映内容": ["村会计挪用修路款三万元", "乡里天天要求打卡拍照留痕"]})
    answer = upload(serve_client, "letters.csv", frame.to_csv(index=False).encode("utf-8-sig"), within_labels="true")
    done = wait_for_job(serve_client, answer.json()["url"])
    assert done["state"] == "done" and "结果.csv" in {f["name"] for f in done["files"]}
    assert done["summary"]["options"]["within_labels"] is True


def test_a_corrupt_workbook_fails_with_a_plain_message_and_the_server_keeps_serving(serve_client):
    answer = upload(serve_client, "坏文件.xlsx", b"PK\x03\x04 this is not really a workbook")
    assert answer.status_code == 202
    failed = wait_for_job(serve_client, answer.json()["url"])
    assert failed["state"] == "failed" and failed["files"] == []
    assert "could not be opened" in failed["error"] and "Traceback" not in failed["error"]
    assert serve_client.get(answer.json()["url"] + "/files/报告.html").status_code == 404
    assert serve_client.get("/health").json()["status"] == "UP"
    assert serve_client.post("/v1/classify", json={"records": [{"text": "村会计挪用修路款"}]}).status_code == 200
    frame = pd.DataFrame({"内容": ["村会计挪用修路款"]})
    again = upload(serve_client, "ok.csv", frame.to_csv(index=False).encode())
    assert wait_for_job(serve_client, again.json()["url"])["state"] == "done"


def test_a_table_without_a_text_column_fails_with_the_columns_it_has(serve_client):
    answer = upload(serve_client, "numbers.csv", b"a,b\n1,2\n")
    failed = wait_for_job(serve_client, answer.json()["url"])
    assert failed["state"] == "failed" and "its columns are: a, b" in failed["error"]


@pytest.mark.parametrize(
    ("files", "data", "message"),
    [
        ({"file": ("run.exe", b"MZ")}, {}, "the file must be an Excel workbook (.xlsx) or a table"),
        ({"file": ("letters.docx", b"PK")}, {}, "the file must be an Excel workbook (.xlsx) or a table"),
        ({"file": ("empty.csv", b"")}, {}, "the uploaded file is empty"),
        ({"document": ("a.csv", b"x")}, {}, "the upload has a field 'document'; it takes file, title, within_labels, redact"),
        ({"title": (None, "x")}, {}, "the upload has no file: send it in a field named file"),
        ({"file": ("a.csv", b"x")}, {"title": "长" * 600}, "the field title is longer than 1000 bytes"),
    ],
)  # fmt: skip
def test_bad_uploads_are_refused_with_a_plain_message(serve_client, files, data, message):
    before = job_folders(serve_client)
    answer = serve_client.post("/v1/jobs", files=files, data=data)
    assert answer.status_code == 422 and answer.json()["error"].startswith(message)
    assert job_folders(serve_client) == before  # nothing left behind


def test_an_upload_that_is_not_multipart_is_refused(serve_client):
    answer = serve_client.post("/v1/jobs", json={"file": "x"})
    assert answer.status_code == 422 and "multipart/form-data" in answer.json()["error"]


def test_an_upload_over_the_limit_is_413(serve):
    client = serve(max_upload_bytes=2000, max_body_bytes=100)
    assert upload(client, "a.csv", b"x" * 3000).status_code == 413
    accepted = upload(client, "a.csv", "内容\n村会计挪用修路款\n".encode())  # over the JSON limit, under the upload's
    assert accepted.status_code == 202 and wait_for_job(client, accepted.json()["url"])["state"] == "done"


def test_client_strings_never_reach_a_path(serve_client):
    answer = upload(serve_client, "../../../etc/passwd.csv", "内容\n村会计挪用修路款\n".encode())
    job = wait_for_job(serve_client, answer.json()["url"])
    folder = serve_client.app.state.service.jobs.root / job["id"]
    assert folder.is_dir() and job["input_name"] == "../../../etc/passwd.csv"
    for bad in ("..%2Fstate.json", "state.json", "%2E%2E%2F%2E%2E%2Fstate.json", "out", "../out/报告.html"):
        assert serve_client.get(f"{job['url']}/files/{bad}").status_code == 404, bad
    for bad_id in ("..", ".", "%2E%2E", job["id"].upper(), job["id"] + "/..", "jobs"):
        answer = serve_client.get(f"/v1/jobs/{bad_id}")
        assert answer.status_code in (404, 405) and set(answer.json()) == {"error"}, bad_id


def test_jobs_are_deleted_after_the_set_time(serve):
    client = serve(keep_seconds=60)
    store = client.app.state.service.jobs
    job = upload(client, "a.csv", "内容\n村会计挪用修路款\n".encode()).json()
    assert wait_for_job(client, job["url"])["state"] == "done"
    assert store.sweep(now=store.state(job["id"])["created"] + 30) == 0
    assert store.sweep(now=store.state(job["id"])["created"] + 61) == 1
    assert client.get(job["url"]).status_code == 404 and job_folders(client) == []


def test_expired_jobs_are_swept_without_a_new_upload(serve):
    client = serve(keep_seconds=1)
    job = upload(client, "a.csv", "内容\n村会计挪用修路款\n".encode()).json()
    states = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (answer := client.get(job["url"])).status_code == 200:
        states.add(answer.json()["state"])
        time.sleep(0.05)
    assert states <= {"queued", "running", "done"} and answer.status_code == 404 and job_folders(client) == []


def test_the_work_folder_is_private_and_removed_at_shutdown(default_model):
    from fastapi.testclient import TestClient

    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    app = create_app(ServeSettings(), model=default_model)
    work = app.state.service.jobs.root.parent
    with TestClient(app) as client:
        assert (
            oct(work.stat().st_mode & 0o777) == "0o700"
            and oct(app.state.service.jobs.root.stat().st_mode & 0o777) == "0o700"
        )
        job = upload(client, "a.csv", "内容\n村会计挪用修路款\n".encode()).json()
        wait_for_job(client, job["url"])
        assert oct((work / "jobs" / job["id"]).stat().st_mode & 0o777) == "0o700"
    assert not work.exists()


def test_too_many_jobs_at_once_is_429(serve, monkeypatch):
    from textmine.serve import jobs

    release = threading.Event()
    real = jobs.run_job
    monkeypatch.setattr(jobs, "run_job", lambda *a, **k: release.wait(20) and real(*a, **k))
    client = serve(max_jobs=1)
    first = upload(client, "a.csv", "内容\n村会计挪用修路款\n".encode())
    assert first.status_code == 202
    second = upload(client, "b.csv", "内容\n村会计挪用修路款\n".encode())
    assert second.status_code == 429 and "try again" in second.json()["error"]
    release.set()
    assert wait_for_job(client, first.json()["url"])["state"] == "done"
    assert upload(client, "c.csv", "内容\n村会计挪用修路款\n".encode()).status_code == 202


@pytest.mark.parametrize("where", ["server", "job"])
def test_redact_applies_to_every_file(serve, where):
    client = serve(redact=where == "server")
    base = ["柳塘村会计王某把修村道的集资款挪去给儿子买车。", "反映柳塘村会计王某挪用修路集资款三万多元。",
            "柳塘村村民来电：会计把修路集资的钱挪用了。"]  # fmt: skip
    texts = [f"举报人王小明，电话1381234567{n}，{base[n % 3]}" for n in range(6)]
    content = pd.DataFrame({"编号": range(6), "反映内容": texts}).to_csv(index=False).encode()
    fields = {} if where == "server" else {"redact": "true"}
    job = wait_for_job(client, upload(client, "举报人王小明.csv", content, **fields).json()["url"])
    assert job["state"] == "done" and job["summary"]["redacted"] is True and job["summary"]["clusters"] >= 1
    assert "王小明" not in job["input_name"]
    for entry in job["files"]:
        body = client.get(entry["url"]).content
        text = body.decode("utf-8-sig") if not entry["name"].endswith(".xlsx") else _cells(body)
        assert "1381234567" not in text and "王小明" not in text, entry["name"]
    clustered = _cells(client.get(job["url"] + "/files/%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx").content)
    assert "【姓名】" in clustered


def _cells(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row if v is not None)


BOUNDARY = "textmine-test-boundary"
ROWS = ("内容\n" + "".join(f"第{n}村会计挪用修路款{n}万元\n" for n in range(10))).encode()
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def multipart_body(content: bytes, boundary: str = BOUNDARY, name: str = "a.csv", closed: bool = True) -> bytes:
    """A multipart body with one file field (without its closing boundary unless ``closed``)."""
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
    return head + content + (f"\r\n--{boundary}--\r\n".encode() if closed else b"")


def post_multipart(client, body: bytes, boundary: str = BOUNDARY):
    return client.post("/v1/jobs", content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_a_boundary_over_256_characters_is_a_plain_422(serve_client):
    before = job_folders(serve_client)
    answer = post_multipart(serve_client, multipart_body(ROWS, "b" * 300), "b" * 300)
    assert answer.status_code == 422 and answer.json() == {"error": "the upload is not valid multipart/form-data"}
    assert job_folders(serve_client) == before


def test_a_body_without_its_closing_boundary_is_refused_not_cut(serve_client):
    before = job_folders(serve_client)
    answer = post_multipart(serve_client, multipart_body(ROWS, closed=False))
    assert answer.status_code == 422 and answer.json()["error"].startswith("the upload is incomplete")
    assert job_folders(serve_client) == before
    whole = post_multipart(serve_client, multipart_body(ROWS))
    assert wait_for_job(serve_client, whole.json()["url"])["summary"]["records"] == 10


async def asgi_post(app, path: str, body: bytes, content_type: str, stall: bool = False):
    """POST ``body`` straight to the ASGI app in one message, then (with ``stall``) send nothing more and never
    end it, as a stalled client does. Returns the status, the headers and the JSON answer."""
    import anyio

    messages = [{"type": "http.request", "body": body, "more_body": stall}]
    sent = []

    async def receive():
        if messages:
            return messages.pop(0)
        if stall:
            await anyio.sleep_forever()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", content_type.encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}  # fmt: skip
    await app(scope, receive, send)
    headers = {k.decode().lower(): v.decode() for k, v in sent[0]["headers"]}
    return sent[0]["status"], headers, json.loads(b"".join(m.get("body", b"") for m in sent[1:]))


def test_a_stalled_upload_is_dropped_with_408_and_holds_no_job_place(serve):
    import anyio

    client = serve(max_jobs=1, upload_idle_seconds=0.5)
    content_type = f"multipart/form-data; boundary={BOUNDARY}"
    whole = multipart_body(ROWS)
    answers = {}

    async def stalled():
        answers["stalled"] = await asgi_post(client.app, "/v1/jobs", whole[:100], content_type, stall=True)

    async def both():
        with anyio.fail_after(20):
            async with anyio.create_task_group() as group:
                group.start_soon(stalled)
                await anyio.sleep(0.1)  # the stalled upload is under way
                answers["whole"] = await asgi_post(client.app, "/v1/jobs", whole, content_type)

    anyio.run(both)
    status, headers, answer = answers["stalled"]
    assert status == 408 and headers["connection"] == "close"
    assert answer == {"error": "the upload was dropped: no data came for 0.5 seconds; send it again"}
    status, _, job = answers["whole"]
    assert status == 202, job  # the only job place was free for it
    assert wait_for_job(client, job["url"])["state"] == "done"
    assert job_folders(client) == [job["id"]]  # the dropped upload's folder is gone
    assert upload(client, "b.csv", ROWS).status_code == 202  # and its place was given back


def test_a_refusal_for_want_of_room_says_when_to_try_again(serve, monkeypatch):
    from textmine.serve import jobs

    release = threading.Event()
    real = jobs.run_job
    monkeypatch.setattr(jobs, "run_job", lambda *a, **k: release.wait(20) and real(*a, **k))
    client = serve(max_jobs=1)
    first = upload(client, "a.csv", ROWS)
    second = upload(client, "b.csv", ROWS)
    release.set()
    assert second.status_code == 429 and second.headers["retry-after"] == "10"
    assert wait_for_job(client, first.json()["url"])["state"] == "done"


def test_a_failed_job_names_the_uploaded_file_not_where_it_is_stored(serve_client):
    answer = upload(serve_client, "照片.xlsx", PNG)
    failed = wait_for_job(serve_client, answer.json()["url"])
    work = str(serve_client.app.state.service.jobs.root.parent)
    assert failed["state"] == "failed" and failed["error"].startswith("'照片.xlsx' could not be opened"), failed
    shown = failed["error"]
    assert work not in shown and "input.xlsx" not in shown and answer.json()["id"] not in shown


def test_the_summary_and_the_downloads_name_the_files_for_every_client(serve_client):
    job = wait_for_job(serve_client, upload(serve_client, "五月信访.csv", ROWS).json()["url"])
    assert job["summary"]["input"] == "五月信访.csv"
    fetched = {f["name"]: serve_client.get(f["url"]) for f in job["files"]}
    assert json.loads(fetched["summary.json"].content)["input"] == "五月信访.csv"
    assert fetched["结果.csv"].headers["content-disposition"] == (
        "attachment; filename=\"results.csv\"; filename*=utf-8''%E7%BB%93%E6%9E%9C.csv"
    )
    assert fetched["报告.html"].headers["content-disposition"].startswith('inline; filename="report.html"; filename*=')
    assert fetched["summary.json"].headers["content-disposition"] == 'attachment; filename="summary.json"'
