"""Errors a user can cause, each with a message in plain words."""

import errno
import unicodedata
from collections.abc import Sequence


class TextmineError(Exception):
    """A problem with the user's input or settings; the CLI prints it as one sentence."""


#: How many column names, and how many characters of each, a message shows: a header taken from a data row
#: or from bytes that are no text stays one readable line.
SHOWN_COLUMNS = 8
SHOWN_NAME_CHARACTERS = 20


class MissingColumnError(TextmineError):
    """A named or expected column is not in the input file."""

    def __init__(self, wanted: str, columns: list[str]) -> None:
        listed = ", ".join(shown_columns(columns)) or "(none)"
        super().__init__(f"column {wanted!r} is not in the input; its columns are: {listed}")
        self.wanted = wanted
        self.columns = columns


def shown_columns(columns: Sequence[object], most: int = SHOWN_COLUMNS) -> list[str]:
    """Column names as a one-line message lists them: the first ``most``, each cut to
    :data:`SHOWN_NAME_CHARACTERS` characters with control characters and line breaks escaped, then how
    many more there are.

    >>> shown_columns(["编号", "PK\\x03\\x04docProps/app.xml", "尊敬的领导：\\n我是本村村民，现将村会计挪用修路款的情况反映如下", "日期"],
    ...               most=3)
    ['编号', 'PK\\\\x03\\\\x04docProps/…', '尊敬的领导：\\\\n我是本村村民，现将村会…', '… (1 more)']
    """
    shown = [_shown_name(str(name)) for name in list(columns)[:most]]
    if len(columns) > most:
        shown.append(f"… ({len(columns) - most} more)")
    return shown


def _shown_name(name: str) -> str:
    escaped = "".join(_escaped(ch) for ch in name)
    if len(escaped) <= SHOWN_NAME_CHARACTERS:
        return escaped
    return escaped[: SHOWN_NAME_CHARACTERS - 1] + "…"


def _escaped(ch: str) -> str:
    """A character as a one-line message shows it: control characters, line and paragraph breaks escaped."""
    if unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp"):
        return ch.encode("unicode_escape").decode("ascii")
    return ch


class MissingDependencyError(TextmineError):
    """An optional backend is used but its extra is not installed."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f'{package} is needed for this and is not installed; install it with: pip install "textmine[{extra}]"'
        )


def os_error_sentence(err: OSError) -> str:
    """What went wrong with a file, in plain words (the disk is full, permission denied …).

    >>> import errno
    >>> os_error_sentence(OSError(errno.ENOSPC, "No space left on device", "out.csv"))
    "the disk is full (writing 'out.csv')"
    >>> os_error_sentence(PermissionError(errno.EACCES, "Permission denied", "/data"))
    "permission denied for '/data'"
    """
    where = f"{err.filename!s}" if err.filename else ""
    if err.errno == errno.ENOSPC or err.errno == errno.EDQUOT:
        return f"the disk is full (writing {where!r})" if where else "the disk is full"
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied for {where!r}" if where else "permission denied"
    if err.errno == errno.EROFS:
        return f"{where!r} is on a read-only disk" if where else "the disk is read-only"
    reason = (err.strerror or str(err) or type(err).__name__).rstrip(".").lower()
    return f"{reason} ({where!r})" if where else reason
