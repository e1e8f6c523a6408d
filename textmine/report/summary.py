"""The numbers and lists a report shows, computed once so the HTML and the workbook agree.

>>> import pandas as pd
>>> from textmine.report.records import prepare_records
>>> from textmine.report.problems import problem_table
>>> records = prepare_records(pd.DataFrame({"text": ["村会计挪用修路款", "开会太多"], "labels": ["corruption", "formalism"]}))
>>> data = summarise(records, problem_table(records), title="样例")
>>> data.n_records, data.n_problems, [(c.name, c.count) for c in data.labels if c.count]
(2, 2, [('形式主义', 1), ('腐败问题', 1)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from textmine.report.problems import is_problem, problem_keys, representative
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.aliases import merge_units
from textmine.text.key_sentence import excerpt

TOP_NAMES = 15
TOP_CLUSTERS = 10
TOP_RECORDS = 3
SHOWN_CHARS = 160


@dataclass(frozen=True)
class Count:
    id: str
    name: str
    count: int
    parent: str = ""


@dataclass(frozen=True)
class NameRow:
    """A unit or place: records naming it, in all and per label."""

    name: str
    total: int
    per_label: dict[str, int]


@dataclass(frozen=True)
class Shown:
    """A record as shown in the report: id, score and (maybe redacted, shortened) text."""

    id: str
    text: str
    score: float = 0.0


@dataclass(frozen=True)
class ClusterView:
    number: int
    keywords: list[str]
    size: int
    resubmissions: int
    labels: list[str]
    records: list[Shown]


@dataclass(frozen=True)
class ReviewRow:
    """A problem of the register as the 回头看 section shows it."""

    number: str
    conclusion: str
    status: str
    deadline: str
    unit: str
    summary: str
    new_count: int
    dates: str
    record_ids: str


@dataclass
class ReviewData:
    """The 回头看 section: counts per conclusion, the rebounds first, then the problems still reported and
    the new ones, and how many staff edits were kept."""

    counts: dict[str, int]
    rebounds: list[ReviewRow] = field(default_factory=list)
    continuing: list[ReviewRow] = field(default_factory=list)
    new: list[ReviewRow] = field(default_factory=list)
    kept_edits: int = 0
    period: int = 2


@dataclass
class ReportData:
    """Everything the report shows."""

    title: str
    n_records: int = 0
    n_problem_records: int = 0
    n_no_problem: int = 0
    n_errors: int = 0
    n_problems: int = 0
    n_resubmissions: int = 0
    clustered: bool = False
    labels: list[Count] = field(default_factory=list)
    subtypes: list[Count] = field(default_factory=list)
    months: list[tuple[str, int]] = field(default_factory=list)
    units: list[NameRow] = field(default_factory=list)
    places: list[NameRow] = field(default_factory=list)
    clusters: list[ClusterView] = field(default_factory=list)
    top_records: list[tuple[str, list[Shown]]] = field(default_factory=list)
    review: ReviewData | None = None
    trends: list = field(default_factory=list)  # textmine.report.trends.Series, flagged first


def summarise(
    records: pd.DataFrame,
    problems: pd.DataFrame,
    title: str,
    taxonomy: Taxonomy | None = None,
    clustered: bool = False,
    redactor: Callable[[str], str] | None = None,
) -> ReportData:
    """The report's numbers for ``records`` (from ``prepare_records``) and their ``problems``."""
    taxonomy = taxonomy or load_taxonomy()
    show = redactor or (lambda text: text)
    raising = records[records.apply(is_problem, axis=1)] if len(records) else records
    label_counts = Counter(label for labels in raising["labels"] for label in labels)
    subtype_counts = Counter(sub for subs in raising["subtypes"] for sub in subs)
    label_ids = _label_ids(taxonomy, label_counts)
    data = ReportData(
        title=title,
        n_records=len(records),
        n_problem_records=len(raising),
        n_no_problem=int(((records["labels"].map(len) == 0) & (records["error"] == "")).sum()),
        n_errors=int((records["error"] != "").sum()),
        n_problems=len(problems),
        n_resubmissions=int(raising["duplicate_of"].notna().sum()),
        clustered=clustered,
        labels=[Count(i, _name(taxonomy, i), label_counts.get(i, 0)) for i in label_ids],
        subtypes=_subtypes(taxonomy, subtype_counts),
        months=sorted(Counter(m for m in raising["month"] if m).items()),
    )
    data.units = _name_rows(raising, "unit", label_ids)
    data.places = _name_rows(raising, "place", label_ids)
    data.clusters = _clusters(records, taxonomy, show) if clustered else []
    data.top_records = [
        (_name(taxonomy, label), _most_confident(raising, label, show)) for label in label_ids if label_counts[label]
    ]
    return data


