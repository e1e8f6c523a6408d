"""Scoring a classifier on labelled records: per label, micro and macro F1, subset accuracy, the same over
the taxonomy's merged groups, how well it recognises records with **no label** (the bulk of what an office
receives), and a table per domain (a ``source`` column, or any column named with ``--group-by``).

>>> import numpy as np
>>> no_label_scores(np.array([[0, 0], [1, 0], [0, 0]]), np.array([[0, 0], [0, 0], [0, 1]]))
{'precision': 0.5, 'recall': 0.5, 'f1': 0.5, 'support': 2}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from textmine.classify.metrics import merge_groups, prf, score_indicators
from textmine.retrain.records import LabelledRecords
from textmine.text.display import display_width

#: Labels with fewer true records than this are left out of the "macro-F1 over labels with support" figure.
MIN_SUPPORT = 10


def no_label_scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of "no label" as a class of its own (a row with no label on)."""
    return prf((truth.sum(axis=1) == 0).astype(np.int8), (predicted.sum(axis=1) == 0).astype(np.int8))


def indicator(label_lists: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    """A 0/1 matrix of true labels (unknown labels are ignored: another model may have fewer)."""
    position = {c: j for j, c in enumerate(classes)}
    truth = np.zeros((len(label_lists), len(classes)), dtype=np.int8)
    for i, labels in enumerate(label_lists):
        for label in labels:
            if label in position:
                truth[i, position[label]] = 1
    return truth


def score_predictions(truth: np.ndarray, predicted: np.ndarray, model) -> dict[str, Any]:
    """Scores of predicted indicators over labels, merged groups and "no label"."""
    classes = [str(c) for c in model.classes_]
    taxonomy = model.taxonomy_
    labels = score_indicators(truth, predicted, classes)
    supported = [row["f1"] for row in labels["per_label"].values() if row["support"] >= MIN_SUPPORT]
    labels["macro_f1_supported"] = round(float(np.mean(supported)), 4) if supported else None
    result = {"labels": labels, "no_label": no_label_scores(truth, predicted)}
    if taxonomy.groups:
        names = [g.name for g in taxonomy.groups]
        result["groups"] = score_indicators(
            merge_groups(truth, taxonomy, classes), merge_groups(predicted, taxonomy, classes), names
        )
    return result


def evaluate_model(
    model, texts: Sequence[str], label_lists: Sequence[Sequence[str]], domains: Sequence[str] | None = None
) -> dict[str, Any]:
    """Scores of ``model`` on texts with their true label ids; with ``domains``, also one row per domain."""
    truth = indicator(label_lists, [str(c) for c in model.classes_])
    predicted = np.asarray(model.predict(list(texts)))
    result = score_predictions(truth, predicted, model)
    if domains is not None and len(set(domains)) > 1:
        result["by_domain"] = {
            domain: _domain_row(truth[rows], predicted[rows], model)
            for domain, rows in _rows_by_domain(domains).items()
        }
    return result


def evaluate_records(model, records: LabelledRecords) -> dict[str, Any]:
    """:func:`evaluate_model` on labelled records, with a row per domain."""
    return evaluate_model(model, records.texts, records.labels, records.domains)


def _rows_by_domain(domains: Sequence[str]) -> dict[str, np.ndarray]:
    names = sorted(set(domains), key=lambda d: (d == "", d))
    array = np.asarray(domains, dtype=object)
    return {name or "(none)": np.flatnonzero(array == name) for name in names}


def _domain_row(truth: np.ndarray, predicted: np.ndarray, model) -> dict[str, Any]:
    scores = score_predictions(truth, predicted, model)
    return {
        "n_records": len(truth),
        "macro_f1": scores["labels"]["macro_f1"],
        "micro_f1": scores["labels"]["micro_f1"],
        "merged_macro_f1": scores["groups"]["macro_f1"] if "groups" in scores else None,
        "no_label_precision": scores["no_label"]["precision"],
        "no_label_recall": scores["no_label"]["recall"],
    }


def format_scores(result: dict[str, Any]) -> str:
    """A plain-text table of an evaluation result."""
    lines = []
    for part, title in (("labels", "label"), ("groups", "group")):
        if part in result:
            lines += [*_score_table(result[part], title), ""]
    no_label = result.get("no_label")
    if no_label:
        lines.append(
            f"no label: precision {no_label['precision']:.3f}  recall {no_label['recall']:.3f}  "
            f"f1 {no_label['f1']:.3f}  support {no_label['support']}"
        )
        lines.append("")
    if "by_domain" in result:
        lines += _domain_table(result["by_domain"])
    return "\n".join(lines).rstrip()


def _score_table(scores: dict[str, Any], title: str) -> list[str]:
    lines = [_padded(title, 26) + f"{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    for name, row in scores["per_label"].items():
        lines.append(
            _padded(name, 26) + f"{row['precision']:>10.3f}{row['recall']:>10.3f}{row['f1']:>10.3f}{row['support']:>10}"
        )
    lines.append(
        f"micro-F1 {scores['micro_f1']:.3f}  macro-F1 {scores['macro_f1']:.3f}  "
        f"subset accuracy {scores['subset_accuracy']:.3f}  records {scores['n_records']}"
    )
    if scores.get("macro_f1_supported") is not None:
        lines.append(f"macro-F1 over labels with at least {MIN_SUPPORT} records {scores['macro_f1_supported']:.3f}")
    return lines


def _domain_table(rows: dict[str, dict[str, Any]]) -> list[str]:
    header = _padded("domain", 16) + f"{'records':>8}{'macro-F1':>10}{'merged':>10}{'no-label P':>12}{'no-label R':>12}"
    lines = [header]
    for domain, row in rows.items():
        merged = "" if row["merged_macro_f1"] is None else f"{row['merged_macro_f1']:.3f}"
        lines.append(
            _padded(domain, 16)
            + f"{row['n_records']:>8}{row['macro_f1']:>10.3f}{merged:>10}"
            + f"{row['no_label_precision']:>12.3f}{row['no_label_recall']:>12.3f}"
        )
    return lines


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (Chinese characters take two)."""
    return text + " " * max(1, width - display_width(text))
