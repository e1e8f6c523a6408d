"""The records a training run held out to compare models on, saved beside the model so that promotion can
score the current model on them (the candidate keeps the scores measured when it was trained: a model trained
again on all records has seen these).

>>> import tempfile
>>> from textmine.retrain.records import LabelledRecords
>>> folder = Path(tempfile.mkdtemp())
>>> write_heldout(folder, {"new cases": LabelledRecords(["村会计挪用修路款"], [["corruption"]], [[]], ["a.csv 1"])})
>>> read_heldout(folder)["new cases"].labels
[['corruption']]
"""

from __future__ import annotations

from pathlib import Path

from textmine.io.jsonfile import read_jsonl, write_jsonl
from textmine.retrain.records import LabelledRecords

HELDOUT_FILE = "heldout.jsonl"


def write_heldout(folder: str | Path, parts: dict[str, LabelledRecords]) -> None:
    """Write every held-out part into ``folder``'s ``heldout.jsonl``."""
    write_jsonl(
        Path(folder) / HELDOUT_FILE,
        (
            {"part": part, "source": s, "text": t, "labels": ls}
            for part, records in parts.items()
            for s, t, ls in zip(records.sources, records.texts, records.labels)
        ),
    )


def read_heldout(folder: str | Path) -> dict[str, LabelledRecords]:
    """The held-out parts saved with a model (empty parts when the file is missing)."""
    path = Path(folder) / HELDOUT_FILE
    rows: dict[str, list[dict]] = {}
    for row in read_jsonl(path) if path.is_file() else []:
        rows.setdefault(row["part"], []).append(row)
    return {
        part: LabelledRecords(
            [r["text"] for r in group], [r["labels"] for r in group], [[] for _ in group], [r["source"] for r in group]
        )
        for part, group in rows.items()
    }
