"""The held-out part of new labelled records: stratified by label, with near-copies kept on one side.

A record and its near-duplicates share a group, so no held-out record has a copy in training. A
held-out record with a label that training would never see goes back to training.

>>> labels = [["a"], ["b"]] * 10
>>> train, held = heldout_split(labels, groups=list(range(20)), fraction=0.2, seed=0)
>>> len(train), len(held), sorted({tuple(labels[i]) for i in held})
(16, 4, [('a',), ('b',)])
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from textmine.lazy import lazy_module

model_selection = lazy_module("sklearn.model_selection")

MIN_RECORDS = 10


def heldout_split(
    labels: Sequence[Sequence[str]],
    groups: Sequence[int],
    fraction: float,
    seed: int,
    excluded: frozenset[int] = frozenset(),
) -> tuple[list[int], list[int]]:
    """Indexes of the training and the held-out records; ``excluded`` records are in neither."""
    candidates = [i for i in range(len(labels)) if i not in excluded]
    group_of = np.asarray(groups)[candidates] if candidates else np.zeros(0, dtype=int)
    n_splits = max(2, round(1 / fraction)) if fraction > 0 else 0
    if not n_splits or len(candidates) < MIN_RECORDS or len(set(group_of.tolist())) < n_splits:
        return candidates, []
    strata = ["|".join(labels[i]) for i in candidates]
    splitter = model_selection.StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a rare label has fewer records than folds
        train_pos, held_pos = next(splitter.split(np.zeros(len(candidates)), strata, group_of))
    train = [candidates[p] for p in train_pos]
    held = [candidates[p] for p in held_pos]
    seen = {label for i in train for label in labels[i]}
    back = {group_of[p] for p in held_pos if any(label not in seen for label in labels[candidates[p]])}
    train += [i for p, i in zip(held_pos, held) if group_of[p] in back]
    held = [i for p, i in zip(held_pos, held) if group_of[p] not in back]
    return sorted(train), held
