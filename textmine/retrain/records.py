"""Labelled records: the one reader of labelled data, used by training, evaluation, export and suggestions.

It reads tables (.xlsx, .csv, .jsonl, .json, .parquet: a text column and a labels column such as
``labels`` or ``类别``, optionally ``subtypes``, a title and a domain column such as ``source``), Label
Studio and doccano exports, the corpus splits, and annotations of the real messages (``key`` with labels
and no text: the texts are read from the shared data folder).

Reading happens in two steps because the taxonomy may come from the labels themselves
(``--infer-taxonomy``): :func:`read_raw` gives texts and their label cells as written, and
:func:`parse_records` turns the cells into label ids, or fails with every unknown label and the records
where it appears. :func:`read_labelled` does both.

>>> raw = RawRecords(["村会计挪用修路款", "支部不开会"], [["腐败问题"], "party_building"], ["a.csv 1", "a.csv 2"])
>>> from textmine.taxonomy import load_taxonomy
>>> parse_records(raw, load_taxonomy()).labels
[['corruption'], ['party_building']]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textmine.errors import MissingColumnError, TextmineError
from textmine.io import open_table
from textmine.io.annotations import doccano_rows, export_kind, label_studio_rows, read_json_records, unannotated_tasks
from textmine.io.columns import (
    DOMAIN_COLUMNS,
    SUBTYPE_COLUMNS,
    find_column,
    find_id_column,
    find_label_column,
    find_text_column,
)
from textmine.io.real_messages import read_real_messages
from textmine.taxonomy import Taxonomy, infer_taxonomy, split_label_text

CHUNK = 5000


@dataclass(frozen=True)
class RawRecords:
    """Texts with their label cells as written (``values``; ``subtype_values`` where a subtypes column
    exists), where each came from, its id and domain (a source or genre), and the records left out (no text, or a Label Studio
    task nobody annotated). ``labelled`` is False for a table with no labels column."""

    texts: list[str]
    values: list[Any]
    sources: list[str]
    skipped: tuple[str, ...] = ()
    ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    subtype_values: list[Any] = field(default_factory=list)
    labelled: bool = True

    def __post_init__(self) -> None:
        n = len(self.texts)
        for name, default in (("ids", None), ("domains", ""), ("subtype_values", None)):
            if not getattr(self, name):
                values = [str(i) for i in range(1, n + 1)] if name == "ids" else [default] * n
                object.__setattr__(self, name, values)

    def __add__(self, other: RawRecords) -> RawRecords:
        return RawRecords(
            self.texts + other.texts,
            self.values + other.values,
            self.sources + other.sources,
            self.skipped + other.skipped,
            self.ids + other.ids,
            self.domains + other.domains,
            self.subtype_values + other.subtype_values,
            self.labelled and other.labelled,
        )


@dataclass(frozen=True)
class LabelledRecords:
    """Texts with label ids (and subtype ids, possibly empty) in taxonomy order, where each came from,
    its id and its domain (a source or genre such as ``letter`` or ``real``; '' when none)."""

    texts: list[str]
    labels: list[list[str]]
    subtypes: list[list[str]]
    sources: list[str]
    ids: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    skipped: tuple[str, ...] = ()  # records of the files left out (no text, or never annotated)

    def __post_init__(self) -> None:
        if not self.ids:
            object.__setattr__(self, "ids", [str(i) for i in range(1, len(self.texts) + 1)])
        if not self.domains:
            object.__setattr__(self, "domains", [""] * len(self.texts))

    def __len__(self) -> int:
        return len(self.texts)

    def __add__(self, other: LabelledRecords) -> LabelledRecords:
        return LabelledRecords(
            self.texts + other.texts,
            self.labels + other.labels,
            self.subtypes + other.subtypes,
            self.sources + other.sources,
            self.ids + other.ids,
            self.domains + other.domains,
            self.skipped + other.skipped,
        )

    def subset(self, index: Sequence[int]) -> LabelledRecords:
        return LabelledRecords(
            [self.texts[i] for i in index],
            [self.labels[i] for i in index],
            [self.subtypes[i] for i in index],
            [self.sources[i] for i in index],
            [self.ids[i] for i in index],
            [self.domains[i] for i in index],
        )

    def with_domain(self, domain: str) -> LabelledRecords:
        """The same records, each in ``domain``."""
        return replace(self, domains=[domain] * len(self))

    @property
    def single_label(self) -> bool:
        """Whether every record carries exactly one label."""
        return bool(self.labels) and all(len(labels) == 1 for labels in self.labels)

    @classmethod
    def empty(cls) -> LabelledRecords:
        return cls([], [], [], [])


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
    id_column: str | None = None,
    domain_column: str | None = None,
    require_labels: bool = True,
) -> RawRecords:
    """Texts and label cells of one labelled file or labelling-application export."""
    path = Path(path)
    if not path.is_file():
        raise TextmineError(f"labelled data file {str(path)!r} does not exist")
    if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
        records = read_json_records(path)
        kind = export_kind(records)
        if kind is not None:
            return _read_export(path, records, kind)
        if _keyed_annotations(records):
            return _read_real_annotations(path, records)
    columns = _Columns(text_column, label_column, title_column, id_column, domain_column)
    return _read_table(path, columns, require_labels)


def _read_export(path: Path, records: list, kind: str) -> RawRecords:
    rows = label_studio_rows(records) if kind == "labelstudio" else doccano_rows(records)
    ids = [str(r["id"]) if r.get("id") is not None else r["source"] for r in rows]
    raw = _keep_texts(
        path, RawRecords([r["text"] for r in rows], [r["labels"] for r in rows], [r["source"] for r in rows], ids=ids)
    )
    if kind == "labelstudio":
        never = tuple(f"{path.name} {task} (not annotated)" for task in unannotated_tasks(records))
        raw = replace(raw, skipped=raw.skipped + never)
    return raw


def _keyed_annotations(records: list) -> bool:
    """Annotations of the real messages: every record has a ``key`` and labels, none a text."""
    return bool(records) and all(
        isinstance(r, dict) and "key" in r and "labels" in r and "text" not in r for r in records
    )


def _read_real_annotations(path: Path, records: list[dict]) -> RawRecords:
    """Annotations keyed by message key, joined with the texts read from the shared data folder."""
    messages = {m.key: m for m in read_real_messages()}
    missing = [r["key"] for r in records if r["key"] not in messages]
    if missing:
        raise TextmineError(f"{str(path)!r} names messages the real data does not hold: {', '.join(missing[:10])}")
    return RawRecords(
        texts=[messages[r["key"]].full_text for r in records],
        values=[r["labels"] for r in records],
        sources=[f"{path.name} {r['key']}" for r in records],
        ids=[r["key"] for r in records],
        domains=[str(r.get("sample") or "real") for r in records],
        subtype_values=[r.get("subtypes") for r in records],
    )


@dataclass(frozen=True)
class _Columns:
    text: str | None
    label: str | None
    title: str | None
    id: str | None
    domain: str | None


def _read_table(path: Path, wanted: _Columns, require_labels: bool) -> RawRecords:
    reader = open_table(path)
    columns = list(reader.columns)
    text_column = find_text_column(columns, wanted.text)
    label_column = _label_column(columns, wanted.label, require_labels, path)
    title_column = _named_column(columns, wanted.title)
    id_column = find_id_column(columns, wanted.id)
    domain_column = find_column(columns, wanted.domain, DOMAIN_COLUMNS)
    subtype_column = find_column(columns, None, SUBTYPE_COLUMNS)
    cells: dict[str, list] = defaultdict(list)
    for chunk in reader.chunks(CHUNK):
        n = len(chunk)
        titles = chunk[title_column].tolist() if title_column else [None] * n
        cells["texts"] += [join_title(t, x) for t, x in zip(titles, chunk[text_column].tolist())]
        cells["values"] += chunk[label_column].tolist() if label_column else [[] for _ in range(n)]
        cells["subtypes"] += chunk[subtype_column].tolist() if subtype_column else [None] * n
        cells["ids"] += [_cell(v) for v in chunk[id_column].tolist()] if id_column else [None] * n
        cells["domains"] += [_cell(v) for v in chunk[domain_column].tolist()] if domain_column else [""] * n
    numbers = range(1, len(cells["texts"]) + 1)
    ids = [i if i else str(n) for i, n in zip(cells["ids"], numbers)]
    sources = [i if i else f"record {n}" for i, n in zip(cells["ids"], numbers)]  # by id where the file has ids
    raw = RawRecords(
        cells["texts"],
        cells["values"],
        sources,
        ids=ids,
        domains=cells["domains"],
        subtype_values=cells["subtypes"],
        labelled=label_column is not None,
    )
    return _keep_texts(path, raw)


def _label_column(columns: list[str], wanted: str | None, require_labels: bool, path: Path) -> str | None:
    if require_labels:
        return find_label_column(columns, wanted)
    try:
        return find_label_column(columns, wanted)
    except MissingColumnError:
        return None


def _named_column(columns: Sequence[str], wanted: str | None) -> str | None:
    if wanted is None:
        return None
    if wanted not in columns:
        raise MissingColumnError(wanted, list(columns))
    return wanted


def _cell(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _keep_texts(path: Path, raw: RawRecords) -> RawRecords:
    """The records with text; the others listed as skipped, named by file and place."""
    named = [f"{path.name} {source}" for source in raw.sources]
    keep = [i for i, text in enumerate(raw.texts) if text.strip()]
    skipped = raw.skipped + tuple(named[i] for i in range(len(raw.texts)) if not raw.texts[i].strip())

    def pick(values: list) -> list:
        return [values[i] for i in keep]

    return RawRecords(
        pick(raw.texts),
        pick(raw.values),
        pick(named),
        skipped,
        pick(raw.ids),
        pick(raw.domains),
        pick(raw.subtype_values),
        raw.labelled,
    )


def join_title(title: Any, text: Any) -> str:
    """A record's title and body as one text (the title alone on the first line).

    >>> join_title("路灯坏了", "三个月没人修")
    '路灯坏了\\n三个月没人修'
    """
    body = _cell(text)
    title = _cell(title).strip()
    if not title:
        return body
    return f"{title}\n{body}" if body.strip() else title


def taxonomy_from_labels(raw: RawRecords, name: str = "inferred") -> Taxonomy:
    """A flat taxonomy of the distinct labels in the data (for ``--infer-taxonomy``)."""
    return infer_taxonomy([label_items(value) for value in raw.values], name=name)


def parse_records(raw: RawRecords, taxonomy: Taxonomy) -> LabelledRecords:
    """Label and subtype ids for every record (subtypes from a subtypes column, or named among the labels);
    unknown labels raise one error naming each and the records it is in."""
    labels, subtypes = [], []
    unknown: dict[str, list[str]] = defaultdict(list)
    for value, sub_value, source in zip(raw.values, raw.subtype_values, raw.sources):
        items = label_items(value) + (label_items(sub_value) if sub_value is not None else [])
        bad = [item for item in items if not _is_known(item, taxonomy)]
        for item in bad:
            unknown[item].append(source)
        good = [item for item in items if item not in bad]
        labels.append(taxonomy.parse_labels(good))
        subtypes.append(taxonomy.parse_subtypes(good))
    if unknown:
        raise TextmineError(_unknown_message(unknown, taxonomy))
    return LabelledRecords(
        list(raw.texts), labels, subtypes, list(raw.sources), list(raw.ids), list(raw.domains), tuple(raw.skipped)
    )


def read_labelled(
    paths: str | Path | Sequence[str | Path],
    taxonomy: Taxonomy,
    text_column: str | None = None,
    label_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    domain_column: str | None = None,
) -> LabelledRecords:
    """The labelled records of one or more files, in order, with label ids of ``taxonomy``.

    >>> from textmine.taxonomy import load_taxonomy
    >>> from textmine.resources import CORPUS_DIR
    >>> records = read_labelled(CORPUS_DIR / "dev.jsonl", load_taxonomy())
    >>> records.ids[0], records.labels[0], records.domains[0]
    ('L0007', ['hedonism'], 'letter')
    """
    records = LabelledRecords.empty()
    for path in [paths] if isinstance(paths, (str, Path)) else paths:
        raw = read_raw(path, text_column, label_column, title_column, id_column, domain_column)
        records = records + parse_records(raw, taxonomy)
    return records


def _is_known(item: str, taxonomy: Taxonomy) -> bool:
    try:
        taxonomy.resolve(item)
    except TextmineError:
        return False
    return True


def _unknown_message(unknown: dict[str, list[str]], taxonomy: Taxonomy, shown: int = 5) -> str:
    parts = []
    for item, sources in unknown.items():
        where = ", ".join(sources[:shown]) + (f" and {len(sources) - shown} more" if len(sources) > shown else "")
        parts.append(f"{item!r} ({where})")
    valid = ", ".join(f"{label.id} ({label.name})" if label.name != label.id else label.id for label in taxonomy.labels)
    return f"unknown labels {'; '.join(parts)}; valid labels are: {valid}"
