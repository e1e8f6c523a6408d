"""The problem taxonomy: the one place that knows the labels.

A taxonomy is data (``configs/taxonomy.yaml`` by default, or a user's own file of the same
shape): top-level labels, each with optional subtypes, and optional merged groups used in
evaluation.

>>> tax = load_taxonomy()
>>> tax.label_ids[:2]
('formalism', 'bureaucratism')
>>> tax.parse_labels("腐败问题;党建问题")
['corruption', 'party_building']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from textmine.errors import TextmineError
from textmine.resources import DEFAULT_TAXONOMY

LABEL_SEPARATORS = re.compile(r"[;；、,，|]")


@dataclass(frozen=True)
class Category:
    """One label or subtype: its id, Chinese name, definition and cue words."""

    id: str
    name: str
    definition: str = ""
    cues: tuple[str, ...] = ()
    parent: str | None = None


@dataclass(frozen=True)
class Group:
    """A merged group of labels, as counted in the official statistics tables."""

    id: str
    name: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """Labels, their subtypes and merged groups, in file order."""

    name: str
    labels: tuple[Category, ...]
    subtypes: tuple[Category, ...] = ()
    groups: tuple[Group, ...] = ()
    _index: dict[str, Category] = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        index: dict[str, Category] = {}
        for category in (*self.labels, *self.subtypes):
            if category.id in index:
                raise TextmineError(f"the taxonomy names {category.id!r} twice")
            index[category.id] = category
        if not self.labels:
            raise TextmineError("the taxonomy has no labels")
        named: dict[str, str] = {}
        for category in (*self.labels, *self.subtypes):
            if category.name in named and category.name != category.id:
                raise TextmineError(
                    f"the taxonomy gives {named[category.name]!r} and {category.id!r} the same name "
                    f"{category.name!r}; a name must say which category it is"
                )
            named[category.name] = category.id
        for sub in self.subtypes:
            if sub.parent not in index:
                raise TextmineError(f"subtype {sub.id!r} has no parent label in the taxonomy")
        for group in self.groups:
            unknown = [label for label in group.labels if label not in index]
            if unknown:
                raise TextmineError(f"group {group.id!r} names unknown labels {unknown}")
        object.__setattr__(self, "_index", index)

    @property
    def label_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.labels)

    @property
    def subtype_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.subtypes)

    def __contains__(self, category_id: str) -> bool:
        return category_id in self._index

    def get(self, category_id: str) -> Category:
        """The label or subtype with this id."""
        try:
            return self._index[category_id]
        except KeyError:
            raise TextmineError(f"{category_id!r} is not in the taxonomy") from None

    def name_of(self, category_id: str) -> str:
        return self.get(category_id).name

    def subtypes_of(self, label_id: str) -> tuple[Category, ...]:
        return tuple(s for s in self.subtypes if s.parent == label_id)

    def parent_of(self, subtype_id: str) -> str:
        parent = self.get(subtype_id).parent
        return parent if parent is not None else subtype_id

    def cue_words(self) -> list[str]:
        """Every cue word and category name, for the segmentation dictionary."""
        words: list[str] = []
        for category in (*self.labels, *self.subtypes):
            words.extend(category.cues)
        return sorted(set(words))

    def resolve(self, value: str) -> str:
        """The id for an id or Chinese name of a label or subtype; error if unknown."""
        value = value.strip()
        if value in self._index:
            return value
        for category in (*self.labels, *self.subtypes):
            if value == category.name:
                return category.id
        raise TextmineError(f"unknown label {value!r}; valid labels are: {', '.join(self.label_ids)}")

    def parse_labels(self, value: Any) -> list[str]:
        """Label ids from a list, or a ;/、/,-separated string of ids or names (order of the taxonomy)."""
        items = split_label_text(value)
        ids = {self.resolve(item) for item in items}
        labels = {self.parent_of(i) for i in ids}
        return [label for label in self.label_ids if label in labels]

    def parse_subtypes(self, value: Any) -> list[str]:
        """Subtype ids from the same forms as :meth:`parse_labels`; label ids are ignored."""
        ids = {self.resolve(item) for item in split_label_text(value)}
        return [s for s in self.subtype_ids if s in ids]

    def to_dict(self) -> dict[str, Any]:
        """The taxonomy in the shape of the YAML file."""
        labels = []
        for label in self.labels:
            entry = _category_dict(label)
            entry["subtypes"] = [_category_dict(s) for s in self.subtypes_of(label.id)]
            labels.append(entry)
        groups = [{"id": g.id, "name": g.name, "labels": list(g.labels)} for g in self.groups]
        return {"name": self.name, "labels": labels, "groups": groups}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Taxonomy:
        """Build from the YAML shape; raises TextmineError on a malformed file."""
        if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
            raise TextmineError("a taxonomy needs a 'labels' list")
        labels, subtypes = [], []
        for entry in data["labels"]:
            label = _category(entry, parent=None)
            labels.append(label)
            subtypes.extend(_category(s, parent=label.id) for s in entry.get("subtypes") or [])
        groups = tuple(
            Group(str(g["id"]), str(g.get("name", g["id"])), tuple(g["labels"])) for g in data.get("groups") or []
        )
        return cls(str(data.get("name", "taxonomy")), tuple(labels), tuple(subtypes), groups)


def split_label_text(value: Any) -> list[str]:
    """Split a label cell (list, or ;/、/,-separated text) into stripped items."""
    if value is None:
        return []
    if isinstance(value, float) and value != value:  # NaN from an empty spreadsheet cell
        return []
    if isinstance(value, str):
        items: Iterable[Any] = LABEL_SEPARATORS.split(value)
    else:
        items = value
    return [str(item).strip() for item in items if str(item).strip()]


def _category(entry: Any, parent: str | None) -> Category:
    if isinstance(entry, str):
        return Category(id=entry, name=entry, parent=parent)
    if not isinstance(entry, dict) or "id" not in entry:
        raise TextmineError(f"every taxonomy entry needs an 'id'; got {entry!r}")
    return Category(
        id=str(entry["id"]),
        name=str(entry.get("name") or entry["id"]),  # no name, or an empty one: the id is shown
        definition=str(entry.get("definition", "")),
        cues=tuple(str(c) for c in entry.get("cues") or ()),
        parent=parent,
    )


def _category_dict(category: Category) -> dict[str, Any]:
    return {"id": category.id, "name": category.name, "definition": category.definition, "cues": list(category.cues)}


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file; the built-in one when ``path`` is None."""
    path = Path(path) if path is not None else DEFAULT_TAXONOMY
    if not path.is_file():
        raise TextmineError(f"taxonomy file {str(path)!r} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise TextmineError(f"taxonomy file {str(path)!r} is not valid YAML ({_yaml_problem(err)})") from None
    return Taxonomy.from_dict(data)


def _yaml_problem(err: Exception) -> str:
    """What PyYAML found wrong and on which line, in one line.

    >>> try:
    ...     yaml.safe_load("labels: a: b")
    ... except yaml.YAMLError as err:
    ...     print(_yaml_problem(err))
    line 1: mapping values are not allowed here
    """
    mark, problem = getattr(err, "problem_mark", None), getattr(err, "problem", None) or "cannot be read"
    return f"line {mark.line + 1}: {problem}" if mark is not None else str(problem)


def infer_taxonomy(label_values: Iterable[Any], name: str = "inferred") -> Taxonomy:
    """A flat taxonomy of the distinct labels found in a labelled data column, sorted."""
    seen = sorted({item for value in label_values for item in split_label_text(value)})
    if not seen:
        raise TextmineError("no labels were found to infer a taxonomy from")
    return Taxonomy(name, tuple(Category(id=label, name=label) for label in seen))
