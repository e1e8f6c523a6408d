"""The one home of the usual column names, and finding the text, id, date, label and other columns of an
input table by them.

>>> find_text_column(["编号", "反映内容", "日期"])
'反映内容'
>>> find_date_column(["编号", "来电时间"])
'来电时间'

Names are compared by :func:`column_key`: traditional characters made simplified, full-width forms
folded, spaces and case ignored, so a Big5 register's 反映內容 and 編　號 are found as well.

>>> find_text_column(["編　號", "反映內容"]), find_id_column(["編　號", "反映內容"])
('反映內容', '編　號')
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import opencc

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
AUTHOR_COLUMNS = ("user", "author", "用户", "用户名", "留言用户", "作者", "来信人", "反映人", "举报人", "投诉人")
SUBTYPE_COLUMNS = ("subtypes", "subtype", "子类", "二级分类", "问题子类")
DOMAIN_COLUMNS = ("source", "来源", "domain", "genre", "渠道")
LABEL_COLUMNS = ("labels", "label", "类别", "标签", "分类", "问题类型", "问题分类", "一级分类", "category", "categories")  # fmt: skip
#: Other names a register's header row often holds (they help tell the header from a title or a data row).
OTHER_COLUMNS = (
    "title", "标题", "来源", "被反映单位", "被反映人", "被举报人", "反映人", "举报人", "姓名", "电话", "联系电话",
    "地址", "单位", "地点", "所属单位", "所在地", "职务", "备注", "办理情况", "处理结果", "办理结果", "状态",
    "cluster", "cluster_keywords", "duplicate_of", "labels_zh", "evidence", "error", "scores",
)  # fmt: skip
KNOWN_COLUMNS = (*TEXT_COLUMNS, *ID_COLUMNS, *DATE_COLUMNS, *AUTHOR_COLUMNS, *SUBTYPE_COLUMNS, *DOMAIN_COLUMNS, *LABEL_COLUMNS,
                 *OTHER_COLUMNS)  # fmt: skip
SPACES = re.compile(r"\s+")

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _to_simplified():
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def column_key(name: object) -> str:
    """A column name as it is compared: simplified characters, full-width forms folded, no spaces, lower case.

    >>> column_key(" 反映內容 "), column_key("ＩＤ"), column_key("信 访 编 号")
    ('反映内容', 'id', '信访编号')
    """
    text = unicodedata.normalize("NFKC", str(name))
    return SPACES.sub("", _to_simplified().convert(text)).lower()


def is_known_column(name: object) -> bool:
    """Whether ``name`` is one of the usual column names (as :func:`column_key` compares them)."""
    return column_key(name) in _known_keys()


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    return frozenset(column_key(name) for name in KNOWN_COLUMNS)


def _match(columns: Sequence[str], candidates: Sequence[str]) -> str | None:
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(column_key(column), column)
    for name in candidates:
        if column_key(name) in by_key:
            return by_key[column_key(name)]
    return None


def _find(columns: Sequence[str], wanted: str | None, candidates: Sequence[str], what: str | None) -> str | None:
    """``wanted`` if given (an error when absent), else the first usual name; ``what`` names the column
    for the error raised when none is found (None: no error, return None)."""
    if wanted is not None:
        if wanted in columns:
            return wanted
        found = _match(columns, [wanted])  # the same name written in traditional or full-width characters
        if found is None:
            raise MissingColumnError(wanted, list(columns))
        return found
    found = _match(columns, candidates)
    if found is None and what is not None:
        raise MissingColumnError(f"{what} (or one of: {', '.join(candidates)})", list(columns))
    return found


def find_column(columns: Sequence[str], wanted: str | None, candidates: Sequence[str]) -> str | None:
    """``wanted`` if given (an error when absent), else the first of ``candidates`` present, else None."""
    return _find(columns, wanted, candidates, None)


def find_text_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present; else, of the columns with a usual text-column name, the one whose
    name comes first in :data:`TEXT_COLUMNS` (text, content, 内容, 正文, 反映内容, 问题描述 …), wherever it
    stands in the table. When several columns have such names, a note
    says which one is read and which others look like text.

    >>> find_text_column(["反映内容", "内容"])
    '内容'
    """
    if wanted is not None:
        return _find(columns, wanted, TEXT_COLUMNS, "text")
    candidates = text_column_candidates(columns)
    if not candidates:
        return _find(columns, None, TEXT_COLUMNS, "text")  # raises: no text column
    if len(candidates) > 1:
        _note_text_column(tuple(candidates))
    return candidates[0]


def text_column_candidates(columns: Sequence[str]) -> list[str]:
    """Every column with a usual text-column name, in the order of :data:`TEXT_COLUMNS` (the first is read).

    >>> text_column_candidates(["编号", "反映内容", "备注", "内容"])
    ['内容', '反映内容']
    """
    found = [_match(columns, [name]) for name in TEXT_COLUMNS]
    return list(dict.fromkeys(column for column in found if column is not None))


def _note_text_column(candidates: tuple[str, ...]) -> None:
    others = ", ".join(candidates[1:])
    verb = "looks" if len(candidates) == 2 else "look"
    log.info("text read from column %s; %s also %s like text (choose with --text-column)", candidates[0], others, verb)


def find_id_column(columns: Sequence[str], wanted: str | None = None) -> str | None:
    """``wanted`` if given and present, else a column with a usual id name, else None (row numbers)."""
    return _find(columns, wanted, ID_COLUMNS, None)


def find_date_column(columns: Sequence[str]) -> str | None:
    """A column with a usual date name, or None."""
    return _match(columns, DATE_COLUMNS)


def find_author_column(columns: Sequence[str], wanted: str | None = None) -> str | None:
    """``wanted`` if given (an error when absent), else a column with a usual author name, or None.

    >>> find_author_column(["id", "user", "text"]), find_author_column(["编号", "反映内容"])
    ('user', None)
    """
    return _find(columns, wanted, AUTHOR_COLUMNS, None)


def find_label_column(columns: Sequence[str], wanted: str | None = None) -> str:
    """``wanted`` if given and present, else the first column with a usual label-column name."""
    return _find(columns, wanted, LABEL_COLUMNS, "labels")
