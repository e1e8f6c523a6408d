"""Finding the text and id columns of an input table by their usual names.

>>> find_text_column(["编号", "反映内容", "日期"])
'反映内容'
"""

from __future__ import annotations

from collections.abc import Sequence

from textmine.errors import MissingColumnError

TEXT_COLUMNS = (
    "text", "content", "内容", "正文", "反映内容", "问题描述", "来信内容", "信访内容",
    "留言详情", "谈话内容", "留言内容", "举报内容", "描述",
)  # fmt: skip
ID_COLUMNS = ("id", "编号", "序号", "留言编号", "信访编号", "记录编号", "工单号")
LABEL_COLUMNS = ("labels", "label", "类别", "标签", "分类", "问题类型", "问题分类", "一级分类", "category", "categories")  # fmt: skip


def _match(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    by_key = {str(c).strip().lower(): c for c in columns}
    for name in candidates:
        if name.lower() in by_key:
            return by_key[name.lower()]
    return None


def _required(columns: Sequence[str], wanted: str | None, kind: str, candidates: Sequence[str]) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise MissingColumnError(wanted, list(columns))
        return wanted
    found = _match(columns, candidates)
    if found is None:
        raise MissingColumnError(f"{kind} (or one of: " + ", ".join(candidates) + ")", list(columns))
    return found


def find_text_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present, else the first column with a usual text-column name."""
    return _required(columns, wanted, "text", TEXT_COLUMNS)


def find_id_column(columns: Sequence[str], wanted: str | None = None) -> str | None:
    """``wanted`` if given and present, else a column with a usual id name, else None (row numbers)."""
    if wanted is not None:
        if wanted not in columns:
            raise MissingColumnError(wanted, list(columns))
        return wanted
    return _match(columns, ID_COLUMNS)


def find_label_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present, else the first column with a usual label-column name."""
    return _required(columns, wanted, "labels", LABEL_COLUMNS)
