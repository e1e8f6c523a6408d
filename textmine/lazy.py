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