def _label_ids(taxonomy: Taxonomy, counts: Counter) -> list[str]:
    known = list(taxonomy.label_ids)
    return known + sorted(label for label in counts if label not in known)


def _name(taxonomy: Taxonomy, category_id: str) -> str:
    return taxonomy.name_of(category_id) if category_id in taxonomy else category_id


def _subtypes(taxonomy: Taxonomy, counts: Counter) -> list[Count]:
    rows = []
    for sub_id, count in counts.most_common():
        parent = taxonomy.parent_of(sub_id) if sub_id in taxonomy else ""
        rows.append(Count(sub_id, _name(taxonomy, sub_id), count, _name(taxonomy, parent) if parent else ""))
    return rows


def _name_rows(records: pd.DataFrame, column: str, label_ids: list[str]) -> list[NameRow]:
    """The names most often named, with their counts per label; units are counted with their aliases
    merged (县住建局 and 县住房和城乡建设局 are one)."""
    values = [v if isinstance(v, str) and v else None for v in records[column]]
    if column == "unit":
        merged = merge_units(v for v in values if v)
        values = [merged[v] if v else None for v in values]
    totals = Counter(v for v in values if v)
    rows = []
    for name, total in totals.most_common(TOP_NAMES):
        labels = Counter(label for v, ls in zip(values, records["labels"]) if v == name for label in ls)
        rows.append(NameRow(name, total, {label: labels.get(label, 0) for label in label_ids}))
    return rows


def _shown(record: pd.Series, show: Callable[[str], str], score: float = 0.0) -> Shown:
    # from the sentence that states the problem: no greeting, no 谈话时间
    return Shown(record["id"], excerpt(show(record["text"]), SHOWN_CHARS), round(score, 3))


def _clusters(records: pd.DataFrame, taxonomy: Taxonomy, show) -> list[ClusterView]:
    keys = problem_keys(records)
    clustered = records[keys.str.startswith("c", na=False)]
    views = []
    for number, group in clustered.groupby("cluster"):
        originals = group[group["duplicate_of"].isna()]
        lead = representative(group)
        others = [r for row, r in originals.iterrows() if row != lead.name][: TOP_RECORDS - 1]
        keywords = next((k for k in group["keywords"] if k), [])
        labels = Counter(label for ls in group["labels"] for label in ls)
        views.append(
            ClusterView(
                number=int(number),
                keywords=keywords,
                size=len(group),
                resubmissions=int(group["duplicate_of"].notna().sum()),
                labels=[_name(taxonomy, label) for label, _ in labels.most_common(2)],
                records=[_shown(lead, show), *(_shown(r, show) for r in others)],
            )
        )
    views.sort(key=lambda v: (-v.size, v.number))
    return views[:TOP_CLUSTERS]


def _most_confident(records: pd.DataFrame, label: str, show) -> list[Shown]:
    holding = records[records["labels"].map(lambda ls: label in ls) & records["duplicate_of"].isna()]
    scored = sorted(((r["scores"].get(label, 0.0), k) for k, r in holding.iterrows()), reverse=True)
    return [_shown(holding.loc[k], show, score) for score, k in scored[:TOP_RECORDS]]
