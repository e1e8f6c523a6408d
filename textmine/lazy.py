"""Public names of a package imported on first use (PEP 562), so that importing the package costs
only what is used.

>>> getattr_, dir_ = lazy_exports("demo", {"sqrt": "math"}, {"pi": 3.14})
>>> getattr_("sqrt")(9.0), dir_()
(3.0, ['pi', 'sqrt'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_exports(
    package: str, exports: dict[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose names live in the modules ``exports`` maps them
    to; ``namespace`` is the package's own ``globals()``, whose names ``__dir__`` lists too."""

    def __getattr__(name: str) -> Any:
        if name in exports:
            return getattr(importlib.import_module(exports[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__


class LazyModule:
    """A module imported on first attribute access, for a heavy library only some calls need (scikit-learn
    is needed to fit a model, not to use one).

    >>> json_module = lazy_module("json")
    >>> json_module.dumps([1])
    '[1]'
    """

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") and attribute.endswith("__"):
            # tools that inspect objects (doctest, debuggers, copy) ask for these: answering must not import
            raise AttributeError(attribute)
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> LazyModule:
    """``name`` as a :class:`LazyModule`."""
    return LazyModule(name)
