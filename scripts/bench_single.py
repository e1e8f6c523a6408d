"""The single-machine figure, measured as a user would: 50,000 records sampled from the corpus, the whole
``textmine classify`` process (start-up included) against the classification phase alone of the script a
user would write (``scripts/naive_baseline.py``: pandas, ``jieba.lcut``, TF-IDF, one-vs-rest logistic
regression), on the same file in one run.

    python scripts/bench_single.py                     # 50,000 records: textmine 3 times, the naive script once
    python scripts/bench_single.py --records 20000 --out docs/benchmarks.md

The naive script reports its own phases: imports and training (not counted), then the classification
phase (reading the CSV, ``jieba.lcut`` and TF-IDF, predicting, writing the CSV), which is what textmine's
whole process is held against. Its predict step alone (TF-IDF and the model, without reading and
writing) is reported too. The start-up of textmine (imports and the model, to the first record) is
measured separately by classifying a one-record file. textmine runs ``--repeats`` times (its first run
is the figure; the others show how far other jobs on a shared machine move it), and the CPU seconds of
both are reported beside the wall seconds.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
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


def wall(command: list[str]) -> tuple[float, str, float]:
    """Wall seconds of a whole process, what it wrote on standard error, and the CPU seconds it and every
    process it started used (where other jobs share the machine, CPU seconds move less than wall seconds)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command} failed with exit code {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done.stderr, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def naive_phases(stderr: str) -> dict[str, float]:
    """The phase timings the naive script prints as its last line."""
    return json.loads(stderr.strip().splitlines()[-1])


def measure(n: int, folder: Path, repeats: int) -> dict:
    """textmine ``repeats`` times around one run of the naive script (before it and after it, alternately)."""
    data, one = folder / f"sample_{n}.csv", folder / "sample_1.csv"
    if not data.exists():
        build_sample(n, data)
    build_sample(1, one)
    python = sys.executable
    textmine = [python, "-m", "textmine.cli", "classify"]
    startup = wall([*textmine, str(one), "-o", str(folder / "one_out.csv"), "--quiet"])[0]
    runs = []
    naive = [python, str(ROOT / "scripts" / "naive_baseline.py"), str(data), str(folder / "n.csv")]
    for i in range(repeats):
        runs.append(wall([*textmine, str(data), "-o", str(folder / "textmine_out.csv"), "--quiet"]))
        if i == 0:
            naive_total, stderr, _ = wall(naive)
    walls = [seconds for seconds, _, _ in runs]
    return {"records": n, "cores": os.cpu_count(), "textmine_process": walls[0], "textmine_runs": walls,
            "textmine_median": statistics.median(walls), "textmine_best": min(walls),
            "textmine_cpu": runs[0][2], "textmine_startup": startup, "naive_process": naive_total,
            "load_after": os.getloadavg()[0], **naive_phases(stderr)}  # fmt: skip


def table(row: dict) -> str:
    n, naive = row["records"], row["classify"]
    runs = ", ".join(f"{seconds:.2f}" for seconds in row["textmine_runs"])
    lines = [
        "| what (the same file) | seconds | records/s | the naive classification phase over it |",
        "|---|---|---|---|",
        f"| `textmine classify`, whole process (start-up included), first run | {row['textmine_process']:.2f} | "
        f"{n / row['textmine_process']:,.0f} | **{naive / row['textmine_process']:.1f}x** |",
        f"| `textmine classify`, median of {len(row['textmine_runs'])} runs ({runs}) | {row['textmine_median']:.2f} | "
        f"{n / row['textmine_median']:,.0f} | {naive / row['textmine_median']:.1f}x |",
        f"| naive script: classification phase (read, lcut + TF-IDF, predict, write) | {naive:.2f} | "
        f"{n / naive:,.0f} | 1.0x |",
        f"| naive script: predict step alone (lcut + TF-IDF, predict) | {row['predict']:.2f} | "
        f"{n / row['predict']:,.0f} | - |",
        f"| naive script: whole process (imports and training included) | {row['naive_process']:.2f} | "
        f"{n / row['naive_process']:,.0f} | - |",
    ]
    return "\n".join(lines) + (
        f"\n\n{n:,} records sampled from the corpus, {row['cores']} cores, load average {row['load_after']:.1f} "
        f"after the runs. CPU seconds: textmine's first run {row['textmine_cpu']:.1f} (every process), the naive "
        f"classification phase {row['classify_cpu']:.1f} ({row['classify_cpu'] / row['textmine_cpu']:.1f}x). "
        f"textmine's start-up (a one-record file, whole process): {row['textmine_startup']:.2f} s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of textmine (the naive script runs once)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "textmine-bench")
    parser.add_argument("--out", type=Path, help="a page to put the table in (between <!-- single --> markers)")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    row = measure(args.records, args.data, args.repeats)
    print(json.dumps(row))
    text = table(row)
    print(text)
    if args.out:
        write_between_markers(args.out, f"Measured by `python scripts/bench_single.py`.\n\n{text}", "single")


if __name__ == "__main__":
    main()
