"""Where a parallel ``textmine classify`` run spends its time, by stage, from a py-spy profile.

    pip install py-spy
    py-spy record --subprocesses --rate 200 --format raw -o profile.txt -- \\
        textmine classify /tmp/textmine-bench/bench_100000.csv -o out.csv --quiet
    python scripts/pyspy_summary.py profile.txt

py-spy samples every thread of every process; samples of a worker or of the main process that wait
on a pipe, a lock or a selector are counted apart, the others are split by the first stage found in
their stack.
"""

from __future__ import annotations

import sys
from collections import Counter

WORKER = "worker (multiprocessing/pool.py"
WORKER_STAGES = [
    ("segmentation (rjieba cut)", ["Segmenter.cut"]),
    ("normalising", ["normalize (textmine/text/normalize.py"]),
    ("content words", ["Segmenter.content_words"]),
    ("TF-IDF", ["stacked_transform", "compiled_block"]),
    ("subtypes", ["_subtype_scores", "_subtypes_for"]),
    ("evidence", ["LinearClassifier._evidence"]),
    ("label scores and the rest of classify", ["LinearClassifier.classify"]),
    ("checks, result columns, counts", ["classify_chunk", "result_columns", "ChunkCounts"]),
    ("formatting the output", ["encode_csv", "encode_jsonl", "csv_lines"]),
    ("receiving and sending chunks", [WORKER]),
]
MAIN_STAGES = [
    ("reading the input", ["readers.py", "_number_rows"]),
    ("appending the output", ["_write (textmine/batch.py"]),
    ("sending chunks", ["_send", "dumps"]),
    ("start-up (imports, model, warm-up)", ["_find_and_load", "load_classifier", "_build_rjieba", "classify ("]),
]
WAITING = ["_recv", "select", "Condition.wait", "Event.wait", "_wait_for_updates", "acquire"]


def stage_of(stack: str, stages: list[tuple[str, list[str]]]) -> str:
    return next((name for name, marks in stages if any(mark in stack for mark in marks)), "other")


def summarise(lines) -> dict[str, Counter]:
    counts = {"workers": Counter(), "main process": Counter()}
    for line in lines:
        stack, samples = line.rsplit(" ", 1)
        in_worker = WORKER in stack
        tail = ";".join(stack.split(";")[-3:])
        if any(mark in tail for mark in WAITING) and not (in_worker and "ChunkTask" in stack):
            stage = "(waiting)"
        else:
            stage = stage_of(stack, WORKER_STAGES if in_worker else MAIN_STAGES)
        counts["workers" if in_worker else "main process"][stage] += int(samples)
    return counts


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        counts = summarise(handle)
    for process, stages in counts.items():
        busy = sum(n for stage, n in stages.items() if stage != "(waiting)")
        print(f"{process}: {busy:,} busy samples ({stages['(waiting)']:,} waiting)")
        for stage, n in stages.most_common():
            if stage != "(waiting)":
                print(f"  {stage:<40}{n:>7,}{n / max(busy, 1):>8.1%}")


if __name__ == "__main__":
    main()
