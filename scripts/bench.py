"""Speed and memory of textmine against what a user would write instead, measured side by side.

    python scripts/bench.py                       # 10,000, 100,000 and 1,000,000 records
    python scripts/bench.py --sizes 10000 100000 --baseline-max 100000

For each size it builds a CSV of corpus sentences (about 300 characters a record) and runs, on the
same file: textmine classify end to end (read, normalise, segment, features, predict, write CSV, all
cores); the naive script (scripts/naive_baseline.py: pandas, jieba.lcut, TF-IDF, logistic regression,
one process); and segmentation alone with the fastest engine on all cores, the floor nothing can beat.
It also clusters the 100,000-record file. Wall time and peak memory (RSS of the process and its
children) are recorded; the table goes to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.25  # reading the memory of every process costs CPU: often enough to catch the peak, no more
sys.path.insert(0, str(ROOT / "scripts"))

from bench_data import build  # noqa: E402

FLOOR = """
import csv, sys, multiprocessing as mp
from textmine.text import Segmenter, normalize
seg = Segmenter.default()
def cut(rows):
    return sum(len(seg.cut(normalize(t))) for t in rows)
def batches(path, size=2000):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f); next(reader); rows = []
        for row in reader:
            rows.append(row[1])
            if len(rows) == size:
                yield rows; rows = []
        if rows: yield rows
if __name__ == "__main__":
    seg.fast
    with mp.get_context("fork").Pool(mp.cpu_count()) as pool:
        print(sum(pool.imap(cut, batches(sys.argv[1]))))
"""


def memory(process: psutil.Process) -> int:
    """Proportional set size: shared pages (a forked worker's copy of the model) count once overall."""
    try:
        return process.memory_full_info().pss
    except (psutil.AccessDenied, AttributeError):
        return process.memory_info().rss


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB, summed over the process and its workers) of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(memory(p) for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(POLL_SECONDS)
    if process.returncode != 0:
        raise SystemExit(f"{command} failed with exit code {process.returncode}")
    return time.perf_counter() - started, peak / 2**20


def run(sizes: list[int], baseline_max: int, cluster_size: int, folder: Path) -> list[dict]:
    python = sys.executable
    rows = []
    for n in sizes:
        data = folder / f"bench_{n}.csv"
        if not data.exists():
            build(n, data)
        row = {"records": n, "megabytes": data.stat().st_size / 2**20}
        row["textmine"] = measure(
            [python, "-m", "textmine.cli", "classify", str(data), "-o", str(folder / "out.csv"), "--quiet"]
        )
        row["floor"] = measure([python, "-c", FLOOR, str(data)])
        if n <= baseline_max:
            row["baseline"] = measure(
                [python, str(ROOT / "scripts" / "naive_baseline.py"), str(data), str(folder / "naive.csv")]
            )
        if n == cluster_size:
            row["cluster"] = measure(
                [python, "-m", "textmine.cli", "cluster", str(data), "-o", str(folder / "clustered.csv")]
            )
        rows.append(row)
        print(row, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| records | textmine rec/s | peak MB | naive rec/s | peak MB | floor rec/s | textmine / naive | textmine / floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        n = row["records"]
        rate = {k: n / row[k][0] for k in ("textmine", "floor", "baseline") if k in row}
        naive = f"{rate['baseline']:,.0f} | {row['baseline'][1]:,.0f}" if "baseline" in rate else "not run | -"
        ratio = f"{rate['textmine'] / rate['baseline']:.1f}x" if "baseline" in rate else "-"
        lines.append(
            f"| {n:,} | {rate['textmine']:,.0f} | {row['textmine'][1]:,.0f} | {naive} | {rate['floor']:,.0f} | "
            f"{ratio} | {rate['textmine'] / rate['floor']:.0%} |"
        )
    clustered = [r for r in rows if "cluster" in r]
    for row in clustered:
        seconds, peak = row["cluster"]
        lines += [
            "",
            f"Clustering {row['records']:,} records (`textmine cluster`): {seconds:,.0f} s, peak {peak:,.0f} MB.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline-max", type=int, default=100_000, help="skip the naive script above this size")
    parser.add_argument("--cluster-size", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "textmine-bench")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    rows = run(args.sizes, args.baseline_max, args.cluster_size, args.data)
    text = table(rows)
    print(text)
    header = (
        f"Measured by `python scripts/bench.py` on a machine with {os.cpu_count()} cores, all runs of a size on "
        "the same file in one run (rates are records per second end to end; peak memory is the proportional set "
        "size summed over the process and its workers, so pages a forked worker shares with its parent count once).\n\n"
    )
    write_between_markers(args.out, header + text)


def write_between_markers(path: Path, text: str, name: str = "bench") -> None:
    """Put ``text`` between the ``<!-- bench -->`` markers of ``path``, keeping the rest of the page."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    page = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    if start not in page or end not in page:
        page = page.rstrip("\n") + f"\n\n{start}\n{end}\n"
    before, rest = page.split(start, 1)
    after = rest.split(end, 1)[1]
    path.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
