"""Segmentation engines and the HMM, measured on the corpus: speed, agreement with jieba, accuracy.

    python scripts/bench_segment.py               # speed and token agreement
    python scripts/bench_segment.py --accuracy    # also dev macro-F1 of the default model, HMM off and on

Every engine gets the same dictionary (jieba's own plus the domain words and stop words, as
``Segmenter`` loads it). Speed is characters per second on one core over all corpus texts, each
engine timed on the same texts in the same run. Agreement counts records whose token lists differ
from jieba's with the same HMM setting. Accuracy trains the default classifier on the train split
and scores the dev split (never the test split).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.text import Segmenter, normalize  # noqa: E402


def read(split: str) -> list[dict]:
    lines = (ROOT / "corpora" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def speed_and_agreement(texts: list[str], repeats: int) -> list[dict]:
    characters = sum(len(t) for t in texts) * repeats
    rows = []
    for hmm in (False, True):
        reference = None
        for engine in ("jieba", "rjieba"):
            segmenter = Segmenter.default()
            segmenter.engine, segmenter.hmm = engine, hmm
            segmenter.cut(texts[0])  # loads the dictionary
            started = time.perf_counter()
            for _ in range(repeats):
                tokens = [segmenter.cut(t) for t in texts]
            seconds = time.perf_counter() - started
            if engine == "jieba":
                reference = tokens
            differing = sum(a != b for a, b in zip(tokens, reference))
            rows.append(
                {"engine": engine, "hmm": hmm, "chars_per_second": characters / seconds, "differing": differing}
            )
    return rows


def dev_macro_f1(hmm: bool) -> float:
    from textmine.classify import LinearClassifier
    from textmine.retrain.evaluate import evaluate_model

    segmenter = Segmenter.default()
    segmenter.hmm = hmm
    train, dev = read("train"), read("dev")
    model = LinearClassifier(segmenter=segmenter).fit(
        [r["text"] for r in train], [r["labels"] for r in train], subtypes=[r["subtypes"] for r in train]
    )
    return evaluate_model(model, [r["text"] for r in dev], [r["labels"] for r in dev])["labels"]["macro_f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--accuracy", action="store_true")
    args = parser.parse_args()
    texts = [normalize(r["text"]) for split in ("train", "dev", "test") for r in read(split)]
    print(f"{len(texts):,} corpus texts, {sum(map(len, texts)):,} characters, one core")
    print(f"{'engine':<8}{'HMM':<6}{'chars/s':>12}{'records differing from jieba':>32}")
    for row in speed_and_agreement(texts, args.repeats):
        hmm = "on" if row["hmm"] else "off"
        print(f"{row['engine']:<8}{hmm:<6}{row['chars_per_second']:>12,.0f}{row['differing']:>32}")
    if args.accuracy:
        for hmm in (False, True):
            print(f"dev macro-F1, HMM {'on' if hmm else 'off'}: {dev_macro_f1(hmm):.4f}")


if __name__ == "__main__":
    main()
