"""Wall time of ``textmine cluster FILE``, this checkout against another copy of the package, side by side.

    git archive <commit> textmine | tar -x -C /tmp/base     # the copy to compare with (copy the built _speedups too)
    python scripts/bench_cluster_command.py ../shared/data/tipdm2020c/messages_hot_topics.jsonl --other /tmp/base

The two run in turn, ``--rounds`` times each, as whole commands (start-up, reading, classifying the records
first, clustering and writing included), so load from other work on the machine falls on both alike. Prints
each run's seconds, the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(source: Path, input_path: str, folder: Path) -> float:
    """Seconds of one ``python -m textmine.cli cluster`` with ``source`` first on the path."""
    environment = dict(os.environ, PYTHONPATH=str(source))
    command = [sys.executable, "-m", "textmine.cli", "cluster", input_path, "-o", str(folder / "out.jsonl")]
    command += ["--summary", str(folder / "clusters.json")]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{source}: {done.stderr.strip()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="the file to cluster")
    parser.add_argument("--other", required=True, help="a folder holding another copy of the textmine package")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    input_path = str(Path(args.input).resolve())
    sources = {"this": ROOT, "other": Path(args.other).resolve()}
    times: dict[str, list[float]] = {name: [] for name in sources}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(args.rounds):
            for name, source in sources.items():
                folder = Path(scratch) / f"{name}-{round_number}"
                folder.mkdir()
                seconds = run_once(source, input_path, folder)
                times[name].append(seconds)
                print(f"round {round_number + 1} {name}: {seconds:.1f} s", flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(
        f"median this {medians['this']:.1f} s, other {medians['other']:.1f} s, ratio {medians['this'] / medians['other']:.2f}"
    )


if __name__ == "__main__":
    main()
