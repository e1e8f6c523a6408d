"""The one switch between the linear model's compiled kernel and its Python twins.

``kernel`` is the private module ``textmine.classify.linear._speedups``, built from ``_speedups.c`` at
install where a C compiler is present, or None where it was not built: every caller reads ``kernel`` when
it runs and takes its numpy or Python twin when it is None (same results, about half as fast; a
``RuntimeWarning`` says so once). :func:`python_twins` turns the kernel off for a block, for tests and
benchmarks. Also here: the lookup tables the kernel reads.

>>> table, offsets, text = token_table(["村支书", "的"]) if kernel else (None, None, None)
>>> kernel is None or len(offsets) == 3
True
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Iterator, Sequence

import numpy as np

try:
    from textmine.classify.linear import _speedups as kernel
except ImportError:  # installed without a C compiler
    kernel = None
    warnings.warn(
        "textmine's compiled kernel was not built (no C compiler at install): classification uses its Python "
        "twins, with the same results, about half as fast",
        RuntimeWarning,
        stacklevel=2,
    )

__all__ = ["code_points", "hash_table", "kernel", "offsets_of", "python_twins", "token_table"]


@contextlib.contextmanager
def python_twins() -> Iterator[None]:
    """Within the block every caller takes its Python twin, as where the kernel was not built."""
    switch = sys.modules[__name__]
    saved, switch.kernel = switch.kernel, None
    try:
        yield
    finally:
        switch.kernel = saved


EMPTY = np.iinfo(np.uint64).max


def hash_table(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """(key, value) pairs in the compiled helpers' open-addressing hash table, at most a quarter full."""
    size = 1 << max(4, int(2 * len(keys) - 1).bit_length() + 1)
    table = np.full(2 * size, EMPTY, dtype=np.uint64)
    kernel.build_table(np.ascontiguousarray(keys, dtype=np.uint64), np.ascontiguousarray(values, dtype=np.int64), table)
    return table


def token_table(tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A table from each token's hash to its position in ``tokens``, with the tokens' code points and
    offsets that lookups check a match against (so different tokens with equal hashes never meet)."""
    text, offsets = code_points(tokens)
    hashes = np.empty(len(tokens), dtype=np.uint64)
    kernel.hash_tokens(offsets, text, hashes)
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
