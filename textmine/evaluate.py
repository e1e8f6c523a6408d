"""Scoring a classifier on labelled records: per label, micro and macro F1, subset accuracy, and the
same for the taxonomy's merged groups.

>>> import numpy as np
>>> scores = score_indicators(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [1, 1]]), ["a", "b"])
>>> scores["per_label"]["a"]["f1"], scores["subset_accuracy"]
(0.6667, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from textmine.errors import TextmineError
from textmine.taxonomy import Taxonomy


def _prf(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = int(np.sum((truth == 1) & (predicted == 1)))
    fp = int(np.sum((truth == 0) & (predicted == 1)))
    fn = int(np.sum((truth == 1) & (predicted == 0)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": int(truth.sum()),
    }


def score_indicators(truth: np.ndarray, predicted: np.ndarray, names: Sequence[str]) -> dict[str, Any]:
    """Per-column precision/recall/F1, micro and macro F1 and subset accuracy of indicator matrices."""
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    per_label = {name: _prf(truth[:, j], predicted[:, j]) for j, name in enumerate(names)}
    micro = _prf(truth.ravel(), predicted.ravel())
    present = [v["f1"] for v in per_label.values() if v["support"] > 0]
    return {
        "per_label": per_label,
        "micro_f1": micro["f1"],
        "macro_f1": round(float(np.mean(present)) if present else 0.0, 4),
        "subset_accuracy": round(float(np.mean((truth == predicted).all(axis=1))), 4),
        "n_records": len(truth),
    }


def merge_groups(Y: np.ndarray, taxonomy: Taxonomy, classes: Sequence[str]) -> np.ndarray:
    """Indicator matrix of the taxonomy's merged groups: a group is on when any of its labels is."""
    index = {c: j for j, c in enumerate(classes)}
    columns = [Y[:, [index[label] for label in g.labels]].max(axis=1) for g in taxonomy.groups]
    return np.stack(columns, axis=1) if columns else np.zeros((len(Y), 0), dtype=Y.dtype)


def evaluate_model(model, texts: Sequence[str], label_lists: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Scores of ``model`` on texts with their true label ids, over labels and merged groups."""
    classes = [str(c) for c in model.classes_]
    taxonomy = model._taxonomy()
    truth = np.zeros((len(texts), len(classes)), dtype=np.int8)
    position = {c: j for j, c in enumerate(classes)}
    for i, labels in enumerate(label_lists):
        for label in labels:
            truth[i, position[label]] = 1
    predicted = model.predict(list(texts))
    result = {"labels": score_indicators(truth, predicted, classes)}
    if taxonomy.groups:
        names = [g.name for g in taxonomy.groups]
        result["groups"] = score_indicators(
            merge_groups(truth, taxonomy, classes), merge_groups(predicted, taxonomy, classes), names
        )
    return result


def read_labelled(path: str | Path, taxonomy: Taxonomy, text_column: str | None = None, label_column: str = "labels"):
    """Texts and label-id lists from a labelled file (labels as lists, or ;-joined ids or names)."""
    from textmine.io import find_text_column, open_table

    reader = open_table(path)
    text_column = find_text_column(reader.columns, text_column)
    if label_column not in reader.columns:
        from textmine.errors import MissingColumnError

        raise MissingColumnError(label_column, reader.columns)
    texts, labels, bad = [], [], []
    for chunk in reader.chunks(5000):
        for text, value in zip(chunk[text_column].tolist(), chunk[label_column].tolist()):
            try:
                labels.append(taxonomy.parse_labels(value))
            except TextmineError:
                bad.append(len(texts) + 1)
                labels.append([])
            texts.append("" if text is None else str(text))
    if bad:
        raise TextmineError(f"unknown labels in rows {bad[:20]}; valid labels are: {', '.join(taxonomy.label_ids)}")
    return texts, labels


def format_scores(result: dict[str, Any]) -> str:
    """A plain-text table of an evaluation result."""
    lines = []
    for part, title in (("labels", "label"), ("groups", "group")):
        if part not in result:
            continue
        scores = result[part]
        lines.append(f"{title:<26}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}")
        for name, row in scores["per_label"].items():
            lines.append(
                f"{name:<26}{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}"
            )
        lines.append(
            f"micro-F1 {scores['micro_f1']:.3f}  macro-F1 {scores['macro_f1']:.3f}  "
            f"subset accuracy {scores['subset_accuracy']:.3f}  records {scores['n_records']}"
        )
        lines.append("")
    return "\n".join(lines).rstrip()
