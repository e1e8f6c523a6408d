"""Optional extras: checked when a backend is used, never at import time.

>>> require("numpy", "test")
>>> require("no_such_package_here", "spacy")
Traceback (most recent call last):
...
textmine.errors.MissingDependencyError: no_such_package_here is needed for this and is not installed; install it with: pip install "textmine[spacy]"
"""

from __future__ import annotations

import importlib.util

from textmine.errors import MissingDependencyError


def require(module: str, extra: str) -> None:
    """Raise MissingDependencyError naming the extra to install when ``module`` is not importable."""
    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError(module, extra)
