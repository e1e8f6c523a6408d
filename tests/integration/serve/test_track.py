"""Tracking (回头看) through the API: the sample's job gives a problem list; staff mark a problem 已整改 and
type notes; the next period tells that problem again; ``POST /v1/track`` must call it 整改后反弹 and keep
what staff typed. Bad uploads are refused with a plain message, a damaged register fails the job plainly."""

import io
from urllib.parse import quote

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.serve_app import SAMPLE_XLSX, SERVE_MISSING, SKIP_REASON, wait_for_job

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]
NOTE = "已约谈村支书，责令退还（人工填写）"
OTHER_NOTE = "转县纪委第二室核查"
TRACK_OUTPUTS = {"新问题清单.xlsx", "回头看.html", "summary.json"}


def rows_of(content: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(content))["问题清单"]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def first_period(serve_client):
    """The sample's problem list as staff edited it, the problem marked 已整改 and its records' texts."""
    job = serve_client.post("/v1/jobs", files={"file": ("一月.xlsx", SAMPLE_XLSX.read_bytes())}).json()
    done = wait_for_job(serve_client, job["url"])
    register = serve_client.get(next(f["url"] for f in done["files"] if f["name"] == "问题清单.xlsx")).content
    book = load_workbook(io.BytesIO(register))
    sheet = book["问题清单"]
    column = {cell.value: cell.column for cell in sheet[1]}
    rows = rows_of(register)
    # the problem told most often: told again next period, it must be recognised
    told = max(range(len(rows)), key=lambda k: (rows[k]["反映件数"] or 0, -k))
    rectified, other = rows[told]["问题编号"], rows[0 if told else 1]["问题编号"]
    sheet.cell(row=told + 2, column=column["整改状态"], value="已整改")
    sheet.cell(row=told + 2, column=column["整改时限"], value="2024-06-30")
    sheet.cell(row=told + 2, column=column["备注"], value=NOTE)
    sheet.cell(row=(0 if told else 1) + 2, column=column["备注"], value=OTHER_NOTE)
    edited = io.BytesIO()
    book.save(edited)
    sample = pd.read_excel(SAMPLE_XLSX, dtype=str)
    ids = str(rows[told]["记录编号"]).split(";")
    texts = sample.loc[sample["编号"].isin(ids), "反映内容"].tolist()
    return edited.getvalue(), rectified, other, texts


def next_period_csv(texts: list[str]) -> bytes:
    frame = pd.DataFrame(
        {
            "编号": [f"P2-{k}" for k in range(len(texts))] + ["P2-X"],
            "反映内容": [*texts, "反映鹭汀县某小学食堂饭菜分量不足，家长多次反映无人理会。"],
            "日期": ["2024-08-0" + str(1 + k % 9) for k in range(len(texts))] + ["2024-08-20"],
        }
    )
    return frame.to_csv(index=False).encode("utf-8-sig")


def track(client, records: tuple, register: tuple, **fields):
    return client.post("/v1/track", files={"file": records, "register": register}, data=fields)


def test_a_track_job_from_upload_to_download(serve_client, first_period):
    register, rectified, other, texts = first_period
    answer = track(serve_client, ("八月.csv", next_period_csv(texts)), ("问题清单（已填）.xlsx", register),
                   title="第二轮回头看")  # fmt: skip
    assert answer.status_code == 202
    job = answer.json()
    assert job["kind"] == "track" and job["input_name"] == "八月.csv"
    assert job["register_name"] == "问题清单（已填）.xlsx" and job["url"] == f"/v1/jobs/{job['id']}"
    done = wait_for_job(serve_client, job["url"])
    assert done["state"] == "done" and done["error"] is None and done["progress"] == 1.0
    assert {f["name"] for f in done["files"]} == TRACK_OUTPUTS
    fetched = {f["name"]: serve_client.get(f["url"]) for f in done["files"]}
    assert all(r.status_code == 200 and len(r.content) == f["bytes"] for f, r in zip(done["files"], fetched.values()))
    rows = {row["问题编号"]: row for row in rows_of(fetched["新问题清单.xlsx"].content) if row["问题编号"]}
    assert rows[rectified]["跟踪结论"] == "整改后反弹" and rows[rectified]["新增反映件数"] == len(texts)
    assert rows[rectified]["备注"] == NOTE and rows[rectified]["整改状态"] == "已整改"  # staff edits carried over
    assert rows[other]["备注"] == OTHER_NOTE
    assert "已整改（整改时限 2024-06-30）后本期再次反映" in rows[rectified]["跟踪说明"]
    summary = done["summary"]
    assert summary["classified_first"] == len(texts) + 1 and summary["records"] == len(texts) + 1
    assert rectified in summary["rebounds"] and summary["conclusions"]["整改后反弹"] >= 1
    assert summary["staff_edits_kept"] >= 4 and summary["title"] == "第二轮回头看"
    page = fetched["回头看.html"]
    assert "<title>第二轮回头看</title>" in page.text and rectified in page.text and "整改后反弹" in page.text
    assert "sandbox" in page.headers["content-security-policy"]
    assert "attachment" in fetched["新问题清单.xlsx"].headers["content-disposition"]
    folder = serve_client.app.state.service.jobs.root / job["id"]
    assert not list(folder.glob("input*")) and not list(folder.glob("register*"))  # the uploads are gone


