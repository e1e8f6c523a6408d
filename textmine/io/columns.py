"""The one home of the usual column names, and finding the text, id, date, label and other columns of an
input table by them.

>>> find_text_column(["编号", "反映内容", "日期"])
'反映内容'
>>> find_date_column(["编号", "来电时间"])
'来电时间'
"""

from __future__ import annotations

from collections.abc import Sequence

from textmine.errors import MissingColumnError

TEXT_COLUMNS = (
    "text", "content", "内容", "正文", "反映内容", "问题描述", "来信内容", "信访内容",
    "留言详情", "谈话内容", "留言内容", "举报内容", "描述",
)  # fmt: skip
ID_COLUMNS = ("id", "编号", "序号", "留言编号", "信访编号", "记录编号", "工单号", "key")
DATE_COLUMNS = (
    "date", "time", "日期", "时间", "来信日期", "来电时间", "留言时间", "登记日期", "受理日期", "受理时间",
    "反映时间", "信访日期",
)  # fmt: skip
SUBTYPE_COLUMNS = ("subtypes", "subtype", "子类", "二级分类", "问题子类")
DOMAIN_COLUMNS = ("source", "来源", "domain", "genre", "渠道")
LABEL_COLUMNS = ("labels", "label", "类别", "标签", "分类", "问题类型", "问题分类", "一级分类", "category", "categories")  # fmt: skip


def _match(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    by_key = {str(c).strip().lower(): c for c in columns}
    for name in candidates:
        if name.lower() in by_key:
            return by_key[name.lower()]
    return None


def _find(columns: Sequence[str], wanted: str | None, candidates: Sequence[str], what: str | None) -> str | None:
    """``wanted`` if given (an error when absent), else the first usual name; ``what`` names the column
    for the error raised when none is found (None: no error, return None)."""
    if wanted is not None:
        if wanted not in columns:
            raise MissingColumnError(wanted, list(columns))
        return wanted
    found = _match(columns, candidates)
    if found is None and what is not None:
        raise MissingColumnError(f"{what} (or one of: {', '.join(candidates)})", list(columns))
    return found


def find_column(columns: Sequence[str], wanted: str | None, candidates: Sequence[str]) -> str | None:
    """``wanted`` if given (an error when absent), else the first of ``candidates`` present, else None."""
    return _find(columns, wanted, candidates, None)


def find_text_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present, else the first column with a usual text-column name."""
    return _find(columns, wanted, TEXT_COLUMNS, "text")


def find_id_column(columns: Sequence[str], wanted: str | None = None) -> str | None:
    """``wanted`` if given and present, else a column with a usual id name, else None (row numbers)."""
    return _find(columns, wanted, ID_COLUMNS, None)


def find_date_column(columns: Sequence[str]) -> str | None:
    """A column with a usual date name, or None."""
    return _match(columns, DATE_COLUMNS)


def find_label_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present, else the first column with a usual label-column name."""
    return _find(columns, wanted, LABEL_COLUMNS, "labels")
