"""Errors a user can cause, each with a message in plain words."""


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
