"""Classification results as small typed objects, and their table columns.

>>> r = Classification(labels=[LabelResult("corruption", "腐败问题", 0.91)], scores={"corruption": 0.91})
>>> r.label_ids
['corruption']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any


@dataclass(slots=True)
class SubtypeResult:
    id: str
    name: str
    score: float


@dataclass(slots=True)
class LabelResult:
    """One predicted label with its score, subtypes and the words that drove it."""

    id: str
    name: str
    score: float
    subtypes: list[SubtypeResult] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Classification:
    """The result for one record: predicted labels (possibly none) and a score for every label."""

    labels: list[LabelResult]
    scores: dict[str, float]
    error: str | None = None

    @property
    def label_ids(self) -> list[str]:
        return [label.id for label in self.labels]

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]

    @property
    def subtype_ids(self) -> list[str]:
        return [sub.id for label in self.labels for sub in label.subtypes]

    @property
    def evidence(self) -> dict[str, list[str]]:
        return {label.id: label.evidence for label in self.labels}

    def to_record(self, as_lists: bool = False) -> dict:
        """Output columns: joined strings for tables, lists and a scores object for JSON."""
        return {name: values[0] for name, values in result_columns([self], as_lists).items()}


def result_columns(results: Sequence[Classification], as_lists: bool = False) -> dict[str, list[Any]]:
    """The output columns of many results at once (what :meth:`Classification.to_record` gives per row):
    labels, labels_zh, subtypes, then a score column per label (a ``scores`` object for JSON), evidence, error.

    >>> result_columns([Classification([], {"corruption": 0.123456})])["score_corruption"]
    [0.1235]
    """
    label_ids = [[label.id for label in r.labels] for r in results]
    label_names = [[label.name for label in r.labels] for r in results]
    subtype_ids = [[sub.id for label in r.labels for sub in label.subtypes] for r in results]
    if as_lists:
        return {
            "labels": label_ids,
            "labels_zh": label_names,
            "subtypes": subtype_ids,
            "scores": [{k: round(v, 4) for k, v in r.scores.items()} for r in results],
            "evidence": [r.evidence for r in results],
            "error": [r.error for r in results],
        }
    columns: dict[str, list[Any]] = {
        "labels": [";".join(ids) for ids in label_ids],
        "labels_zh": [";".join(names) for names in label_names],
        "subtypes": [";".join(ids) for ids in subtype_ids],
    }
    for key in dict.fromkeys(chain.from_iterable(r.scores for r in results)):
        columns[f"score_{key}"] = [round(r.scores.get(key, float("nan")), 4) for r in results]
    columns["evidence"] = [
        " | ".join(f"{label.id}: {'、'.join(label.evidence)}" for label in r.labels if label.evidence) for r in results
    ]
    columns["error"] = [r.error or "" for r in results]
    return columns
