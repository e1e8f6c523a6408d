"""回头看: a new period's records checked against the register, and the register carried forward.

For each problem of the register ``track`` sets 新增反映件数 (this period's records that tell it again) and
跟踪结论: 持续反映 (not rectified and reported again), 整改后反弹 (marked 已整改 or 已销号 and reported again;
跟踪说明 gives the status, the deadline and the dates of the new reports), 本期无反映 (nothing new). The new
period's problems that match none are appended with new numbers and 跟踪结论 新发现. Which problem a record
tells again is decided by :class:`textmine.report.matching.ProblemMatcher`.

What staff typed stays: see :mod:`textmine.report.register`.

>>> result = track_file("五月.xlsx", "问题清单.xlsx", "新问题清单.xlsx", report="回头看.html")   # doctest: +SKIP
>>> result.counts()                                                                      # doctest: +SKIP
{'新发现': 12, '持续反映': 3, '整改后反弹': 2, '本期无反映': 40}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from textmine.io.outputs import refuse_input_as_output
from textmine.report.entries import add_problems, add_records
from textmine.report.matching import Kept, ProblemMatcher
from textmine.report.problems import is_problem, problem_table
from textmine.report.records import prepare_records, read_classified
from textmine.report.register import (
    CONTINUING,
    NUMBER,
    QUIET,
    REBOUND,
    RECTIFIED,
    Register,
    RegisterRow,
    cell_text,
    read_register,
    stored_text,
)
from textmine.report.workbook import save_register
from textmine.taxonomy import Taxonomy, load_taxonomy

UNDATED = "日期不详"


@dataclass
class Rebound:
    """A problem marked rectified that was reported again: for the report's 回头看 section."""

    number: str
    status: str
    deadline: str
    unit: str
    summary: str
    record_ids: list[str]
    dates: list[str]
    note: str = ""


@dataclass
class TrackResult:
    """The register after tracking, each problem's conclusion, and the new records behind each."""

    register: Register
    conclusions: dict[str, str] = field(default_factory=dict)
    matched: dict[str, list[str]] = field(default_factory=dict)
    new_numbers: list[str] = field(default_factory=list)
    rebounds: list[Rebound] = field(default_factory=list)
    staff_edits: list[tuple[str, str]] = field(default_factory=list)
    already_kept: int = 0  # records the register already held (the same id and text), not counted again
    repeated_numbers: list[str] = field(default_factory=list)  # numbers on several rows: the first row is tracked

    def counts(self) -> dict[str, int]:
        counts = Counter(self.conclusions.values())
        return {name: counts.get(name, 0) for name in ("新发现", CONTINUING, REBOUND, QUIET)}


def track(
    register: Register,
    records: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    matcher: ProblemMatcher | None = None,
) -> TrackResult:
    """Match ``records`` (from ``prepare_records``) to ``register`` and update it in place. Records the
    register already holds (the same id and text) are not counted again."""
    taxonomy = taxonomy or load_taxonomy()
    matcher = matcher or ProblemMatcher()
    period = int(register.meta.get("period", 1)) + 1
    register.meta["period"] = period
    register.number_staff_rows()
    result = TrackResult(register, staff_edits=register.staff_edits())
    known = _known_problems(register)
    numbers = Counter(row.number for row in register.rows if row.number)
    result.repeated_numbers = sorted(number for number, count in numbers.items() if count > 1)
    records = records.reset_index(drop=True)  # rows are told apart by position: ids may repeat
    fresh = _not_kept(register, records)
    result.already_kept = len(records) - sum(fresh)
    records = records.loc[fresh]  # .loc: an empty list picks no rows, not no columns
    raising = records.loc[[is_problem(r) for _, r in records.iterrows()]]
    found = dict(zip(raising.index, _match(matcher, register, known, raising))) if len(raising) else {}
    for row in known:
        new = raising.loc[[found.get(i) == row.number for i in raising.index]]
        result.conclusions[row.number] = _update(register, row, new, period, result)
        result.matched[row.number] = new["id"].tolist()
        if len(new):
            add_records(register, row.number, new, period)
            row.cluster = next((f"c{c}" for c in new["cluster"].tolist() if c >= 0), row.cluster)
    unmatched = records.loc[[is_problem(r) and found.get(i) is None for i, r in records.iterrows()]]
    problems = problem_table(unmatched, taxonomy) if len(unmatched) else None
    for row in add_problems(register, problems, unmatched, period) if problems is not None else []:
        result.conclusions[row.number] = row.values["跟踪结论"]
        result.new_numbers.append(row.number)
        result.matched[row.number] = register.records.loc[register.records[NUMBER] == row.number, "编号"].tolist()
    result.rebounds.sort(key=lambda r: (-len(r.record_ids), r.number))
    return result


def _not_kept(register: Register, records: pd.DataFrame) -> list[bool]:
    """For each record, whether the register does not hold it yet: a record is held when a kept record has
    its id and its text (offices often number each period's rows from 1 again, so an id alone says little)."""
    kept = set(zip(register.records["编号"].map(cell_text), register.records["内容"].map(cell_text)))
    return [(cell_text(rid), stored_text(text)) not in kept for rid, text in zip(records["id"], records["text"])]


