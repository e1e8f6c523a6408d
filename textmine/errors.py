"""Errors a user can cause, each with a message in plain words."""

import errno


class TextmineError(Exception):
    """A problem with the user's input or settings; the CLI prints it as one sentence."""


class MissingColumnError(TextmineError):
    """A named or expected column is not in the input file."""

    def __init__(self, wanted: str, columns: list[str]) -> None:
        listed = ", ".join(str(c) for c in columns) or "(none)"
        super().__init__(f"column {wanted!r} is not in the input; its columns are: {listed}")
        self.wanted = wanted
        self.columns = columns


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
