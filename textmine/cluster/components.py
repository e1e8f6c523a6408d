"""Items joined by pairs: the connected components of the graph the pairs draw.

>>> connected(5, [(3, 1), (1, 4)]).tolist()
[0, 1, 2, 1, 1]
>>> smallest_joined(5, [(3, 1), (1, 4)]).tolist()
[0, 1, 2, 1, 1]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from textmine.lazy import lazy_module

csgraph = lazy_module("scipy.sparse.csgraph")


def connected(n: int, pairs: Iterable[tuple[int, int]] | np.ndarray) -> np.ndarray:
    """The component of each of the items ``0 .. n-1`` (numbered by scipy) that the ``pairs`` join."""
    edges = np.asarray(pairs if isinstance(pairs, np.ndarray) else list(pairs), dtype=np.int64).reshape(-1, 2)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    graph = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return csgraph.connected_components(graph, directed=False)[1].astype(np.int64)


def smallest_joined(n: int, pairs: Iterable[tuple[int, int]] | np.ndarray) -> np.ndarray:
    """For each item, the smallest item joined to it, directly or through others (itself when none is smaller)."""
    component = connected(n, pairs)
    smallest = np.full(int(component.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(smallest, component, np.arange(n))
    return smallest[component]
