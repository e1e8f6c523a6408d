"""Retraining benchmark: textmine's default training pipeline against plain TF-IDF + LinearSVC, on the
same stratified folds of an office's own single-label categories.

    python scripts/bench_retrain.py --data ../shared/data/tipdm2020c/messages_labelled.jsonl
    python scripts/bench_retrain.py --data … --text body          # the message body alone
    python scripts/bench_retrain.py --data … --label-noise 0.03   # also: does the label check find flipped labels?

The data is read where it lies (JSONL with ``text``, ``label`` and optionally ``title``). textmine is run
as ``textmine train`` runs it: the settings' defaults, a taxonomy inferred from the labels, single-label
because every record has one label; a second row trains its SVMs on unscaled features (no naive Bayes log-count
ratios). The baseline is scikit-learn's ``TfidfVectorizer`` over jieba words and ``LinearSVC`` with their default
settings. Both see the same text (title + body by default).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.retrain.label_check import find_disagreements, out_of_fold_scores  # noqa: E402
from textmine.retrain.records import join_title  # noqa: E402
from textmine.retrain.settings import TrainingSettings  # noqa: E402
from textmine.retrain.workflow import make_estimator  # noqa: E402
from textmine.taxonomy import infer_taxonomy  # noqa: E402
from textmine.text import Segmenter  # noqa: E402

DEFAULT_DATA = "../shared/data/tipdm2020c/messages_labelled.jsonl"


def read_records(path: Path, text: str) -> tuple[list[str], list[str]]:
    if not path.is_file():
        sys.exit(f"{path} does not exist; give the labelled messages with --data")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [join_title(r.get("title") if text == "title+body" else None, r["text"]) for r in rows]
    return texts, [r["label"] for r in rows]


class TextmineDefault:
    """``textmine train``'s default estimator for these labels, one jieba tokenizer for all folds."""

    def __init__(self, labels: list[str], **settings) -> None:
        self.settings = settings  # the estimator settings this pipeline changes
        self.taxonomy = infer_taxonomy(labels)
        self.segmenter = Segmenter.default(self.taxonomy.cue_words())

    def new(self, **overrides):
        return make_estimator(
            TrainingSettings(), self.taxonomy, multilabel=False, segmenter=self.segmenter, **(self.settings | overrides)
        )

    def fit_predict(self, train_texts, train_labels, test_texts) -> list[str]:
        model = self.new().fit(train_texts, [[label] for label in train_labels])
        classes = np.array(model.classes_)
        return list(classes[model.predict(test_texts).argmax(axis=1)])


class PlainBaseline:
    """TF-IDF over jieba words + LinearSVC, scikit-learn defaults; each text is cut once."""

    def __init__(self, texts: list[str]) -> None:
        import logging

        import jieba

        from textmine.text.segment import cache_dir

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        cache_dir().mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir())  # textmine's cache folder, not a shared file in the system temp folder
        self.words = {text: " ".join(tokenizer.lcut(text)) for text in texts}

    def fit_predict(self, train_texts, train_labels, test_texts) -> list[str]:
        vectorizer = TfidfVectorizer(token_pattern=r"(?u)\S+")
        features = vectorizer.fit_transform([self.words[t] for t in train_texts])
        model = LinearSVC().fit(features, train_labels)
        return list(model.predict(vectorizer.transform([self.words[t] for t in test_texts])))


def cross_validate(pipelines: dict, texts: list[str], labels: list[str], folds: int, seed: int) -> dict:
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    labels_array = np.array(labels)
    scores = {name: {"macro_f1": [], "accuracy": [], "seconds": []} for name in pipelines}
    for fold, (train_index, test_index) in enumerate(splitter.split(np.zeros(len(labels)), labels_array), 1):
        train_texts, test_texts = [texts[i] for i in train_index], [texts[i] for i in test_index]
        truth = labels_array[test_index]
        for name, pipeline in pipelines.items():
            started = time.perf_counter()
            predicted = pipeline.fit_predict(train_texts, list(labels_array[train_index]), test_texts)
            scores[name]["seconds"].append(time.perf_counter() - started)
            scores[name]["macro_f1"].append(f1_score(truth, predicted, average="macro"))
            scores[name]["accuracy"].append(accuracy_score(truth, predicted))
            print(f"fold {fold} {name:<28} macro-F1 {scores[name]['macro_f1'][-1]:.4f}", file=sys.stderr, flush=True)
    return scores


