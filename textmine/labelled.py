"""Labelled records for training: read from tables and labelling-application exports, labels parsed against a
taxonomy.

Reading happens in two steps because the taxonomy may come from the labels themselves
(``--infer-taxonomy``): :func:`read_raw` gives texts and their label cells as written, and
:func:`parse_records` turns the cells into label ids, or fails with every unknown label and the records
where it appears.

>>> raw = RawRecords(["村会计挪用修路款", "支部不开会"], [["腐败问题"], "party_building"], ["a.csv record 1", "a.csv record 2"])
>>> from textmine.taxonomy import load_taxonomy
>>> parse_records(raw, load_taxonomy()).labels
[['corruption'], ['party_building']]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textmine.errors import MissingColumnError, TextmineError
from textmine.taxonomy import Taxonomy, infer_taxonomy, split_label_text

LABEL_COLUMNS = (
    "labels",
    "label",
    "类别",
    "标签",
    "分类",
    "问题类型",
    "问题分类",
    "一级分类",
    "category",
    "categories",
)


@dataclass(frozen=True)
class RawRecords:
    """Texts with their label cells as written, where each came from, and the records left out (no text, or a
    Label Studio task nobody annotated)."""

    texts: list[str]
    values: list[Any]
    sources: list[str]
    skipped: tuple[str, ...] = ()

    def __add__(self, other: RawRecords) -> RawRecords:
        return RawRecords(
            self.texts + other.texts,
            self.values + other.values,
            self.sources + other.sources,
            self.skipped + other.skipped,
        )


@dataclass(frozen=True)
class LabelledRecords:
    """Texts with label ids (and subtype ids, possibly empty) in taxonomy order, and where each came from."""

    texts: list[str]
    labels: list[list[str]]
    subtypes: list[list[str]]
    sources: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    def __add__(self, other: LabelledRecords) -> LabelledRecords:
        return LabelledRecords(
            self.texts + other.texts,
            self.labels + other.labels,
            self.subtypes + other.subtypes,
            self.sources + other.sources,
        )

    def subset(self, index: Sequence[int]) -> LabelledRecords:
        return LabelledRecords(
            [self.texts[i] for i in index],
            [self.labels[i] for i in index],
            [self.subtypes[i] for i in index],
            [self.sources[i] for i in index],
        )

    @property
    def single_label(self) -> bool:
        """Whether every record carries exactly one label."""
        return bool(self.labels) and all(len(labels) == 1 for labels in self.labels)


def label_items(value: Any) -> list[str]:
    """The label names or ids in one cell: a list, a ;/、/,-separated string, or ``{"choices": [...]}``."""
    if isinstance(value, dict):
        value = value.get("choices", value.get("labels", []))
    return split_label_text(value)


def read_raw(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    title_column: str | None = None,
) -> RawRecords:
    """Texts and label cells of a labelled .xlsx/.csv/.jsonl/.json file or a Label Studio/doccano export."""
    from textmine.io.annotations import (
        doccano_rows,
        export_kind,
        label_studio_rows,
        read_json_records,
        unannotated_tasks,
    )

    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"labelled data file {str(path)!r} does not exist")
    if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
        records = read_json_records(path)
        kind = export_kind(records)
        if kind is not None:
            rows = label_studio_rows(records) if kind == "labelstudio" else doccano_rows(records)
            raw = _keep_texts([r["text"] for r in rows], [r["labels"] for r in rows], [r["source"] for r in rows], path)
            if kind == "labelstudio":
                never = tuple(f"{path.name} {task} (not annotated)" for task in unannotated_tasks(records))
                raw = RawRecords(raw.texts, raw.values, raw.sources, raw.skipped + never)
            return raw
    return _read_table(path, text_column, label_column, title_column)


def _read_table(path: Path, text_column: str | None, label_column: str | None, title_column: str | None) -> RawRecords:
    from textmine.io import find_text_column, open_table
    from textmine.io.columns import find_label_column

    reader = open_table(path)
    text_column = find_text_column(reader.columns, text_column)
    label_column = find_label_column(reader.columns, label_column)
    title_column = _title_column(reader.columns, title_column)
    texts, values = [], []
    for chunk in reader.chunks(5000):
        titles = chunk[title_column].tolist() if title_column else [None] * len(chunk)
        for title, text, value in zip(titles, chunk[text_column].tolist(), chunk[label_column].tolist()):
            texts.append(join_title(title, text))
            values.append(value)
    sources = [f"record {n}" for n in range(1, len(texts) + 1)]
    return _keep_texts(texts, values, sources, path)


def _keep_texts(texts: list[str], values: list[Any], sources: list[str], path: Path) -> RawRecords:
    named = [f"{path.name} {source}" for source in sources]
    keep = [i for i, text in enumerate(texts) if text.strip()]
    skipped = tuple(named[i] for i in range(len(texts)) if not texts[i].strip())
    return RawRecords([texts[i] for i in keep], [values[i] for i in keep], [named[i] for i in keep], skipped)


def join_title(title: Any, text: Any) -> str:
    """A record's title and body as one text (the title alone on the first line)."""
    body = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    if title is None or (isinstance(title, float) and title != title) or not str(title).strip():
        return body
    return f"{str(title).strip()}\n{body}" if body.strip() else str(title).strip()


