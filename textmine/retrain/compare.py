"""Evaluation before promotion: a new model and the current one scored on the same held-out records.

The held-out records come in parts (the base corpus's test split, and the part of the new cases kept
out of training); each part is scored separately, with per-label F1 deltas. Promotion is refused when
macro-F1 falls by more than ``PROMOTION_TOLERANCE`` on any part.

>>> part = PartComparison("new cases", 40, new={"macro_f1": 0.80, "per_label": {}},
...                       current={"macro_f1": 0.85, "per_label": {}})
>>> Comparison("default", [part]).refusals()
['macro-F1 on new cases falls by 0.050 (0.850 → 0.800)']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from textmine.retrain.evaluate import evaluate_model
from textmine.retrain.records import LabelledRecords
from textmine.text.display import display_width

PROMOTION_TOLERANCE = 0.02


@dataclass(frozen=True)
class PartComparison:
    """Scores of the new and the current model (None when it cannot be scored) on one held-out part."""

    name: str
    n_records: int
    new: dict[str, Any]
    current: dict[str, Any] | None

    @property
    def macro_f1_delta(self) -> float | None:
        return None if self.current is None else round(self.new["macro_f1"] - self.current["macro_f1"], 4)

    def label_deltas(self) -> dict[str, tuple[float, float | None]]:
        """Per label: the new model's F1 and its change from the current model's."""
        deltas = {}
        for label, row in self.new["per_label"].items():
            before = self.current["per_label"].get(label) if self.current else None
            deltas[label] = (row["f1"], None if before is None else round(row["f1"] - before["f1"], 4))
        return deltas


@dataclass(frozen=True)
class Comparison:
    """The comparison on every held-out part, and which model was the current one."""

    current_name: str
    parts: list[PartComparison]
    note: str = ""

    def refusals(self, tolerance: float = PROMOTION_TOLERANCE) -> list[str]:
        """Why promotion is refused (empty when it is allowed)."""
        reasons = []
        for part in self.parts:
            delta = part.macro_f1_delta
            if delta is not None and delta < -tolerance - 1e-9:
                reasons.append(
                    f"macro-F1 on {part.name} falls by {-delta:.3f} "
                    f"({part.current['macro_f1']:.3f} → {part.new['macro_f1']:.3f})"
                )
        return reasons

    def lines(self) -> list[str]:
        lines = [f"new model against the current one ({self.current_name}) on held-out records:"]
        if self.note:
            lines.append(f"  {self.note}")
        for part in self.parts:
            current = "" if part.current is None else f", current {part.current['macro_f1']:.3f}"
            delta = "" if part.macro_f1_delta is None else f" ({part.macro_f1_delta:+.3f})"
            lines.append(
                f"  {part.name} ({part.n_records} records): macro-F1 new {part.new['macro_f1']:.3f}{current}{delta}"
            )
            for label, (f1, change) in part.label_deltas().items():
                shown = "" if change is None else f" ({change:+.3f})"
                padding = " " * max(1, 25 - display_width(label))
                lines.append(f"    {label}{padding}F1 {f1:.3f}{shown}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for part, raw in zip(self.parts, data["parts"]):
            raw["macro_f1_delta"] = part.macro_f1_delta
        data["refusals"] = self.refusals()
        return data


def same_labels(model_a, model_b) -> bool:
    return sorted(map(str, model_a.classes_)) == sorted(map(str, model_b.classes_))


def compare_models(new_model, current_model, parts: dict[str, LabelledRecords], current_name: str) -> Comparison:
    """Score both models on every non-empty part; the current one only when it has the same labels."""
    comparable = current_model is not None and same_labels(new_model, current_model)
    if current_model is None:
        note = "there is no current model; only the new model is scored"
    else:
        note = "" if comparable else "the current model has other labels; only the new model is scored"
    compared = []
    for name, records in parts.items():
        if not len(records):
            continue
        new = evaluate_model(new_model, records.texts, records.labels)["labels"]
        current = evaluate_model(current_model, records.texts, records.labels)["labels"] if comparable else None
        compared.append(PartComparison(name, len(records), new, current))
    if not compared:
        note = "there are no held-out records to compare on"
    return Comparison(current_name, compared, note)
