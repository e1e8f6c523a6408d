"""Records for training and export: ids, texts, label and subtype ids, and a model's results.

>>> from textmine.taxonomy import load_taxonomy
>>> records = read_records(["corpora/dev.jsonl"], load_taxonomy())
>>> records.ids[0], records.labels[0], records.subtypes[0]
('L0007', ['hedonism'], ['hedonism.illicit_allowances', 'hedonism.slack_discipline'])
>>> len(records) == len(records.texts) == len(records.subtypes)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from textmine.errors import TextmineError
from textmine.io.columns import find_id_column, find_text_column
from textmine.io.readers import open_table
from textmine.taxonomy import Taxonomy


@dataclass
class Records:
    """Parallel lists, one item per record; ``labels`` and ``subtypes`` are empty lists where unknown."""

    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    labels: list[list[str]] = field(default_factory=list)
    subtypes: list[list[str]] = field(default_factory=list)
    labelled: bool = True

    def __len__(self) -> int:
        return len(self.texts)

    def extend(self, other: Records) -> Records:
        """These records followed by ``other``'s."""
        return Records(
            self.ids + other.ids,
            self.texts + other.texts,
            self.labels + other.labels,
            self.subtypes + other.subtypes,
            self.labelled and other.labelled,
        )


def read_records(
    paths: Sequence[str | Path],
    taxonomy: Taxonomy,
    text_column: str | None = None,
    label_column: str = "labels",
    subtype_column: str = "subtypes",
    id_column: str | None = None,
    require_labels: bool = True,
) -> Records:
    """Records of one or more files, in order; labels and subtypes as ids of ``taxonomy``.

    Without a ``label_column`` in a file, its records are unlabelled (an error if ``require_labels``).
    """
    records = Records()
    for path in paths:
        records = records.extend(_read_one(path, taxonomy, text_column, label_column, subtype_column, id_column))
        if require_labels and not records.labelled:
            raise TextmineError(f"{str(path)!r} has no {label_column!r} column with the records' labels")
    return records


def _read_one(path, taxonomy, text_column, label_column, subtype_column, id_column) -> Records:
    reader = open_table(path)
    text_column = find_text_column(reader.columns, text_column)
    id_column = find_id_column(reader.columns, id_column)
    has_labels = label_column in reader.columns
    has_subtypes = subtype_column in reader.columns
    records, bad = Records(labelled=has_labels), []
    for chunk in reader.chunks(5000):
        for row in chunk.to_dict("records"):
            number = len(records.texts) + 1
            text = row.get(text_column)
            records.texts.append("" if text is None or text != text else str(text))
            records.ids.append(str(row[id_column]) if id_column else str(number))
            try:
                records.labels.append(taxonomy.parse_labels(row[label_column]) if has_labels else [])
                records.subtypes.append(taxonomy.parse_subtypes(row[subtype_column]) if has_subtypes else [])
            except TextmineError:
                bad.append(number)
                records.labels.append([])
                records.subtypes.append([])
    if bad:
        raise TextmineError(
            f"{str(path)!r} has unknown labels in rows {bad[:20]}; valid labels are: {', '.join(taxonomy.label_ids)}"
        )
    return records
