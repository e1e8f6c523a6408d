"""Build the default model shipped inside the package from the labelled corpus.

    python scripts/build_default_model.py                 # writes textmine/resources/default_model
    python scripts/build_default_model.py --out /tmp/m    # somewhere else (the tests compare the two)

Thresholds come from out-of-fold predictions inside ``fit``. The card records the dev scores of a
model fitted on train alone, and the test scores of the shipped model, fitted on train + dev. The
test split is only scored, never used to choose anything.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.classify import LinearClassifier  # noqa: E402
from textmine.resources import DEFAULT_MODEL_DIR  # noqa: E402
from textmine.retrain.evaluate import evaluate_model  # noqa: E402


def read_split(name: str) -> list[dict]:
    path = ROOT / "corpora" / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def fit(records: list[dict]) -> LinearClassifier:
    model = LinearClassifier()
    return model.fit(
        [r["text"] for r in records], [r["labels"] for r in records], subtypes=[r["subtypes"] for r in records]
    )


def summary(scores: dict) -> dict:
    return {part: {k: v for k, v in result.items() if k != "per_label"} for part, result in scores.items()} | {
        "per_label_f1": {k: v["f1"] for k, v in scores["labels"]["per_label"].items()}
    }


def build(out: Path) -> dict:
    train, dev, test = read_split("train"), read_split("dev"), read_split("test")
    dev_scores = evaluate_model(fit(train), [r["text"] for r in dev], [r["labels"] for r in dev])
    model = fit(train + dev)
    test_scores = evaluate_model(model, [r["text"] for r in test], [r["labels"] for r in test])
    model.card_ = {
        "name": "textmine default",
        "trained_on": "corpora/train.jsonl + corpora/dev.jsonl",
        "dev_scores_model_fitted_on_train": summary(dev_scores),
        "test_scores": summary(test_scores),
    }
    model.save(out)
    return model.card_


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    args = parser.parse_args()
    card = build(args.out)
    print(
        json.dumps(
            {k: card[k] for k in ("dev_scores_model_fitted_on_train", "test_scores")}, ensure_ascii=False, indent=1
        )
    )


if __name__ == "__main__":
    main()