def _title_column(columns: Sequence[str], wanted: str | None) -> str | None:
    if wanted is None:
        return None
    if wanted not in columns:
        raise MissingColumnError(wanted, list(columns))
    return wanted


def taxonomy_from_labels(raw: RawRecords, name: str = "inferred") -> Taxonomy:
    """A flat taxonomy of the distinct labels in the data (for ``--infer-taxonomy``)."""
    return infer_taxonomy([label_items(value) for value in raw.values], name=name)


def parse_records(raw: RawRecords, taxonomy: Taxonomy) -> LabelledRecords:
    """Label ids for every record; unknown labels raise one error naming each and the records it is in."""
    labels, subtypes = [], []
    unknown: dict[str, list[str]] = defaultdict(list)
    for value, source in zip(raw.values, raw.sources):
        items = label_items(value)
        bad = [item for item in items if not _is_known(item, taxonomy)]
        for item in bad:
            unknown[item].append(source)
        good = [item for item in items if item not in bad]
        labels.append(taxonomy.parse_labels(good))
        subtypes.append(taxonomy.parse_subtypes(good))
    if unknown:
        raise TextmineError(_unknown_message(unknown, taxonomy))
    return LabelledRecords(list(raw.texts), labels, subtypes, list(raw.sources))


def _is_known(item: str, taxonomy: Taxonomy) -> bool:
    try:
        taxonomy.resolve(item)
    except TextmineError:
        return False
    return True


def read_corpus_split(path: str | Path, taxonomy: Taxonomy) -> LabelledRecords:
    """A split of the shipped corpus (JSONL with ``text``, ``labels`` and ``subtypes``)."""
    import json

    path = Path(path)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    return LabelledRecords(
        [r["text"] for r in records],
        [taxonomy.parse_labels(r.get("labels")) for r in records],
        [taxonomy.parse_subtypes(r.get("subtypes")) for r in records],
        [f"{path.name} {r.get('id', n)}" for n, r in enumerate(records, 1)],
    )


def _unknown_message(unknown: dict[str, list[str]], taxonomy: Taxonomy, shown: int = 5) -> str:
    parts = []
    for item, sources in unknown.items():
        where = ", ".join(sources[:shown]) + (f" and {len(sources) - shown} more" if len(sources) > shown else "")
        parts.append(f"{item!r} ({where})")
    valid = ", ".join(f"{label.id} ({label.name})" if label.name != label.id else label.id for label in taxonomy.labels)
    return f"unknown labels {'; '.join(parts)}; valid labels are: {valid}"
