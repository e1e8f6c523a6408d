"""The engines side by side: the local runner, Dask (LocalCluster with 1 and 2 workers) and Spark
(``local[2]``) classifying the same Parquet file of corpus records, in one run.

    python scripts/bench_engines.py                          # 1,000,000 records
    python scripts/bench_engines.py --records 100000 --out docs/benchmarks.md

Each run is a separate process, timed whole (start-up, a cluster's start included) with its peak memory
(proportional set size summed over the process and everything it started: workers, the JVM). Reported:
records/s, peak MB, the scaling of Dask from 1 to 2 workers, and Dask's overhead against the local runner
on the same number of cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import measure, write_between_markers  # noqa: E402
from bench_single import corpus_texts  # noqa: E402

SPARK_JOB = """
import sys
from pyspark.sql import SparkSession
from textmine.engines.spark import classify
spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
         .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
         .config("spark.pyspark.python", sys.executable).config("spark.driver.memory", "2g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
classify(spark.read.parquet(sys.argv[1])).write.mode("overwrite").parquet(sys.argv[2])
spark.stop()
"""


def build_input(n: int, path: Path, seed: int = 0, rows_per_group: int = 20_000) -> None:
    """``n`` corpus records drawn at random (编号, 反映内容) as Parquet, in row groups Dask can split on."""
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    texts = corpus_texts()
    with pq.ParquetWriter(path, pa.schema([("编号", pa.string()), ("反映内容", pa.string())])) as writer:
        for start in range(0, n, rows_per_group):
            ids = [f"E{i + 1:08d}" for i in range(start, min(n, start + rows_per_group))]
            writer.write_table(pa.table({"编号": ids, "反映内容": [rng.choice(texts) for _ in ids]}))


def runs(data: Path, folder: Path, local_one: bool) -> dict[str, list[str]]:
    python = sys.executable
    classify = [python, "-m", "textmine.cli", "classify", str(data), "--quiet"]
    commands = {"local runner, 2 processes": [*classify, "-o", str(folder / "local.parquet"), "--jobs", "2"]}
    if local_one:
        commands["local runner, 1 process"] = [*classify, "-o", str(folder / "local1.parquet"), "--jobs", "1"]
    for workers in (1, 2):
        output = folder / f"dask{workers}"
        commands[f"Dask LocalCluster, {workers} worker{'s' if workers > 1 else ''}"] = [
            *classify, "-o", str(output), "--engine", "dask", "--jobs", str(workers)
        ]  # fmt: skip
    commands["Spark local[2]"] = [python, "-c", SPARK_JOB, str(data), str(folder / "spark")]
    return commands


def table(n: int, results: dict[str, tuple[float, float]]) -> str:
    lines = ["| engine | seconds | records/s | peak MB |", "|---|---|---|---|"]
    for name, (seconds, peak) in results.items():
        lines.append(f"| {name} | {seconds:,.1f} | {n / seconds:,.0f} | {peak:,.0f} |")
    one, two = results["Dask LocalCluster, 1 worker"][0], results["Dask LocalCluster, 2 workers"][0]
    local = results["local runner, 2 processes"][0]
    lines += ["", f"Dask from 1 to 2 workers: {one / two:.2f}x. Dask (2 workers) against the local runner (2 processes): "
              f"{two / local - 1:+.0%} time."]  # fmt: skip
    if "local runner, 1 process" in results:
        local_one = results["local runner, 1 process"][0]
        lines[-1] += f" Dask (1 worker) against the local runner (1 process): {one / local_one - 1:+.0%} time."
    return "\n".join(lines)


def sizing(n: int, results: dict[str, tuple[float, float]], target: int = 100_000_000) -> str:
    """How many cores classify ``target`` records in an hour, from the measured rate of one Dask worker
    (one core, start-up included) and the measured efficiency of a second worker."""
    per_core = n / results["Dask LocalCluster, 1 worker"][0]
    speedup = results["Dask LocalCluster, 1 worker"][0] / results["Dask LocalCluster, 2 workers"][0]
    efficiency = min(1.0, speedup / 2)  # more than ideal (start-up paid once over a longer run) counts as ideal
    needed = target / 3600
    lines = [
        f"From `python scripts/bench_engines.py --records {n}`: one Dask worker classified {per_core:,.0f} records/s "
        f"on one core (start-up included); a second worker on the second core gave {speedup:.2f}x "
        f"({efficiency:.0%} of ideal counted). {target:,} records in an hour is {needed:,.0f} records/s.",
        "",
        "| assumed efficiency of the cluster | cores | machines of 16 cores |",
        "|---|---|---|",
    ]
    for label, share in (("ideal (100%)", 1.0), (f"as measured here ({efficiency:.0%})", efficiency), ("70%", 0.7)):
        cores = -(-needed // (per_core * share))
        lines.append(f"| {label} | {cores:,.0f} | {-(-cores // 16):,.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--local-one", action="store_true", help="also run the local runner on one process")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "textmine-bench")
    parser.add_argument("--out", type=Path, help="a page to put the table in (between <!-- engines --> markers)")
    parser.add_argument("--sizing", type=Path, help="a page to put the sizing table in (<!-- sizing --> markers)")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    data = args.data / f"engines_{args.records}.parquet"
    if not data.exists():
        build_input(args.records, data)
    results = {}
    for name, command in runs(data, args.data, args.local_one).items():
        for old in args.data.glob("dask[12]"):
            for part in old.iterdir():
                part.unlink()
            old.rmdir()
        results[name] = measure(command)
        print(json.dumps({"engine": name, "seconds": results[name][0], "peak_mb": results[name][1]}), flush=True)
    text = table(args.records, results)
    print(text)
    print(sizing(args.records, results))
    if args.out:
        header = (f"Measured by `python scripts/bench_engines.py --records {args.records}` on a machine with "
                  f"{os.cpu_count()} cores, one run, the same Parquet file of corpus records for every engine.\n\n")  # fmt: skip
        write_between_markers(args.out, header + text, "engines")
    if args.sizing:
        write_between_markers(args.sizing, sizing(args.records, results), "sizing")


if __name__ == "__main__":
    main()
