"""Build benchmark inputs from corpus text: records of about 300 characters made by joining sentences
drawn at random from the corpus, written as CSV (编号, 反映内容) in chunks, so any size fits in memory.

    python scripts/bench_data.py 100000 /tmp/bench_100k.csv
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")


def corpus_sentences() -> list[str]:
    sentences = []
    for name in ("train", "dev", "test"):
        for line in (ROOT / "corpora" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"].replace("\n", "")
            sentences += [s.strip() for s in SENTENCE.findall(text) if len(s.strip()) >= 8]
    return sentences


def build(n: int, path: Path, seed: int = 0, target: int = 300) -> None:
    rng = random.Random(seed)
    sentences = corpus_sentences()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["编号", "反映内容"])
        for i in range(n):
            parts, length = [], 0
            while length < target:
                sentence = rng.choice(sentences)
                parts.append(sentence)
                length += len(sentence)
            writer.writerow([f"B{i + 1:07d}", "".join(parts)[: target + 60]])


if __name__ == "__main__":
    build(int(sys.argv[1]), Path(sys.argv[2]))
