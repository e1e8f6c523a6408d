"""The single-machine figure, measured as a user would: 50,000 records sampled from the corpus, the whole
``textmine classify`` process (start-up included) against the classification phase alone of the script a
user would write (``scripts/naive_baseline.py``: pandas, ``jieba.lcut``, TF-IDF, one-vs-rest logistic
regression), in one run on the same file.

    python scripts/bench_single.py                     # 50,000 records, one run of each
    python scripts/bench_single.py --records 20000 --out docs/benchmarks.md

The naive script reports its own phases: imports and training (not counted), then the classification
phase (reading the CSV, ``jieba.lcut`` and TF-IDF, predicting, writing the CSV), which is what textmine's
whole process is held against. Its predict step alone (TF-IDF and the model, without reading and
writing) is reported too. The start-up of textmine (imports and the model, to the first record) is
measured separately by classifying a one-record file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import write_between_markers  # noqa: E402


def corpus_texts() -> list[str]:
    texts = []
    for name in ("train", "dev", "test"):
        lines = (ROOT / "corpora" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines]
    return texts


def build_sample(n: int, path: Path, seed: int = 0) -> None:
    """``n`` corpus records drawn at random (with replacement) as a CSV of 编号, 反映内容."""
    rng = random.Random(seed)
    texts = corpus_texts()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "反映内容"])
        for i in range(n):
            writer.writerow([f"S{i + 1:07d}", rng.choice(texts)])


def wall(command: list[str]) -> tuple[float, str]:
    """Wall seconds of a whole process, and what it wrote on standard error."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command} failed with exit code {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done.stderr


def naive_phases(stderr: str) -> dict[str, float]:
    """The phase timings the naive script prints as its last line."""
    return json.loads(stderr.strip().splitlines()[-1])


def measure(n: int, folder: Path) -> dict:
    data, one = folder / f"sample_{n}.csv", folder / "sample_1.csv"
    if not data.exists():
        build_sample(n, data)
    build_sample(1, one)
    python = sys.executable
    textmine = [python, "-m", "textmine.cli", "classify"]
    startup, _ = wall([*textmine, str(one), "-o", str(folder / "one_out.csv"), "--quiet"])
    total, _ = wall([*textmine, str(data), "-o", str(folder / "textmine_out.csv"), "--quiet"])
    naive_total, stderr = wall([python, str(ROOT / "scripts" / "naive_baseline.py"), str(data), str(folder / "n.csv")])
    phases = naive_phases(stderr)
    return {"records": n, "cores": os.cpu_count(), "textmine_process": total, "textmine_startup": startup,
            "naive_process": naive_total, **phases}  # fmt: skip


def table(row: dict) -> str:
    n = row["records"]
    lines = [
        "| what (one run, the same file) | seconds | records/s | textmine's whole process is faster by |",
        "|---|---|---|---|",
        f"| `textmine classify` whole process (start-up included) | {row['textmine_process']:.2f} | "
        f"{n / row['textmine_process']:,.0f} | — |",
        f"| naive script: classification phase (read, lcut + TF-IDF, predict, write) | {row['classify']:.2f} | "
        f"{n / row['classify']:,.0f} | **{row['classify'] / row['textmine_process']:.1f}x** |",
        f"| naive script: predict step alone (lcut + TF-IDF, predict) | {row['predict']:.2f} | "
        f"{n / row['predict']:,.0f} | {row['predict'] / row['textmine_process']:.1f}x |",
        f"| naive script: whole process (imports and training included) | {row['naive_process']:.2f} | "
        f"{n / row['naive_process']:,.0f} | {row['naive_process'] / row['textmine_process']:.1f}x |",
    ]
    return "\n".join(lines) + (
        f"\n\n{n:,} records sampled from the corpus, {row['cores']} cores; textmine's start-up (a one-record "
        f"file, whole process): {row['textmine_startup']:.2f} s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "textmine-bench")
    parser.add_argument("--out", type=Path, help="a page to put the table in (between <!-- single --> markers)")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    row = measure(args.records, args.data)
    print(json.dumps(row))
    text = table(row)
    print(text)
    if args.out:
        write_between_markers(args.out, f"Measured by `python scripts/bench_single.py`.\n\n{text}", "single")


if __name__ == "__main__":
    main()
