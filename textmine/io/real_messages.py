"""Real citizen messages read where they lie, outside the repository.

The repository holds only annotations of these messages, keyed by each message's ``key``; the texts
are read from the shared data folder (``../shared/data/tipdm2020c`` beside the checkout, or the folder
named by ``TEXTMINE_REAL_DATA``) whenever a script trains, evaluates or benchmarks on them.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> row = {"key": "m1", "title": "路灯坏了", "text": "三个月没人修。", "time": "2019-05-01", "label": "城乡建设"}
>>> _ = (folder / LABELLED_FILE).write_text(json.dumps(row, ensure_ascii=False) + "\\n", encoding="utf-8")
>>> real_data_folder(folder) == folder
True
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from textmine.errors import TextmineError

#: The labelled file of the 2020 TipDM challenge (problem C): 6,881 messages with a ``key``.
LABELLED_FILE = "messages_labelled.jsonl"
#: Its hot-topic file: for clustering work only.
HOT_TOPIC_FILE = "messages_hot_topics.jsonl"
_ENV = "TEXTMINE_REAL_DATA"


@dataclass(frozen=True)
class RealMessage:
    """One real message: its stable key, title (may be empty), body, time and the file's own category."""

    key: str
    title: str
    text: str
    time: str
    category: str

    @property
    def full_text(self) -> str:
        """Title and body as one record, the title first (the way textmine reads a titled record).

        >>> RealMessage("m1", "路灯坏了", "三个月没人修。", "", "城乡建设").full_text
        '路灯坏了\\n三个月没人修。'
        """
        return f"{self.title}\n{self.text}" if self.title else self.text


def real_data_folder(folder: str | Path | None = None) -> Path:
    """The folder holding the real messages; a plain error when it is absent.

    >>> real_data_folder("/nonexistent/folder")
    Traceback (most recent call last):
    ...
    textmine.errors.TextmineError: the real messages are not at /nonexistent/folder; they are read from ../shared/data/tipdm2020c beside the checkout (or the folder in TEXTMINE_REAL_DATA) and are not part of the repository
    """
    if folder is None:
        folder = os.environ.get(_ENV) or _default_folder()
    path = Path(folder)
    if not (path / LABELLED_FILE).is_file():
        raise TextmineError(
            f"the real messages are not at {path}; they are read from ../shared/data/tipdm2020c beside the "
            f"checkout (or the folder in {_ENV}) and are not part of the repository"
        )
    return path


def _default_folder() -> Path:
    """``../shared/data/tipdm2020c`` beside the checkout this module was imported from, else the cwd's."""
    for base in (Path(__file__).resolve().parents[2], Path.cwd()):
        candidate = base.parent / "shared" / "data" / "tipdm2020c"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data" / "tipdm2020c"


def read_real_messages(folder: str | Path | None = None) -> list[RealMessage]:
    """Every message of the labelled file, in file order.

    >>> import json, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rows = [{"key": "m1", "title": " 路灯坏了 ", "text": "三个月没人修。", "label": "城乡建设"}, {"key": "m2", "text": "噪声扰民"}]
    >>> _ = (folder / LABELLED_FILE).write_text("\\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\\n\\n",
    ...                                         encoding="utf-8")
    >>> [(m.key, m.title, m.category) for m in read_real_messages(folder)]
    [('m1', '路灯坏了', '城乡建设'), ('m2', '', '')]
    """
    path = real_data_folder(folder) / LABELLED_FILE
    with path.open(encoding="utf-8") as handle:
        return [_message(json.loads(line)) for line in handle if line.strip()]


def _message(row: dict) -> RealMessage:
    return RealMessage(
        key=row["key"],
        title=(row.get("title") or "").strip(),
        text=row.get("text") or "",
        time=row.get("time") or "",
        category=row.get("label") or "",
    )