def label_noise_check(textmine: TextmineDefault, texts, labels, share: float, folds: int, seed: int) -> dict:
    """Flip ``share`` of the labels at random; how many does the cross-validated label check find?"""
    rng = np.random.default_rng(seed)
    classes = list(textmine.taxonomy.label_ids)
    given = np.array([classes.index(label) for label in labels])
    flipped = rng.random(len(given)) < share
    given[flipped] = (given[flipped] + rng.integers(1, len(classes), flipped.sum())) % len(classes)
    Y = np.eye(len(classes), dtype=np.int8)[given]
    scores = out_of_fold_scores(lambda: textmine.new(threshold_folds=0), texts, Y, folds=folds, seed=seed)
    doubts = find_disagreements(Y, scores, single_label=True)
    found = np.zeros(len(given), dtype=bool)
    found[[doubt.index for doubt in doubts]] = True
    true = np.array([classes.index(label) for label in labels])
    restored = sum(doubt.suggested.index(1) == true[doubt.index] for doubt in doubts if flipped[doubt.index])
    return {
        "flipped": int(flipped.sum()),
        "listed": int(found.sum()),
        "flipped_and_listed": int((found & flipped).sum()),
        "precision": round(float((found & flipped).sum() / max(found.sum(), 1)), 4),
        "recall": round(float((found & flipped).sum() / max(flipped.sum(), 1)), 4),
        "suggestion_is_the_original_label": int(restored),
    }


def summary(scores: dict) -> dict:
    return {
        name: {
            metric: {"mean": round(float(np.mean(values)), 4), "std": round(float(np.std(values)), 4)}
            for metric, values in by_metric.items()
        }
        | {"folds": [round(v, 4) for v in by_metric["macro_f1"]]}
        for name, by_metric in scores.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(DEFAULT_DATA))
    parser.add_argument("--text", choices=("title+body", "body"), default="title+body")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--label-noise", type=float, default=0.0, help="also test the label check at this noise")
    parser.add_argument("--json", type=Path, help="write the numbers here too")
    args = parser.parse_args()
    texts, labels = read_records(args.data, args.text)
    textmine = TextmineDefault(labels)
    pipelines = {
        "textmine default": textmine,
        "textmine without the ratios": TextmineDefault(labels, log_count_ratio=False),
        "TF-IDF + LinearSVC baseline": PlainBaseline(texts),
    }
    result = {
        "data": str(args.data),
        "records": len(texts),
        "text": args.text,
        "folds": args.folds,
        "seed": args.seed,
        "scores": summary(cross_validate(pipelines, texts, labels, args.folds, args.seed)),
    }
    print(f"{len(texts)} records, {args.text}, stratified {args.folds}-fold CV (seed {args.seed})")
    print(f"{'pipeline':<30}{'macro-F1':>18}{'accuracy':>18}{'fit+predict s/fold':>20}")
    for name, scores in result["scores"].items():
        f1, acc, sec = scores["macro_f1"], scores["accuracy"], scores["seconds"]
        print(
            f"{name:<30}{f1['mean']:>11.4f} ± {f1['std']:.4f}{acc['mean']:>11.4f} ± {acc['std']:.4f}{sec['mean']:>20.1f}"
        )
    if args.label_noise:
        result["label_check"] = label_noise_check(textmine, texts, labels, args.label_noise, args.folds, args.seed)
        print(f"label check with {args.label_noise:.0%} of labels flipped: {result['label_check']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
