"""Train each classifier backend on the corpus and print test macro-F1, training time and throughput side by side.

    python scripts/bench_backends.py                     # linear, spacy (bow, ensemble), transformer (tiny)
    python scripts/bench_backends.py --backends linear spacy-bow

The linear backend is fitted on train + dev (it tunes thresholds out of fold); spaCy and the
transformer are fitted on train, with dev for early stopping and per-label thresholds. Every row is
scored on ``corpora/test.jsonl``, which nothing here trains or tunes on. The transformer row is a tiny
BERT (2 layers, 64 hidden units) with random initial weights and a character vocabulary from the
training split, fine-tuned on the CPU: it measures the pipeline, not what a pretrained Chinese encoder
would score. Throughput is records per second for ``classify`` (labels, subtypes, scores and evidence,
what ``textmine classify`` writes) and for ``predict_proba`` (scores only), one process.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.classify.base import new_classifier  # noqa: E402
from textmine.retrain.evaluate import evaluate_model  # noqa: E402

ROWS = ("linear", "spacy-bow", "spacy-ensemble", "transformer-tiny")


def read_split(name: str) -> list[dict]:
    path = ROOT / "corpora" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def columns(records: list[dict]) -> tuple[list[str], list[list[str]], list[list[str]]]:
    return [r["text"] for r in records], [r["labels"] for r in records], [r["subtypes"] for r in records]


def train(row: str, train_records: list[dict], dev_records: list[dict], workdir: Path):
    """The fitted model of one row."""
    if row == "linear":
        texts, labels, subtypes = columns(train_records + dev_records)
        return new_classifier("linear").fit(texts, labels, subtypes=subtypes)
    if row.startswith("spacy"):
        model = new_classifier("spacy", architecture=row.removeprefix("spacy-"))
    else:
        from textmine.classify.transformer.tiny_encoder import build_tiny_encoder

        base = build_tiny_encoder([r["text"] for r in train_records], workdir / "tiny-bert", hidden_size=64, layers=2)
        model = new_classifier(
            "transformer", base_model=str(base), learning_rate=1e-3, max_epochs=10, patience=3, device="cpu"
        )
    return model.fit(*columns(train_records), *columns(dev_records))


def measure(row: str, splits: dict[str, list[dict]], workdir: Path) -> dict:
    started = time.perf_counter()
    model = train(row, splits["train"], splits["dev"], workdir)
    train_seconds = time.perf_counter() - started
    texts, labels, _ = columns(splits["test"])
    scores = evaluate_model(model, texts, labels)["labels"]
    model.classify(texts[:8])  # warm-up
    started = time.perf_counter()
    model.classify(texts)
    classify_rate = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    model.predict_proba(texts)
    proba_rate = len(texts) / (time.perf_counter() - started)
    return {
        "backend": row,
        "test_macro_f1": scores["macro_f1"],
        "test_micro_f1": scores["micro_f1"],
        "train_seconds": round(train_seconds, 1),
        "classify_per_second": round(classify_rate, 1),
        "predict_proba_per_second": round(proba_rate, 1),
        "epochs": len(getattr(model, "history_", []) or []) or None,
    }


def table(results: list[dict]) -> str:
    lines = [
        "| backend | test macro-F1 | test micro-F1 | training (s) | classify (records/s) | scores only (records/s) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        name = r["backend"] + (" (random-init tiny BERT, CPU)" if r["backend"] == "transformer-tiny" else "")
        lines.append(
            f"| {name} | {r['test_macro_f1']:.3f} | {r['test_micro_f1']:.3f} | {r['train_seconds']:.1f} | "
            f"{r['classify_per_second']:.1f} | {r['predict_proba_per_second']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", nargs="+", choices=ROWS, default=list(ROWS))
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args()
    splits = {name: read_split(name) for name in ("train", "dev", "test")}
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for row in args.backends:
            results.append(measure(row, splits, Path(workdir)))
            print(f"done: {results[-1]}", file=sys.stderr)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
