"""Naive Bayes log-count ratios that scale the features of a single-label model's SVMs (NBSVM).

Wang and Manning's NBSVM (2012) trains each one-vs-rest SVM on features scaled by how much likelier each
feature is to be present in the label's records than in the others. The scaling folds into the SVM's weights
(``w · (r ∘ x) = (w ∘ r) · x``), so a saved model predicts as any linear model does.

>>> import numpy as np, scipy.sparse as sp
>>> features = sp.csr_matrix(np.array([[1.0, 0.0, 0.5], [0.7, 0.0, 0.2], [0.0, 1.0, 0.4]]))
>>> [round(float(r), 2) for r in log_count_ratio(features, np.array([1, 1, 0]))]
[0.76, -1.03, 0.07]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

SMOOTHING = 1.0  # added to every feature's count in each class (Laplace)


def log_count_ratio(features: sp.csr_matrix, positive: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """Per feature, log(share of the positive records' presences / share of the others'), presences counted
    with each record's weight."""
    present = sp.csr_matrix((np.ones_like(features.data), features.indices, features.indptr), shape=features.shape)
    weights = np.ones(features.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    is_positive = np.asarray(positive, dtype=bool)
    p = present.T @ (weights * is_positive) + SMOOTHING
    q = present.T @ (weights * ~is_positive) + SMOOTHING
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)


def scaled(features: sp.csr_matrix, ratio: np.ndarray) -> sp.csr_matrix:
    """``features`` with each column multiplied by its ratio."""
    return sp.csr_matrix(features @ sp.diags(ratio.astype(features.dtype)))
