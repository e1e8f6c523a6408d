"""Labels that look wrong, found in the manner of confident learning (Northcutt et al., the method behind
cleanlab): out-of-fold predicted scores are compared with the given labels, using per-label thresholds
learned from the data itself (the mean score of the records that carry the label).

Single-label data: a record is suspect when another label is confidently present (its score reaches that
label's threshold) and scores above the given one: an off-diagonal entry of the confident joint.
Multi-label data: each label is checked on its own, as a yes/no question. Suspects are listed for a person
to review; nothing here changes a label.

>>> import numpy as np
>>> Y = np.array([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0]])
>>> scores = np.array([[.9, .1], [.8, .2], [.2, .8], [.1, .9], [.1, .9]])
>>> [d.index for d in find_disagreements(Y, scores, single_label=True)]
[4]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from textmine.lazy import lazy_module

model_selection = lazy_module("sklearn.model_selection")


@dataclass(frozen=True)
class Disagreement:
    """A record whose given labels disagree confidently with the cross-validated prediction.

    ``given_score`` is how strongly the prediction supports the given labels (lower is more suspect);
    ``suggested`` is the label indicator row the prediction points to.
    """

    index: int
    suggested: tuple[int, ...]
    given_score: float


def fold_splitter(Y: np.ndarray, folds: int, seed: int):
    """Stratified folds when every label row pattern is common enough, plain shuffled folds otherwise."""
    strata = np.array(["|".join(map(str, row)) for row in Y])
    _, counts = np.unique(strata, return_counts=True)
    if counts.min() >= folds:
        return model_selection.StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(Y)), strata)
    return model_selection.KFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(Y)))


def out_of_fold_scores(
    make_estimator: Callable[[], object],
    texts: Sequence[str],
    Y: np.ndarray,
    folds: int = 5,
    seed: int = 0,
    extra_texts: Sequence[str] = (),
    extra_Y: np.ndarray | None = None,
) -> np.ndarray:
    """Scores for every record from a model that did not see it; ``extra_*`` records join every training fold."""
    texts = list(texts)
    scores = np.zeros(Y.shape, dtype=np.float32)
    extra_Y = extra_Y if extra_Y is not None else np.zeros((0, Y.shape[1]), dtype=Y.dtype)
    for train_index, test_index in fold_splitter(Y, folds, seed):
        model = make_estimator()
        train_texts = [texts[i] for i in train_index] + list(extra_texts)
        model.fit(train_texts, np.vstack([Y[train_index], extra_Y]))
        scores[test_index] = model.predict_proba([texts[i] for i in test_index])
    return scores


def find_disagreements(Y: np.ndarray, scores: np.ndarray, single_label: bool) -> list[Disagreement]:
    """Suspect records, most suspect first."""
    Y = np.asarray(Y, dtype=np.int8)
    scores = np.asarray(scores, dtype=np.float64)
    found = _single_label_disagreements(Y, scores) if single_label else _multilabel_disagreements(Y, scores)
    return sorted(found, key=lambda doubt: (doubt.given_score, doubt.index))


def row_probabilities(scores: np.ndarray) -> np.ndarray:
    """Per-label scores scaled to sum to 1 in each row (uniform where a row is all zero)."""
    totals = scores.sum(axis=1, keepdims=True)
    return np.divide(scores, totals, out=np.full_like(scores, 1.0 / scores.shape[1]), where=totals > 0)


def _single_label_disagreements(Y: np.ndarray, scores: np.ndarray) -> list[Disagreement]:
    probabilities = row_probabilities(scores)
    given = Y.argmax(axis=1)
    thresholds = np.array([_mean_or_inf(probabilities[given == j, j]) for j in range(Y.shape[1])])
    found = []
    for i, label in enumerate(given):
        confident = np.flatnonzero(probabilities[i] >= thresholds)
        if not len(confident):
            continue
        likely = confident[np.argmax(probabilities[i, confident])]
        if likely != label and probabilities[i, likely] > probabilities[i, label]:
            suggested = tuple(int(j == likely) for j in range(Y.shape[1]))
            found.append(Disagreement(i, suggested, round(float(probabilities[i, label]), 4)))
    return found


def _multilabel_disagreements(Y: np.ndarray, scores: np.ndarray) -> list[Disagreement]:
    positive = np.array([_mean_or_inf(scores[Y[:, j] == 1, j]) for j in range(Y.shape[1])])
    negative = np.array([_mean_or_inf(1 - scores[Y[:, j] == 0, j]) for j in range(Y.shape[1])])
    confident_yes = scores >= positive
    confident_no = (1 - scores) >= negative
    wrong = ((Y == 1) & confident_no & ~confident_yes) | ((Y == 0) & confident_yes & ~confident_no)
    found = []
    for i in np.flatnonzero(wrong.any(axis=1)):
        flipped = np.flatnonzero(wrong[i])
        support = np.where(Y[i, flipped] == 1, scores[i, flipped], 1 - scores[i, flipped])
        suggested = np.where(wrong[i], 1 - Y[i], Y[i])
        found.append(Disagreement(int(i), tuple(int(v) for v in suggested), round(float(support.min()), 4)))
    return found


def _mean_or_inf(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else np.inf
