"""Retraining as a user runs it: a fixed 80/20 split of an office's own labelled messages, ``textmine train
--infer-taxonomy`` on the 80%, ``textmine classify`` of the 20%, scored beside TF-IDF + LinearSVC trained and
scored on the same split and the same text (title + body).

    python scripts/bench_retrain_split.py --work /tmp/retrain-split

The messages are read where they lie (``../shared/data/tipdm2020c``); the split files and the model are
written into ``--work``, outside the repository. Prints both macro-F1 figures and the accuracy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import jieba
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.svm import LinearSVC

from textmine.io.real_messages import read_real_messages


def split(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    messages = read_real_messages()
    frame = pd.DataFrame({"key": [m.key for m in messages], "text": [m.full_text for m in messages]})
    frame["类别"] = [m.category for m in messages]
    return train_test_split(frame, test_size=0.2, stratify=frame["类别"], random_state=seed)


def run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def textmine_scores(train: pd.DataFrame, test: pd.DataFrame, work: Path) -> dict:
    train.to_json(work / "train.jsonl", orient="records", lines=True, force_ascii=False)
    test.drop(columns=["类别"]).to_json(work / "test.jsonl", orient="records", lines=True, force_ascii=False)
    cli = [sys.executable, "-m", "textmine.cli"]
    seconds = run(
        [*cli, "train", "--data", "train.jsonl", "--infer-taxonomy", "--out", "models/split", "--overwrite"], work
    )
    run([*cli, "classify", "test.jsonl", "-o", "predicted.jsonl", "--model", "models/split", "--quiet"], work)
    predicted = [row["labels"][0] if row["labels"] else "" for row in map(json.loads, open(work / "predicted.jsonl"))]
    return _scores(test["类别"].tolist(), predicted) | {"train_seconds": round(seconds, 1)}


def baseline_scores(train: pd.DataFrame, test: pd.DataFrame) -> dict:
    tokenizer = jieba.Tokenizer()
    vectorizer = TfidfVectorizer(tokenizer=tokenizer.lcut, token_pattern=None)
    model = LinearSVC().fit(vectorizer.fit_transform(train["text"]), train["类别"])
    return _scores(test["类别"].tolist(), list(model.predict(vectorizer.transform(test["text"]))))


def _scores(truth: list[str], predicted: list[str]) -> dict:
    return {
        "macro_f1": round(f1_score(truth, predicted, average="macro"), 4),
        "accuracy": round(accuracy_score(truth, predicted), 4),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="a folder outside the repository")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    train, test = split(args.seed)
    result = {
        "records": {"train": len(train), "test": len(test)},
        "textmine": textmine_scores(train, test, args.work),
        "tfidf_linearsvc": baseline_scores(train, test),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
