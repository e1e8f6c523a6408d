"""The problem list (问题清单): one row per problem, a recurring-problem cluster or a single record.

A record joins the problem of its cluster; a record outside every cluster forms its own problem,
together with its resubmissions (``duplicate_of``). Records that raise no problem (no label, or
an error) are not problems. Problems are listed by the number of records behind them.

>>> import pandas as pd
>>> from textmine.report.records import prepare_records
>>> frame = pd.DataFrame({"id": ["1", "2", "3"], "text": ["县水务局收受红包3万元", "县水务局收受红包3万元。", "表扬医生"],
...                       "labels": ["corruption", "corruption", ""], "duplicate_of": ["", "1", ""]})
>>> problems = problem_table(prepare_records(frame))
>>> problems[["序号", "被反映单位", "涉及金额", "反映件数", "重复件数", "记录编号"]].values.tolist()
[[1, '县水务局', 30000.0, 2, 1, '1;2']]
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text.key_sentence import key_sentence

PROBLEM_COLUMNS = (
    "序号", "问题类别", "子类", "被反映单位", "地点", "问题摘要", "涉及金额", "反映件数", "重复件数", "记录编号",
)  # fmt: skip
SUMMARY_CHARS = 80


def is_problem(record: pd.Series) -> bool:
    """A record raises a problem when it has a label and no error."""
    return bool(record["labels"]) and not record["error"]


def problem_keys(records: pd.DataFrame) -> pd.Series:
    """For each record, the key of its problem: ``c<cluster>``, or ``r<row>`` of the record it repeats (or
    its own; rows counted from 0), so records that share an id stay apart; None for records that raise no
    problem.

    >>> from textmine.report.records import prepare_records
    >>> frame = pd.DataFrame({"id": ["1", "2", "1"], "text": ["甲", "乙", "丙"], "labels": ["corruption"] * 3,
    ...                       "duplicate_of": ["", "1", ""]})
    >>> problem_keys(prepare_records(frame)).tolist()
    ['r0', 'r0', 'r2']
    """
    ids, links = records["id"].tolist(), records["duplicate_of"].tolist()
    rows_of: dict[str, list[int]] = {}
    for row, rid in enumerate(ids):
        rows_of.setdefault(rid, []).append(row)
    keys = []
    for row, record in enumerate(records.itertuples(index=False)):
        if not (record.labels and not record.error):
            keys.append(None)
        elif record.cluster >= 0:
            keys.append(f"c{record.cluster}")
        else:
            keys.append(f"r{_original(row, links, rows_of)}")
    return pd.Series(keys, index=records.index, dtype=object)


def _original(row: int, links: list, rows_of: dict[str, list[int]]) -> int:
    """Follow ``duplicate_of`` links to the row of the first submission: a link names the last record with
    that id before the linking one (else the first after it); an unknown id ends the walk, and the records
    of a cycle share the key of its first row."""
    seen = {row}
    while True:
        target = _linked_row(row, links[row], rows_of)
        if target is None:
            return row
        if target in seen:
            return min(seen)
        seen.add(target)
        row = target


def _linked_row(row: int, link, rows_of: dict[str, list[int]]) -> int | None:
    candidates = [r for r in rows_of.get(link, []) if r != row] if link else []
    earlier = [r for r in candidates if r < row]
    return earlier[-1] if earlier else (candidates[0] if candidates else None)


def representative(group: pd.DataFrame) -> pd.Series:
    """The record that stands for a problem: a first submission, most confidently labelled."""
    originals = group[group["duplicate_of"].isna()]
    pool = originals if len(originals) else group
    confidence = pool.apply(lambda r: max((r["scores"].get(label, 0.0) for label in r["labels"]), default=0.0), axis=1)
    return pool.loc[confidence.idxmax()]


def problem_table(records: pd.DataFrame, taxonomy: Taxonomy | None = None, redactor=None) -> pd.DataFrame:
    """The problem list, with ``PROBLEM_COLUMNS`` and an internal ``_key`` column; ``redactor``
    (a text → text function) is applied to the summaries."""
    taxonomy = taxonomy or load_taxonomy()
    keyed = records.assign(_key=problem_keys(records)).dropna(subset=["_key"])
    rows = []
    for key, group in keyed.groupby("_key", sort=False):
        lead = representative(group)
        summary = key_sentence(lead["text"], SUMMARY_CHARS)
        amounts = [a for a in group["amount_yuan"].tolist() if a == a and a is not None]
        labels = _most_common(group["labels"], len(group))
        subtypes = [s for s in _most_common(group["subtypes"], len(group)) if _parent(taxonomy, s) in labels]
        rows.append(
            {
                "_key": key,
                "问题类别": "、".join(_name(taxonomy, x) for x in labels),
                "子类": "、".join(_name(taxonomy, x) for x in subtypes),
                "被反映单位": _mode(group["unit"]),
                "地点": _mode(group["place"]),
                "问题摘要": redactor(summary) if redactor else summary,
                "涉及金额": max(amounts) if amounts else None,
                "反映件数": len(group),
                "重复件数": int(group["duplicate_of"].notna().sum()),
                "记录编号": ";".join(group["id"].tolist()),
                "_confidence": lead["scores"].get(lead["labels"][0], 0.0) if lead["labels"] else 0.0,
            }
        )
    table = pd.DataFrame(rows, columns=["_key", *PROBLEM_COLUMNS[1:], "_confidence"])
    table = table.sort_values(["反映件数", "_confidence"], ascending=False, kind="stable").reset_index(drop=True)
    table.insert(1, "序号", range(1, len(table) + 1))
    return table.drop(columns=["_confidence"])


def _most_common(lists: pd.Series, size: int) -> list[str]:
    """Items carried by at least half the records of a problem (at least the most common one)."""
    counts = Counter(item for items in lists for item in items)
    if not counts:
        return []
    top = counts.most_common(1)[0][0]
    return [item for item, n in counts.most_common() if n * 2 >= size or item == top]


def _mode(values: pd.Series) -> str:
    counts = Counter(v for v in values.tolist() if v)
    return counts.most_common(1)[0][0] if counts else ""


def _parent(taxonomy: Taxonomy, subtype_id: str) -> str:
    """The label a subtype belongs to (``corruption.embezzlement`` → ``corruption`` where the taxonomy does
    not know it)."""
    return taxonomy.parent_of(subtype_id) if subtype_id in taxonomy else subtype_id.split(".")[0]


def _name(taxonomy: Taxonomy, category_id: str) -> str:
    return taxonomy.name_of(category_id) if category_id in taxonomy else category_id
