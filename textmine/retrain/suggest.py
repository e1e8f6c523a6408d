"""Which unlabelled records to label next: those the model is least sure of, spread out so that a batch is
not a pile of near-copies of one complaint.

Uncertainty is the margin between the two best labels (single-label models) or the closeness of the
nearest label score to its threshold (multi-label models). From the most uncertain records (a pool a few
times the batch), records are picked one at a time, each time the one whose uncertainty minus its
similarity to those already picked is highest (maximal marginal relevance); near-copies of a picked
record are never picked. Similarity is the cosine of TF-IDF vectors fitted on the unlabelled records
themselves, so words the model never saw still count.

>>> import numpy as np
>>> margin_uncertainty(np.array([[0.9, 0.1], [0.5, 0.45]])).round(2).tolist()
[0.2, 0.95]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from textmine.classify.linear.features import TextFeaturizer
from textmine.lazy import lazy_module
from textmine.retrain.label_check import row_probabilities
from textmine.text import normalize

preprocessing = lazy_module("sklearn.preprocessing")
NEAR_COPY = 0.9  # cosine similarity from which two records count as the same for labelling


@dataclass(frozen=True)
class Suggestion:
    """A record to label: its position in the input, how unsure the model is, and its predicted labels."""

    index: int
    uncertainty: float
    labels: list[str]
    score: float


def margin_uncertainty(scores: np.ndarray) -> np.ndarray:
    """1 minus the gap between the best and the second-best normalised label score."""
    top_two = -np.sort(-row_probabilities(scores), axis=1)[:, :2]
    return 1.0 - (top_two[:, 0] - top_two[:, 1])


def threshold_uncertainty(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """1 minus the smallest distance of a label score to its threshold (scaled to the room on that side)."""
    room = np.where(scores < thresholds, thresholds, 1.0 - thresholds)
    distance = np.abs(scores - thresholds) / np.maximum(room, 1e-6)
    return 1.0 - distance.min(axis=1)


def pick_diverse(vectors, uncertainty: np.ndarray, n: int, pool_factor: int = 5, redundancy: float = 1.0) -> list[int]:
    """Greedy maximal-marginal-relevance choice of ``n`` rows among the most uncertain ones."""
    order = np.argsort(-uncertainty, kind="stable")
    pool = order[: max(n, n * pool_factor)]
    pool = pool[np.isfinite(uncertainty[pool])]
    rows = preprocessing.normalize(vectors[pool])
    closest = np.zeros(len(pool))
    available = np.ones(len(pool), dtype=bool)
    chosen: list[int] = []
    while len(chosen) < n and available.any():
        value = np.where(available, uncertainty[pool] - redundancy * closest, -np.inf)
        best = int(np.argmax(value))
        chosen.append(best)
        similarity = _similarity_to(rows, best)
        closest = np.maximum(closest, similarity)
        available &= similarity < NEAR_COPY
        available[best] = False
    return [int(pool[k]) for k in chosen]


def _similarity_to(rows, k: int) -> np.ndarray:
    product = rows @ rows[k].T
    return np.asarray(product.todense() if hasattr(product, "todense") else product, dtype=np.float64).ravel()


def suggest(model, texts: Sequence[str], n: int = 200, pool_factor: int = 5) -> list[Suggestion]:
    """The ``n`` records whose labels would teach ``model`` (of any backend) most, in the order they were picked."""
    texts = list(texts)
    vectors = TextFeaturizer(model.segmenter_, min_df=1).fit_transform(texts)
    scores = np.asarray(model.predict_proba(texts))
    if model.multilabel_:
        uncertainty = threshold_uncertainty(scores, np.asarray(model.thresholds_))
    else:
        uncertainty = margin_uncertainty(scores)
    uncertainty = np.where([bool(normalize(t)) for t in texts], uncertainty, -np.inf)
    decided = np.asarray(model.predict(texts))
    picked = pick_diverse(vectors, uncertainty, n, pool_factor=pool_factor)
    classes = [str(c) for c in model.classes_]
    return [
        Suggestion(
            i,
            round(float(uncertainty[i]), 4),
            [c for c, on in zip(classes, decided[i]) if on],
            round(float(scores[i][decided[i] == 1].max()) if decided[i].any() else 0.0, 4),
        )
        for i in picked
    ]
