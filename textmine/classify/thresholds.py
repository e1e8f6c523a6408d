"""Per-label decision thresholds chosen to maximise F1 on out-of-fold scores.

>>> import numpy as np
>>> float(best_thresholds(np.array([[1], [0], [1]]), np.array([[0.7], [0.4], [0.45]]))[0])
0.45
"""

from __future__ import annotations

import numpy as np

CANDIDATES = np.round(np.arange(0.05, 0.96, 0.01), 2)


def f1_at(truth: np.ndarray, scores: np.ndarray, threshold: float, weights: np.ndarray | None = None) -> float:
    """F1 of ``scores >= threshold`` against ``truth``, each record counted with its weight (1 when None)."""
    weights = np.ones(len(truth)) if weights is None else weights
    predicted = scores >= threshold
    tp = float(np.sum(weights[predicted & (truth == 1)]))
    denominator = float(weights[predicted].sum() + weights[truth == 1].sum())
    return 2 * tp / denominator if denominator else 0.0


def best_thresholds(
    Y: np.ndarray, scores: np.ndarray, default: float = 0.5, weights: np.ndarray | None = None
) -> np.ndarray:
    """For each column, the candidate threshold with the best (weighted) F1; ties go to the one nearest 0.5.

    >>> truth, scores = np.array([[1], [0], [1]]), np.array([[0.7], [0.5], [0.45]])
    >>> float(best_thresholds(truth, scores)[0]), float(best_thresholds(truth, scores, weights=np.array([1, 5, 0.1]))[0])
    (0.45, 0.51)
    """
    chosen = np.full(Y.shape[1], default, dtype=np.float64)
    for j in range(Y.shape[1]):
        if Y[:, j].sum() == 0:
            continue
        f1s = np.array([f1_at(Y[:, j], scores[:, j], t, weights) for t in CANDIDATES])
        best = np.flatnonzero(f1s >= f1s.max() - 1e-9)
        chosen[j] = CANDIDATES[best[np.argmin(np.abs(CANDIDATES[best] - default))]]
    return chosen
