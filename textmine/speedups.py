"""The compiled helpers built from ``speedups.c`` at install, or None where no C compiler was at hand.

Every caller keeps a Python (numpy) twin that gives the same results, so textmine works either way;
the compiled paths are only faster. Tests run both.

>>> compiled is None or hasattr(compiled, "tfidf_rows")
True
"""

from __future__ import annotations

try:
    import _textmine_speedups as compiled
except ImportError:  # installed without a C compiler
    compiled = None

__all__ = ["compiled"]
