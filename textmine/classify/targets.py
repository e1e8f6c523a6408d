"""Training targets and what a model records about its training data.

>>> indicator_from_lists([["b"], []], ["a", "b"]).tolist()
[[0, 1], [0, 0]]
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numpy as np


def indicator_from_lists(rows: Sequence[Sequence[str]], classes: list[str]) -> np.ndarray:
    """A 0/1 matrix: one row per record, one column per class; an unknown label is a ValueError."""
    position = {c: i for i, c in enumerate(classes)}
    Y = np.zeros((len(rows), len(classes)), dtype=np.int8)
    for i, row in enumerate(rows):
        for label in row:
            if label not in position:
                raise ValueError(f"label {label!r} is not one of {classes}")
            Y[i, position[label]] = 1
    return Y


def training_summary(texts: list[str], Y: np.ndarray, classes: np.ndarray) -> dict[str, Any]:
    """Counts per label, a digest of the texts and labels, and the versions that trained the model."""
    digest = hashlib.sha256()
    for text, row in zip(texts, Y):
        digest.update(text.encode("utf-8"))
        digest.update(row.tobytes())
    return {
        "n_records": len(texts),
        "label_counts": {str(c): int(n) for c, n in zip(classes, Y.sum(axis=0))},
        "data_sha256": digest.hexdigest(),
        "python": platform.python_version(),
        "scikit_learn": version("scikit-learn"),
    }
