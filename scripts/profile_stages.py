"""Where the time of ``textmine classify`` goes: each stage of one chunk, timed in one process.

    python scripts/profile_stages.py /tmp/textmine-bench/bench_10000.csv

Reads the CSV (编号, 反映内容, as ``bench_data.py`` writes it), then times, on the same records:
normalising, segmenting (the rjieba cut alone, then the token filtering), word and character TF-IDF,
the linear scores, and building the result rows (subtypes, evidence) and writing them as CSV.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.classify import load_classifier  # noqa: E402
from textmine.classify.linear.features import PreparedTexts  # noqa: E402
from textmine.engines.batch import ChunkTask  # noqa: E402
from textmine.io.writers import csv_lines  # noqa: E402
from textmine.text import normalize  # noqa: E402


def timed(stages: dict[str, float], name: str, work):
    started = time.perf_counter()
    result = work()
    stages[name] = time.perf_counter() - started
    return result


def profile(texts: list[str], frame: pd.DataFrame) -> dict[str, float]:
    model = load_classifier()
    segmenter = model.featurizer_.segmenter
    model.classify(texts[:20])  # warm-up: the dictionary loads here
    stages: dict[str, float] = {}
    cleaned = timed(stages, "normalise", lambda: [normalize(t) for t in texts])
    timed(stages, "segment: rjieba cut", lambda: [segmenter.cut(t) for t in cleaned])
    words = timed(stages, "segment: cut + content words", lambda: [segmenter.content_words(t) for t in cleaned])
    prepared = PreparedTexts(words, cleaned)
    features = timed(stages, "TF-IDF words + chars", lambda: model.featurizer_.transform(prepared))
    timed(stages, "linear scores", lambda: model._scores(np.asarray(features @ model.coef_.T + model.intercept_)))
    started = time.perf_counter()
    model.classify(texts)
    stages["classify (all of the above + subtypes, evidence)"] = time.perf_counter() - started
    task = ChunkTask(text_column="反映内容", id_column="编号", as_lists=False)
    out = timed(stages, "one chunk end to end (ChunkTask)", lambda: task(model, (0, frame.copy())).rows)
    timed(stages, "format as CSV", lambda: csv_lines(out))
    return stages


def main() -> None:
    frame = pd.read_csv(sys.argv[1], dtype=str)
    texts = frame["反映内容"].tolist()
    stages = profile(texts, frame)
    n = len(texts)
    print(f"{n:,} records, one process")
    print(f"{'stage':<52}{'seconds':>9}{'records/s':>12}")
    for name, seconds in stages.items():
        print(f"{name:<52}{seconds:>9.2f}{n / seconds:>12,.0f}")


if __name__ == "__main__":
    main()
