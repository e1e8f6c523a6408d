"""Evaluation before promotion: a new model and the current one scored on the same held-out records.

The held-out records come in parts (the base corpus's test split, and the part of the new cases kept
out of training); each part is scored separately, with per-label F1 deltas. Promotion is refused when
macro-F1 falls by more than ``PROMOTION_TOLERANCE`` on any part, and when the two models could be compared
on no part (:meth:`Comparison.nothing_compared`).

A training run saves its comparison (``evaluation.json``); promotion later takes the new model's scores
from there, measured before the model was trained again on all records, and scores only the current model.

>>> part = PartComparison("new cases", 40, new={"macro_f1": 0.80, "per_label": {}},
...                       current={"macro_f1": 0.85, "per_label": {}})
>>> Comparison("default", [part]).refusals()
['macro-F1 on new cases falls by 0.050 (0.850 → 0.800)']
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from textmine.retrain.evaluate import evaluate_model
from textmine.retrain.heldout import HELDOUT_FILE
from textmine.retrain.records import LabelledRecords
from textmine.text.display import display_width

PROMOTION_TOLERANCE = 0.02
EVALUATION_FILE = "evaluation.json"
NO_HELDOUT = "there are no held-out records to compare on"
NO_CURRENT = "there is no current model to compare with"
OTHER_LABELS = "the current model has other labels, so only the new model is scored"


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

    def nothing_compared(self) -> str:
        """Why the two models were compared on no part ("" when they were compared on one).

        >>> Comparison("default", [], NO_HELDOUT).nothing_compared()
        'there are no held-out records to compare on'
        """
        if any(part.current is not None for part in self.parts):
            return ""
        return self.note or (NO_HELDOUT if not self.parts else "the current model was not scored")

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        """A comparison as :meth:`to_dict` wrote it; KeyError or TypeError when ``data`` has another shape."""
        parts = [_part_from_dict(part) for part in data["parts"]]
        return cls(str(data["current_name"]), parts, str(data.get("note") or ""))


def _part_from_dict(data: dict[str, Any]) -> PartComparison:
    new = dict(data["new"])
    new["macro_f1"], new["per_label"] = float(new["macro_f1"]), dict(new["per_label"])
    return PartComparison(str(data["name"]), int(data["n_records"]), new, data.get("current"))


def same_labels(model_a, model_b) -> bool:
    return sorted(map(str, model_a.classes_)) == sorted(map(str, model_b.classes_))


def compare_models(
    new_model,
    current_model,
    parts: dict[str, LabelledRecords],
    current_name: str,
    recorded: Comparison | None = None,
) -> Comparison:
    """Score both models on every non-empty part; the current one only when it has the same labels.

    With ``recorded`` (the comparison saved when the new model was trained) the new model keeps the scores
    recorded there and is not scored again: a model trained again on all records has seen the held-out ones.
    The current model is scored on the parts whose records are all in ``parts``.
    """
    alone = NO_CURRENT if current_model is None else ("" if same_labels(new_model, current_model) else OTHER_LABELS)
    if recorded is None:
        kept = {name: records for name, records in parts.items() if len(records)}
        scored = [(name, records, len(records), _scores(new_model, records)) for name, records in kept.items()]
    else:
        scored = [(part.name, parts.get(part.name), part.n_records, part.new) for part in recorded.parts]
    compared, missing = [], []
    for name, records, n_records, new in scored:
        complete = records is not None and len(records) == n_records
        if not complete:
            missing.append(name)
        current = _scores(current_model, records) if complete and not alone else None
        compared.append(PartComparison(name, n_records, new, current))
    return Comparison(current_name, compared, _note(compared, alone, missing, recorded))


def _scores(model, records: LabelledRecords) -> dict[str, Any]:
    return evaluate_model(model, records.texts, records.labels)["labels"]


def _note(compared: list[PartComparison], alone: str, missing: list[str], recorded: Comparison | None) -> str:
    """What the comparison leaves out, in words."""
    if not compared:
        return (recorded.note if recorded is not None else "") or NO_HELDOUT
    if alone:
        return alone
    if missing:
        return (
            f"the held-out records of {', '.join(missing)} are not all in {HELDOUT_FILE}, so the current model "
            "is not scored there"
        )
    return ""
