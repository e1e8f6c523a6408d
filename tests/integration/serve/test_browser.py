"""The web page in a real headless Chromium: upload the shipped sample through the file input, wait for the
job, then check the report shown inline and the download links; no console error, nothing fetched elsewhere."""

import pytest

from tests.integration.report.chromium import find_browser
from tests.serve_app import SAMPLE_XLSX, SERVE_MISSING, SKIP_REASON

BROWSER = find_browser()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.optional,
    pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON),
    pytest.mark.skipif(BROWSER is None, reason="needs Chromium (apt-get install chromium); .ci/run installs it"),
]


def test_the_page_runs_a_job_and_shows_the_report_and_the_files(tmp_path, default_model):
    from tests.integration.report.chromium import Browser
    from tests.integration.serve.page_driver import running_server, upload_through_the_page
    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    app = create_app(ServeSettings(), model=default_model)
    with running_server(app) as url, Browser(BROWSER, timeout=120) as browser:
        seen = upload_through_the_page(browser, url, SAMPLE_XLSX, "样例巡察信访分析")
    assert seen["state"] == "done" and seen["error"] == "", seen["error"]
    assert seen["status"] == "已完成" and seen["cards"][0] == "200记录总数"
    assert seen["report_title"] == "样例巡察信访分析" and seen["report_charts"] == 2 and seen["report_clusters"] >= 3
    names = {name for name, _, _ in seen["fetched"]}
    assert names == {"结果.xlsx", "问题清单.xlsx", "报告.html", "聚类.xlsx", "聚类.json", "summary.json"}
    assert all(status == 200 and size > 0 for _, status, size in seen["fetched"])
    assert any(link.startswith("下载问题清单") for link in seen["links"])
    assert seen["console_errors"] == [], seen["console_errors"]
    assert all(r.startswith(url) or r.startswith("data:") for r in seen["requests"]), seen["requests"]
    assert seen["png"].startswith(b"\x89PNG") and len(seen["png"]) > 50_000
    (tmp_path / "serve.png").write_bytes(seen["png"])


def test_with_a_token_the_page_goes_through_the_login_page(tmp_path, default_model):
    from tests.integration.report.chromium import Browser
    from tests.integration.serve.page_driver import login_page_state, running_server, upload_through_the_page
    from tests.serve_app import TOKEN, write_token
    from textmine.serve.app import create_app
    from textmine.serve.settings import ServeSettings

    app = create_app(ServeSettings(token_file=str(write_token(tmp_path))), model=default_model)
    with running_server(app) as url, Browser(BROWSER, timeout=120) as browser:
        login = login_page_state(browser, url, TOKEN)
        seen = upload_through_the_page(browser, url, SAMPLE_XLSX, "有令牌", token=TOKEN)
    assert login["title"] == "巡察信访文本分析 · 输入访问令牌" and login["message"] == "令牌不正确，请重新输入。"
    assert login["stored"] is None and login["has_upload"] is False  # a wrong token shows nothing of the page
    assert login["stored_after"] == TOKEN and TOKEN not in login["address_after"]
    assert login["reloaded_title"] == "巡察信访文本分析"  # a reload enters again with the kept token
    assert seen["state"] == "done" and seen["report_title"] == "有令牌", seen["error"]
    assert seen["status"] == "已完成" and seen["cards"][0] == "200记录总数"
    assert all(status == 200 for _, status, _ in seen["fetched"])
    assert all(r.startswith(url) or r.startswith("data:") for r in seen["requests"]), seen["requests"]
    assert all(TOKEN not in r for r in seen["requests"])
    unexpected = [e for e in seen["console_errors"] if e.get("entry", {}).get("url") != url + "/"]
    assert unexpected == [], unexpected  # only the page address's own 401