def _known_problems(register: Register) -> list[RegisterRow]:
    """The register's rows with a number, each number once (a copied row is carried, not tracked)."""
    seen: set[str] = set()
    rows = []
    for row in register.rows:
        if row.number and row.number not in seen:
            seen.add(row.number)
            rows.append(row)
    return rows


def _match(matcher: ProblemMatcher, register: Register, known: list[RegisterRow], records: pd.DataFrame):
    """The known number each record tells again (None for none)."""
    numbers, kept = [], []
    for row in known:
        for record in register_records(register, row):
            numbers.append(row.number)
            kept.append(record)
    matcher.fit(numbers, kept)
    new = [
        Kept(
            text=r["text"],
            unit=r["unit"] or "",
            places=tuple(r["places"]),
            labels=frozenset(r["labels"]),
            subtypes=frozenset(r["subtypes"]),
            cluster=f"c{r['cluster']}" if r["cluster"] >= 0 else "",
        )
        for _, r in records.iterrows()
    ]
    return matcher.match(new)


def register_records(register: Register, row: RegisterRow) -> list[Kept]:
    """The kept records of a known problem; a row staff typed stands for itself (its summary, unit,
    place and note as one record)."""
    stored = register.records[register.records[NUMBER] == row.number]
    if not len(stored):
        words = [cell_text(row.values.get(c)) for c in ("被反映单位", "地点", "问题摘要", "备注")]
        place = cell_text(row.values.get("地点"))
        return [
            Kept("，".join(w for w in words if w), cell_text(row.values.get("被反映单位")), (place,) if place else ())
        ]
    corrected = cell_text(row.values.get("被反映单位")) if row.edited("被反映单位") else ""
    return [
        Kept(
            text=cell_text(r["内容"]),
            unit=corrected or cell_text(r["单位"]),
            places=tuple(p for p in cell_text(r.get("所有地点")).split(";") if p) or (cell_text(r["地点"]),),
            labels=frozenset(x for x in cell_text(r["类别"]).split(";") if x),
            subtypes=frozenset(x for x in cell_text(r["子类"]).split(";") if x),
            cluster=row.cluster,
        )
        for _, r in stored.iterrows()
    ]


def _update(register: Register, row: RegisterRow, new: pd.DataFrame, period: int, result: TrackResult) -> str:
    """Write one known problem's tracking columns; returns its conclusion."""
    if not len(new):
        register.set(row, "新增反映件数", 0)
        register.set(row, "跟踪结论", QUIET)
        register.set(row, "跟踪说明", "")
        return QUIET
    status = row.status
    conclusion = REBOUND if status in RECTIFIED else CONTINUING
    dates = sorted(d for d in new["date"].tolist() if d)
    undated = len(new) - len(dates)
    shown = "、".join(dates + ([f"{UNDATED} {undated} 件"] if undated else []))
    deadline = cell_text(row.values.get("整改时限"))
    if conclusion == REBOUND:
        note = f"{status}{f'（整改时限 {deadline}）' if deadline else ''}后本期再次反映 {len(new)} 件：{shown}"
    else:
        note = f"{status}，本期反映 {len(new)} 件：{shown}"
    ids = [i for i in cell_text(row.values.get("记录编号")).split(";") if i]
    old_dates = [d for d in (cell_text(row.values.get("首次反映")), cell_text(row.values.get("最近反映"))) if d]
    register.set(row, "反映件数", _number(row.values.get("反映件数")) + len(new))
    register.set(row, "重复件数", _number(row.values.get("重复件数")) + int(new["duplicate_of"].notna().sum()))
    register.set(row, "新增反映件数", len(new))
    register.set(row, "跟踪结论", conclusion)
    register.set(row, "跟踪说明", note)
    register.set(row, "记录编号", ";".join(ids + [i for i in new["id"].tolist() if i not in ids]))
    if old_dates or dates:
        register.set(row, "首次反映", min(old_dates + dates))
        register.set(row, "最近反映", max(old_dates + dates))
    for column, values in (("被反映单位", new["unit"]), ("地点", new["place"])):
        if not cell_text(row.values.get(column)):
            named = Counter(v for v in values.tolist() if v)
            if named:
                register.set(row, column, named.most_common(1)[0][0])
    if conclusion == REBOUND:
        result.rebounds.append(
            Rebound(
                number=row.number,
                status=status,
                deadline=deadline,
                unit=cell_text(row.values.get("被反映单位")),
                summary=cell_text(row.values.get("问题摘要")),
                record_ids=new["id"].tolist(),
                dates=dates + [UNDATED] * undated,
                note=note,
            )
        )
    return conclusion


def _number(value) -> int:
    try:
        return int(float(cell_text(value) or 0))
    except ValueError:
        return 0


def track_file(
    input_path: str | Path,
    register_path: str | Path,
    output_path: str | Path,
    taxonomy: Taxonomy | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    matcher: ProblemMatcher | None = None,
) -> tuple[TrackResult, pd.DataFrame]:
    """Read a classified file and a register, track, write the new register; returns the result and the
    records (for the report)."""
    refuse_input_as_output(output_path, input_path, register_path)  # last period's register stays as it was
    taxonomy = taxonomy or load_taxonomy()
    register = read_register(register_path)
    frame = read_classified(input_path, sheet=sheet, encoding=encoding)
    records = prepare_records(frame, text_column=text_column, id_column=id_column)
    result = track(register, records, taxonomy, matcher)
    save_register(output_path, register, records, taxonomy)
    return result, records
