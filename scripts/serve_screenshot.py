"""Make docs/serve.png: the web page of ``textmine serve`` after the shipped sample went through it.

    python scripts/serve_screenshot.py [--out docs/serve.png]

Starts the service on a free loopback port, uploads corpora/samples/sample.xlsx through the page's file
input in headless Chromium (``apt-get install chromium``; fonts-noto-cjk for the Chinese glyphs), waits for
the job and takes a full-page screenshot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.integration.report.chromium import Browser, find_browser  # noqa: E402
from tests.integration.serve.page_driver import running_server, upload_through_the_page  # noqa: E402
from textmine.serve.app import create_app  # noqa: E402
from textmine.serve.settings import ServeSettings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "serve.png"), help="the screenshot (PNG)")
    args = parser.parse_args()
    browser = find_browser()
    if browser is None:
        sys.exit("chromium is not installed: apt-get install chromium")
    app = create_app(ServeSettings())
    sample = ROOT / "corpora" / "samples" / "sample.xlsx"
    with running_server(app) as url, Browser(browser, timeout=120) as chromium:
        seen = upload_through_the_page(chromium, url, sample, "巡察信访问题分析报告（样例）")
    if seen["state"] != "done":
        sys.exit(f"the job did not finish: {seen['error']}")
    Path(args.out).write_bytes(seen["png"])
    print(f"console errors: {len(seen['console_errors'])}; files: {', '.join(n for n, _, _ in seen['fetched'])}")
    print(f"wrote {args.out} ({len(seen['png']) // 1024} KiB, page height {seen['height']} px)")


if __name__ == "__main__":
    main()
