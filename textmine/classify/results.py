"""Classification results as small typed objects, and their table columns.

>>> r = Classification(labels=[LabelResult("corruption", "腐败问题", 0.91)], scores={"corruption": 0.91})
>>> r.label_ids
['corruption']
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SubtypeResult:
    id: str
    name: str
    score: float


@dataclass(frozen=True)
class LabelResult:
    """One predicted label with its score, subtypes and the words that drove it."""

    id: str
    name: str
    score: float
    subtypes: list[SubtypeResult] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
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
        evidence = [f"{label.id}: {'、'.join(label.evidence)}" for label in self.labels if label.evidence]
        if as_lists:
            return {
                "labels": self.label_ids,
                "labels_zh": self.label_names,
                "subtypes": self.subtype_ids,
                "scores": {k: round(v, 4) for k, v in self.scores.items()},
                "evidence": self.evidence,
                "error": self.error,
            }
        record = {
            "labels": ";".join(self.label_ids),
            "labels_zh": ";".join(self.label_names),
            "subtypes": ";".join(self.subtype_ids),
        }
        record.update({f"score_{k}": round(v, 4) for k, v in self.scores.items()})
        record["evidence"] = " | ".join(evidence)
        record["error"] = self.error or ""
        return record
