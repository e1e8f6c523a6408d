"""The compiled helpers built from ``speedups.c`` at install (None where no C compiler was at hand),
and the lookup tables they read.

Every caller keeps a Python (numpy) twin that gives the same results, so textmine works either way;
the compiled paths are only faster. Tests run both.

>>> table, offsets, text = token_table(["村支书", "的"]) if compiled else (None, None, None)
>>> compiled is None or len(offsets) == 3
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

try:
    import _textmine_speedups as compiled
except ImportError:  # installed without a C compiler
    compiled = None

__all__ = ["code_points", "compiled", "hash_table", "offsets_of", "token_table"]

EMPTY = np.iinfo(np.uint64).max


def hash_table(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """(key, value) pairs in the compiled helpers' open-addressing hash table, at most a quarter full."""
    size = 1 << max(4, int(2 * len(keys) - 1).bit_length() + 1)
    table = np.full(2 * size, EMPTY, dtype=np.uint64)
    compiled.build_table(
        np.ascontiguousarray(keys, dtype=np.uint64), np.ascontiguousarray(values, dtype=np.int64), table
    )
    return table


def token_table(tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A table from each token's hash to its position in ``tokens``, with the tokens' code points and
    offsets that lookups check a match against (so different tokens with equal hashes never meet)."""
    text, offsets = code_points(tokens)
    hashes = np.empty(len(tokens), dtype=np.uint64)
    compiled.hash_tokens(offsets, text, hashes)
    return hash_table(hashes, np.arange(len(tokens), dtype=np.int64)), offsets, text


def code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The code points of all texts in one array, and where each text starts and ends."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32), offsets_of(lengths)


def offsets_of(lengths: np.ndarray) -> np.ndarray:
    """Start offsets of consecutive pieces of the given lengths, and the end of the last."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return offsets
