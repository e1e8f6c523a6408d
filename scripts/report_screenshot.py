"""Make the sample report and its screenshot, docs/report.png.

    python scripts/report_screenshot.py [--out docs/report.png] [--html sample_report.html]

Classifies the shipped sample with the shipped model, clusters it, writes the report and takes a
full-page screenshot in headless Chromium (``apt-get install chromium``; fonts-noto-cjk for the
Chinese glyphs).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from tests.integration.report.chromium import Browser, find_browser  # noqa: E402
from tests.report_data import SAMPLE, cluster_columns  # noqa: E402
from textmine import classify_file  # noqa: E402
from textmine.report import build_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "report.png"), help="the screenshot (PNG)")
    parser.add_argument("--html", help="also keep the report page here")
    args = parser.parse_args()
    browser = find_browser()
    if browser is None:
        sys.exit("chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        classified = Path(folder) / "classified.csv"
        classify_file(SAMPLE, classified, progress=False)
        frame = pd.read_csv(classified, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        clustered = Path(folder) / "clustered.csv"
        added = cluster_columns(frame["反映内容"].tolist(), frame["编号"].tolist())
        pd.concat([frame, added], axis=1).to_csv(clustered, index=False, encoding="utf-8-sig")
        page = Path(args.html) if args.html else Path(folder) / "report.html"
        data = build_report(clustered, page, title="巡察信访问题分析报告（样例）", redact=True)
        with Browser(browser) as chromium:
            seen = chromium.open(page, "document.body.scrollHeight")
    Path(args.out).write_bytes(seen["png"])
    print(f"{data.n_records} records, {data.n_problems} problems; console errors: {len(seen['console_errors'])}")
    print(f"wrote {args.out} ({len(seen['png']) // 1024} KiB, page height {seen['value']} px)")


if __name__ == "__main__":
    main()
