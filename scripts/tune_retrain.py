"""How textmine's single-label settings were chosen: a grid on the same stratified folds as
``bench_retrain.py`` (never on a test split).

    python scripts/tune_retrain.py --data ../shared/data/tipdm2020c/messages_labelled.jsonl

Each text is segmented once and each fold's TF-IDF features are built once per feature setting, then
the models are swapped on them: one-vs-rest logistic regression as ``LinearClassifier`` fits it (liblinear,
one binary model per label, the best-scoring label wins) against a LinearSVC-style squared hinge loss.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.classify.linear.features import TextFeaturizer  # noqa: E402
from textmine.retrain.records import join_title  # noqa: E402
from textmine.text import Segmenter  # noqa: E402

FEATURES = {
    "default (words 1-2/20k, chars 1-3/40k)": {},
    "larger vocabularies (40k words, 80k chars)": {"max_word_features": 40000, "max_char_features": 80000},
    "chars 1-4 (80k)": {"char_ngram_range": (1, 4), "max_char_features": 80000},
}


def logistic(C: float, class_weight: str | None = "balanced"):
    return lambda: OneVsRestClassifier(LogisticRegression(C=C, class_weight=class_weight, solver="liblinear"))


def squared_hinge(C: float):
    return lambda: LinearSVC(C=C)


GRID = {
    "default (words 1-2/20k, chars 1-3/40k)": {
        "logistic C=4 balanced": logistic(4),
        "logistic C=8 balanced (default)": logistic(8),
        "logistic C=16 balanced": logistic(16),
        "logistic C=32 balanced": logistic(32),
        "logistic C=8 no class weight": logistic(8, None),
        "squared hinge C=0.5": squared_hinge(0.5),
        "squared hinge C=1": squared_hinge(1.0),
    },
    "larger vocabularies (40k words, 80k chars)": {
        "logistic C=8 balanced": logistic(8),
        "squared hinge C=1": squared_hinge(1.0),
    },
    "chars 1-4 (80k)": {"logistic C=8 balanced": logistic(8), "squared hinge C=1": squared_hinge(1.0)},
}


def score(make_model, matrices, folds, labels) -> dict:
    """Out-of-fold macro-F1 and accuracy of one model over the cached fold features."""
    started = time.perf_counter()
    truth, predicted = [], []
    for (train, test), (train_index, test_index) in zip(matrices, folds):
        fitted = make_model().fit(train, labels[train_index])
        truth += list(labels[test_index])
        predicted += list(fitted.predict(test))
    return {
        "macro_f1": round(f1_score(truth, predicted, average="macro"), 4),
        "accuracy": round(accuracy_score(truth, predicted), 4),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/tipdm2020c/messages_labelled.jsonl"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = np.array([r["label"] for r in rows])
    segmenter = Segmenter.default()
    texts = {
        "title+body": [join_title(r.get("title"), r["text"]) for r in rows],
        "body": [r["text"] for r in rows],
    }
    prepared = {name: TextFeaturizer(segmenter).prepare(t) for name, t in texts.items()}
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=args.seed).split(rows, labels))
    plan = [("title+body", features, list(models)) for features, models in GRID.items()]
    plan.append(("body", "default (words 1-2/20k, chars 1-3/40k)", ["logistic C=8 balanced (default)"]))
    results = []
    for text, features, models in plan:
        matrices = []
        for train_index, test_index in folds:
            featurizer = TextFeaturizer(segmenter, **FEATURES[features])
            train = featurizer.fit_transform(prepared[text].subset(train_index))
            matrices.append((train, featurizer.transform(prepared[text].subset(test_index))))
        for model in models:
            results.append(
                score(GRID[features][model], matrices, folds, labels)
                | {"text": text, "features": features, "model": model}
            )
            row = results[-1]
            print(
                f"{text:<11}{features:<44}{model:<34}macro-F1 {row['macro_f1']:.4f}  accuracy {row['accuracy']:.4f}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