def test_a_damaged_register_fails_the_job_with_a_plain_message(serve_client, first_period):
    _, _, _, texts = first_period
    for content, message in ((b"PK\x03\x04 not really a workbook", "could not be opened"),
                             (SAMPLE_XLSX.read_bytes(), "has no 问题编号 column")):  # fmt: skip
        answer = track(serve_client, ("八月.csv", next_period_csv(texts)), ("坏清单.xlsx", content))
        assert answer.status_code == 202
        failed = wait_for_job(serve_client, answer.json()["url"])
        assert failed["state"] == "failed" and failed["files"] == []
        assert "坏清单.xlsx" in failed["error"] and message in failed["error"], failed["error"]
        assert "Traceback" not in failed["error"] and "register.xlsx" not in failed["error"]
    assert serve_client.get("/health").json()["status"] == "UP"


@pytest.mark.parametrize(
    ("files", "data", "message"),
    [
        ({"file": ("a.csv", b"x")}, {}, "the upload has no register: send it in a field named register"),
        ({"register": ("r.xlsx", b"PK")}, {}, "the upload has no file: send it in a field named file"),
        ({"file": ("a.csv", b"x"), "register": ("r.csv", b"x")}, {}, "the register must be the problem list textmine wrote, an Excel workbook (.xlsx)"),
        ({"file": ("a.exe", b"x"), "register": ("r.xlsx", b"PK")}, {}, "the file must be an Excel workbook (.xlsx) or a table"),
        ({"file": ("a.csv", b"x"), "register": ("r.xlsx", b"")}, {}, "the uploaded register is empty"),
        ({"file": ("a.csv", b""), "register": ("r.xlsx", b"PK")}, {}, "the uploaded file is empty"),
        ({"file": ("a.csv", b"x"), "register": ("r.xlsx", b"PK")}, {"within_labels": "true"}, "the upload has a field 'within_labels'; it takes file, register, title, redact"),
        ({"file": ("a.csv", b"x"), "register": ("r.xlsx", b"PK")}, {"title": "长" * 600}, "the field title is longer than 1000 bytes"),
    ],
)  # fmt: skip
def test_bad_track_uploads_are_refused_with_a_plain_message(serve_client, files, data, message):
    before = sorted(p.name for p in serve_client.app.state.service.jobs.root.iterdir())
    answer = serve_client.post("/v1/track", files=files, data=data)
    assert answer.status_code == 422 and answer.json()["error"].startswith(message), answer.json()
    assert sorted(p.name for p in serve_client.app.state.service.jobs.root.iterdir()) == before


def test_two_registers_are_refused(serve_client):
    files = [("file", ("a.csv", b"x")), ("register", ("r.xlsx", b"PK")), ("register", ("s.xlsx", b"PK"))]
    answer = serve_client.post("/v1/track", files=files)
    assert answer.status_code == 422 and answer.json()["error"] == "send one file in the field register"


def test_a_track_upload_over_the_limit_is_413_and_names_never_reach_a_path(serve, first_period):
    register, _, _, texts = first_period
    client = serve(max_upload_bytes=len(register) + 20_000, max_body_bytes=100)
    big = track(client, ("a.csv", b"x" * 30_000), ("r.xlsx", register))
    assert big.status_code == 413
    answer = track(client, ("../../八月.csv", next_period_csv(texts)), ("../../../etc/问题清单.xlsx", register))
    assert answer.status_code == 202  # over the JSON limit, under the upload's
    done = wait_for_job(client, answer.json()["url"])
    assert done["state"] == "done" and done["register_name"] == "../../../etc/问题清单.xlsx"
    for bad in ("..%2Fstate.json", "state.json", "register.xlsx", "input.csv", "../out/回头看.html"):
        assert client.get(f"{done['url']}/files/{bad}").status_code == 404, bad


def test_redact_masks_the_new_records_and_the_names(serve, first_period):
    register, rectified, _, texts = first_period
    client = serve()
    texts = [f"举报人王小明，电话13812345670。{text}" for text in texts]
    answer = track(client, ("举报人王小明.csv", next_period_csv(texts)), ("清单.xlsx", register), redact="true")
    done = wait_for_job(client, answer.json()["url"])
    assert done["state"] == "done" and done["summary"]["redacted"] is True and "王小明" not in done["input_name"]
    page = client.get(f"{done['url']}/files/{quote('回头看.html')}").text
    book = load_workbook(io.BytesIO(client.get(f"{done['url']}/files/{quote('新问题清单.xlsx')}").content))
    cells = "\n".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row if v is not None)
    for shown in (page, cells):
        assert "13812345670" not in shown and "王小明" not in shown
    assert rectified in done["summary"]["rebounds"]


def test_a_damaged_records_file_fails_the_track_job_naming_the_upload(serve_client, first_period):
    register = first_period[0]
    answer = track(serve_client, ("八月.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(200)), ("清单.xlsx", register))
    failed = wait_for_job(serve_client, answer.json()["url"])
    work = str(serve_client.app.state.service.jobs.root.parent)
    assert failed["state"] == "failed" and failed["error"].startswith("'八月.xlsx' could not be opened"), failed
    assert work not in failed["error"] and "input.xlsx" not in failed["error"]


def test_the_track_summary_names_the_uploaded_file(serve_client, first_period):
    register, _, _, texts = first_period
    answer = track(serve_client, ("八月.csv", next_period_csv(texts)), ("清单.xlsx", register))
    done = wait_for_job(serve_client, answer.json()["url"])
    assert done["state"] == "done" and done["summary"]["input"] == "八月.csv"
    summary = serve_client.get(next(f["url"] for f in done["files"] if f["name"] == "summary.json")).json()
    assert summary["input"] == "八月.csv"
