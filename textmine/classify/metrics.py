"""Scores of predicted label indicators against the truth: per label, micro and macro F1, subset accuracy,
and the taxonomy's merged groups.

>>> import numpy as np
>>> scores = score_indicators(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [1, 1]]), ["a", "b"])
>>> scores["per_label"]["a"]["f1"], scores["subset_accuracy"]
(0.6667, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from textmine.taxonomy import Taxonomy


def prf(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall, F1 and support of one 0/1 column (or flattened matrix) against the truth."""
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
    per_label = {name: prf(truth[:, j], predicted[:, j]) for j, name in enumerate(names)}
    micro = prf(truth.ravel(), predicted.ravel())
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
