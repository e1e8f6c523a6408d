"""The sample report in a real headless Chromium: it renders its charts and tables, logs no error and
fetches nothing."""

import json

import pytest

from tests.integration.report.chromium import Browser, find_browser

BROWSER = find_browser()
COUNTS = """JSON.stringify({
  charts: [...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width > 100
                                                             && s.querySelectorAll('rect').length),
  tables: [...document.querySelectorAll('table')].map(t => t.id),
  clusters: document.querySelectorAll('.cluster').length,
  height: document.body.scrollHeight
})"""


@pytest.mark.skipif(BROWSER is None, reason="needs Chromium (apt-get install chromium); .ci/run installs it")
def test_sample_report_renders_in_chromium(tmp_path, sample_report):
    page = sample_report / "r.html"
    with Browser(BROWSER) as browser:
        seen = browser.open(page, COUNTS)
    found = json.loads(seen["value"])
    assert seen["console_errors"] == []
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert len(found["charts"]) == 2 and all(n and n >= 6 for n in found["charts"])
    assert {"label-table", "subtype-table", "unit-table", "place-table"} <= set(found["tables"])
    assert found["clusters"] >= 3
    assert seen["png"].startswith(b"\x89PNG") and len(seen["png"]) > 50_000
    (tmp_path / "report.png").write_bytes(seen["png"])
