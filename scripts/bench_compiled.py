"""The compiled helpers against their Python twins: one process, the same records, both in one run.

    python scripts/bench_compiled.py /tmp/textmine-bench/bench_10000.csv --records 2000

Classifies the records in chunks of 2,000 (as the batch runner does) with the default model, first with
the compiled helpers, then with the numpy and Python code that stands in for them where textmine was
installed without a C compiler, and checks that both give the same results. Prints seconds and
records per second for each, best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.classify import load_classifier  # noqa: E402
from textmine.classify.linear import compiled  # noqa: E402
from textmine.classify.linear.compiled import python_twins  # noqa: E402


def classify_in_chunks(model, texts: list[str], size: int = 2000) -> list:
    return [result for start in range(0, len(texts), size) for result in model.classify(texts[start : start + size])]


def best_time(model, texts: list[str], repeats: int) -> tuple[float, list]:
    best, results = float("inf"), []
    for _ in range(repeats):
        started = time.perf_counter()
        results = classify_in_chunks(model, texts)
        best = min(best, time.perf_counter() - started)
    return best, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a CSV with a 反映内容 column (scripts/bench_data.py writes one)")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    texts = pd.read_csv(args.data, dtype=str, nrows=args.records)["反映内容"].fillna("").tolist()
    model = load_classifier()
    if compiled.kernel is None:
        raise SystemExit("the compiled helpers are not built here: pip install . with a C compiler at hand")
    model.classify(texts[:10])  # the dictionary and lookup tables are built here
    compiled_seconds, compiled_results = best_time(model, texts, args.repeats)
    with python_twins():
        twin_seconds, twin_results = best_time(model, texts, args.repeats)
    same = compiled_results == twin_results
    print(f"{len(texts):,} records, one process, best of {args.repeats}")
    print(f"{'path':<16}{'seconds':>9}{'records/s':>12}")
    for name, seconds in (("compiled", compiled_seconds), ("python twins", twin_seconds)):
        print(f"{name:<16}{seconds:>9.2f}{len(texts) / seconds:>12,.0f}")
    print(f"ratio {twin_seconds / compiled_seconds:.1f}x; identical results: {same}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
