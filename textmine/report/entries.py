"""What a problem's row in the register says, and the records kept behind it.

>>> import pandas as pd
>>> from textmine.report.problems import problem_table
>>> from textmine.report.records import prepare_records
>>> from textmine.report.register import new_register
>>> records = prepare_records(pd.DataFrame({"id": ["1", "2"], "text": ["县水务局收受红包3万元", "开会太多"],
...                                         "labels": ["corruption", "formalism"], "date": ["2024-03-02", ""]}))
>>> register = new_register()
>>> rows = add_problems(register, problem_table(records), records, period=1)
>>> [(r.number, r.values["被反映单位"], r.values["跟踪结论"], r.values["首次反映"]) for r in rows]
[('Q0001', '县水务局', '新发现', '2024-03-02'), ('Q0002', None, '新发现', None)]
>>> register.records[["问题编号", "编号", "日期", "类别"]].values.tolist()
[['Q0001', '1', '2024-03-02', 'corruption'], ['Q0002', '2', '', 'formalism']]
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from textmine.report.problems import PROBLEM_COLUMNS, problem_keys
from textmine.report.register import NEW, NUMBER, RECORD_STORE_COLUMNS, Register, RegisterRow

CARRIED = tuple(c for c in PROBLEM_COLUMNS if c != "序号")  # 问题类别 … 记录编号


def record_groups(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The records of each problem key of ``problem_table``."""
    keyed = records.assign(_key=problem_keys(records)).dropna(subset=["_key"])
    return {key: group for key, group in keyed.groupby("_key", sort=False)}


def date_span(group: pd.DataFrame) -> tuple[str | None, str | None]:
    """The first and last full dates of a problem's records (None when none is dated)."""
    dates = sorted(d for d in group["date"].tolist() if d)
    return (dates[0], dates[-1]) if dates else (None, None)


def problem_values(problem: pd.Series, group: pd.DataFrame) -> dict[str, Any]:
    """The textmine columns of a problem found for the first time."""
    first, last = date_span(group)
    values = {column: problem[column] for column in CARRIED}
    values.update(
        {"新增反映件数": problem["反映件数"], "跟踪结论": NEW, "跟踪说明": "", "首次反映": first, "最近反映": last}
    )
    return values


def store_rows(number: str, group: pd.DataFrame, period: int) -> pd.DataFrame:
    """The stored copies of a problem's records (text, date, labels, names) for later matching and trends."""
    return pd.DataFrame(
        {
            "问题编号": number,
            "编号": group["id"].tolist(),
            "日期": [d or m or "" for d, m in zip(group["date"].tolist(), group["month"].tolist())],
            "类别": [";".join(ls) for ls in group["labels"].tolist()],
            "子类": [";".join(ls) for ls in group["subtypes"].tolist()],
            "单位": [u or "" for u in group["unit"].tolist()],
            "地点": [p or "" for p in group["place"].tolist()],
            "所有地点": [";".join(ps) for ps in group["places"].tolist()],
            "批次": str(period),
            "内容": group["text"].tolist(),
        },
        columns=list(RECORD_STORE_COLUMNS),
        dtype=object,
    )


def add_records(register: Register, number: str, group: pd.DataFrame, period: int) -> None:
    rows = store_rows(number, group, period)
    register.records = pd.concat([register.records, rows], ignore_index=True) if len(register.records) else rows


def add_problems(
    register: Register,
    problems: pd.DataFrame,
    records: pd.DataFrame,
    period: int,
    keys: list[str] | None = None,
) -> list[RegisterRow]:
    """Append the problems (rows of ``problem_table``; only those whose ``_key`` is in ``keys`` when
    given) as new problems with new numbers; returns their rows."""
    groups = record_groups(records)
    added = []
    for _, problem in problems.iterrows():
        if keys is not None and problem["_key"] not in keys:
            continue
        group = groups[problem["_key"]]
        row = register.append(problem_values(problem, group))
        row.cluster = problem["_key"] if str(problem["_key"]).startswith("c") else ""
        add_records(register, row.values[NUMBER], group, period)
        added.append(row)
    return added
