"""Checks of labelled data before training: duplicates, conflicting labels and labels that look wrong.

Nothing here changes the data. :func:`find_duplicates` and :func:`find_conflicts` compare the new records
with each other and with the base corpus; the label check (:mod:`textmine.label_issues`) is run by the
training workflow, which owns the estimator. Everything found is gathered in a :class:`CheckReport`,
printed as a short report and saved beside the model.

>>> dups = find_duplicates(["村会计挪用修路款三万元。", "村会计挪用修路款三万元！", "支部不开会"], [])
>>> [(d.index, d.of, d.kind) for d in dups.found]
[(1, 'new record 1', 'exact')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from textmine.cluster.duplicates import NON_WORD, NearDuplicateFinder
from textmine.text import normalize

SNIPPET_CHARS = 40


def exact_key(text: str) -> str:
    """The text with markup, width, script, whitespace and punctuation differences removed."""
    return NON_WORD.sub("", normalize(text or "")).lower()


def snippet(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "…"


@dataclass(frozen=True)
class Duplicate:
    """New record ``index`` copies an earlier record: exactly (up to punctuation and spacing) or nearly."""

    index: int
    source: str
    of: str
    kind: str
    in_base: bool


@dataclass(frozen=True)
class DuplicateIndex:
    """The duplicates found, and for each new record the id of its duplicate set (shared with its copies)."""

    found: list[Duplicate]
    group: np.ndarray
    copies_base_test: frozenset[int] = frozenset()


def find_duplicates(
    new_texts: Sequence[str],
    base_texts: Sequence[str],
    threshold: float = 0.8,
    new_sources: Sequence[str] | None = None,
    base_sources: Sequence[str] | None = None,
    base_test: Sequence[bool] | None = None,
) -> DuplicateIndex:
    """Exact and near duplicates of new records, among themselves and against the base corpus.

    ``base_test`` marks the base records that are held out for evaluation; new records that copy one are
    listed in ``copies_base_test`` so that training can leave them out.
    """
    n_base = len(base_texts)
    texts = list(base_texts) + list(new_texts)
    sources = list(base_sources or [f"base record {i + 1}" for i in range(n_base)])
    sources += list(new_sources or [f"new record {i + 1}" for i in range(len(new_texts))])
    roots = NearDuplicateFinder(threshold=threshold).fit(texts).duplicate_of_
    roots = np.where(roots < 0, np.arange(len(texts)), roots)
    first_exact: dict[str, int] = {}
    found = []
    for position, text in enumerate(texts):
        key = exact_key(text)
        earlier = first_exact.setdefault(key, position) if key else position
        if position < n_base:
            continue
        if earlier != position:
            found.append(_duplicate(position, earlier, "exact", n_base, sources))
        elif roots[position] != position:
            found.append(_duplicate(position, int(roots[position]), "near", n_base, sources))
    test_roots = {int(roots[i]) for i in range(n_base) if base_test is not None and base_test[i]}
    copies_test = frozenset(i for i in range(len(new_texts)) if int(roots[n_base + i]) in test_roots)
    return DuplicateIndex(found, roots[n_base:], copies_test)


def _duplicate(position: int, earlier: int, kind: str, n_base: int, sources: list[str]) -> Duplicate:
    return Duplicate(position - n_base, sources[position], sources[earlier], kind, earlier < n_base)


@dataclass(frozen=True)
class Conflict:
    """The same text (up to punctuation and spacing) given different labels."""

    sources: list[str]
    labels: list[list[str]]
    text: str


def find_conflicts(
    texts: Sequence[str], labels: Sequence[Sequence[str]], sources: Sequence[str], first_new: int = 0
) -> list[Conflict]:
    """Groups of identical texts with different label sets that involve at least one record from ``first_new`` on."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        key = exact_key(text)
        if key:
            groups[key].append(i)
    conflicts = []
    for members in groups.values():
        if max(members) < first_new or len({tuple(labels[i]) for i in members}) < 2:
            continue
        conflicts.append(
            Conflict([sources[i] for i in members], [list(labels[i]) for i in members], snippet(texts[members[0]]))
        )
    return conflicts


@dataclass(frozen=True)
class Suspect:
    """A record whose given labels the cross-validated model confidently disagrees with."""

    source: str
    text: str
    given: list[str]
    suggested: list[str]
    given_score: float


@dataclass
class CheckReport:
    """Everything the checks found; :meth:`lines` is the short printed form."""

    n_records: int
    n_base: int = 0
    skipped: list[str] = field(default_factory=list)
    no_label: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    suspects: list[Suspect] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    label_check: str = "not run"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for duplicate in data["duplicates"]:
            duplicate.pop("index")
        return data

    def lines(self, shown: int = 5) -> list[str]:
        exact = [d for d in self.duplicates if d.kind == "exact"]
        near = [d for d in self.duplicates if d.kind == "near"]
        lines = [
            f"checks of {self.n_records} new records (base corpus: {self.n_base} records):",
            f"  exact duplicates: {len(exact)} ({sum(d.in_base for d in exact)} of base records)",
            f"  near duplicates: {len(near)} ({sum(d.in_base for d in near)} of base records)",
            f"  conflicting labels on the same text: {len(self.conflicts)}",
            f"  labels that look wrong: {len(self.suspects)} ({self.label_check})",
        ]
        if self.skipped:
            lines.append(f"  records left out (no text, or never annotated): {len(self.skipped)}")
        if self.no_label:
            lines.append(f"  records with no label (kept as 'none of the labels'): {self.no_label}")
        if self.left_out:
            lines.append(f"  copies of base test records, left out of training: {len(self.left_out)}")
        lines += [f"    duplicate: {d.source} = {d.of} ({d.kind})" for d in self.duplicates[:shown]]
        for conflict in self.conflicts[:shown]:
            pairs = ", ".join(f"{s} {'/'.join(ls) or '-'}" for s, ls in zip(conflict.sources, conflict.labels))
            lines.append(f"    conflict: {conflict.text} — {pairs}")
        for suspect in self.suspects[:shown]:
            lines.append(
                f"    review: {suspect.source} {suspect.text} — given {'/'.join(suspect.given) or '-'}, "
                f"model says {'/'.join(suspect.suggested) or '-'} (support for the given labels {suspect.given_score:.2f})"
            )
        return lines
