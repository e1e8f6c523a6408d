"""Near-duplicate resubmissions: MinHash over character shingles, candidate pairs from LSH, each
pair confirmed by its exact shingle Jaccard. Linear in the number of records; exact copies are
always found.

Shingles are held as integers (three characters' code points packed into one 63-bit number), so a
record costs a few kilobytes while it is hashed and nothing afterwards: the index keeps only the
LSH band keys, and a candidate pair's shingles are rebuilt from its two texts.

>>> finder = NearDuplicateFinder().fit(["村会计挪用修路款三万元，请查处！", "村会计挪用修路款三万元，请查处。", "邻居吵架"])
>>> finder.duplicate_of_.tolist()
[-1, 0, -1]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence

import numpy as np

from textmine.cluster.components import smallest_joined
from textmine.lazy import lazy_module
from textmine.text import normalize

datasketch = lazy_module("datasketch")

NON_WORD = re.compile(r"[\W_]+")
CODE_BITS = 21  # every Unicode code point fits in 21 bits
SCHEME = "affine32"  # datasketch's MinHash scheme: affine maps of 32-bit hashes
CONTAINMENT = 0.9  # share of a shorter record's shingles inside a longer one of its cluster: a pasted copy
MIN_CONTAINED = 20  # shingles a record needs before it can count as pasted into another
MAX_COMPARED = 300  # clusters larger than this are not searched for pasted copies (the pairs grow as its square)


def shingles(text: str, size: int = 3) -> np.ndarray:
    """The distinct character n-grams of a text (whitespace and punctuation removed) as sorted
    integers; up to three characters the number is the n-gram itself, longer ones are hashed.

    >>> len(shingles("村会计挪用")), len(shingles("村会计，村会计")), len(shingles("。"))
    (3, 3, 0)
    """
    core = NON_WORD.sub("", normalize(text))
    if not core:
        return np.zeros(0, dtype=np.uint64)
    points = np.frombuffer(core.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(points) <= size:
        return _pack(points[None, :])
    windows = np.lib.stride_tricks.sliding_window_view(points, size)
    return np.unique(_pack(windows))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two shingle arrays from :func:`shingles`."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _pack(windows: np.ndarray) -> np.ndarray:
    """One integer per row of code points: exact up to three points, a 64-bit mix beyond."""
    if windows.shape[1] * CODE_BITS <= 63:
        packed = np.zeros(windows.shape[0], dtype=np.uint64)
        for column in range(windows.shape[1]):
            packed = (packed << np.uint64(CODE_BITS)) | windows[:, column]
        return packed
    packed = np.zeros(windows.shape[0], dtype=np.uint64)
    for column in range(windows.shape[1]):
        packed = _mix(packed ^ windows[:, column])
    return packed


def _mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: a fixed, well-spread 64-bit hash of 64-bit integers."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


class NearDuplicateFinder:
    """Finds sets of near-identical records.

    Parameters
    ----------
    threshold: shingle Jaccard at or above which two records are the same submission.
    shingle_size: characters per shingle.
    num_perm: MinHash permutations.
    seed: MinHash seed, for repeatable candidates.

    Learned attribute ``duplicate_of_``: for each record the index of the first record (in input
    order) of its duplicate set, or -1 for the first record of a set and for records with no copy.
    """

    def __init__(self, threshold: float = 0.6, shingle_size: int = 3, num_perm: int = 128, seed: int = 1) -> None:
        self.threshold = threshold
        self.shingle_size = shingle_size
        self.num_perm = num_perm
        self.seed = seed

    def fit(self, texts: Sequence[str]) -> NearDuplicateFinder:
        texts = ["" if t is None else str(t) for t in texts]
        parent = np.arange(len(texts))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = int(parent[i])
            return i

        def union(i: int, j: int) -> None:
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)

        for i, j, exact in self._pairs(texts):
            if find(i) == find(j):
                continue
            if exact or self._similar(texts[i], texts[j]):
                union(i, j)
        roots = np.array([find(i) for i in range(len(texts))], dtype=np.int64)
        self.duplicate_of_ = np.where(roots == np.arange(len(texts)), -1, roots)
        return self

    def fit_predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.fit(texts).duplicate_of_

    def _similar(self, a: str, b: str) -> bool:
        return jaccard(shingles(a, self.shingle_size), shingles(b, self.shingle_size)) >= self.threshold

    def _pairs(self, texts: Sequence[str]) -> Iterator[tuple[int, int, bool]]:
        """(earlier, later, same shingles) for every candidate pair, in input order."""
        lsh = datasketch.MinHashLSH(threshold=max(0.3, self.threshold - 0.15), num_perm=self.num_perm)
        permutations = datasketch.MinHash(num_perm=self.num_perm, seed=self.seed, scheme=SCHEME).permutations
        first_with: dict[bytes, int] = {}
        for i, text in enumerate(texts):
            codes = shingles(text, self.shingle_size)
            if not len(codes):
                continue
            digest = hashlib.blake2b(codes.tobytes(), digest_size=16).digest()
            if digest in first_with:  # the same shingles: an exact copy, no need to index it again
                yield first_with[digest], i, True
                continue
            first_with[digest] = i
            signature = self._signature(codes, permutations)
            for j in lsh.query(signature):
                yield min(i, j), max(i, j), False
            lsh.insert(i, signature)

    def _signature(self, codes: np.ndarray, permutations: np.ndarray):
        """A datasketch MinHash of the shingles in its "affine32" scheme: a 32-bit hash of each shingle
        (here the splitmix64 mix of its code) through ``num_perm`` affine maps modulo 2**32, the
        minimum of each; computed for all shingles at once."""
        multiplier, offset = permutations
        hashed = (_mix(codes) >> np.uint64(32)).astype(np.uint32)[:, None]
        hashvalues = (hashed * multiplier + offset).min(axis=0)
        return datasketch.MinHash(hashvalues=hashvalues, permutations=permutations, seed=self.seed, scheme=SCHEME)


def join_contained(
    texts: Sequence[str],
    clusters: Sequence[int],
    duplicate_of: np.ndarray,
    containment: float = CONTAINMENT,
    shingle_size: int = 3,
) -> np.ndarray:
    """``duplicate_of`` with a record whose text lies almost whole inside another record of its cluster counted
    as a resubmission of the earlier of the two (a message pasted into a longer one): at least ``containment`` of
    the shorter one's shingles (and ``MIN_CONTAINED`` of them) are in the longer one's. Only records of one
    cluster of at most ``MAX_COMPARED`` records are compared, so the cost follows the clusters' sizes.

    >>> short = "村会计挪用修路款三万元，群众意见很大，多次反映无人理睬，请查处"
    >>> texts = [short, "补充情况：" + short + "。另外他还多报工分，账目不公开", "邻居吵架"]
    >>> join_contained(texts, [0, 0, 1], np.array([-1, -1, -1])).tolist()
    [-1, 0, -1]
    """
    first = [i if j < 0 else int(j) for i, j in enumerate(np.asarray(duplicate_of).tolist())]
    pairs = [(i, j) for i, j in enumerate(first) if i != j]
    members: dict[int, list[int]] = {}
    for i, cluster in enumerate(clusters):
        members.setdefault(int(cluster), []).append(i)
    for rows in members.values():
        if not 2 <= len(rows) <= MAX_COMPARED:
            continue
        codes = {i: shingles(texts[i] or "", shingle_size) for i in rows}
        pairs += [
            (i, j)
            for a, i in enumerate(rows)
            for j in rows[a + 1 :]
            if first[i] != first[j] and _contained(codes[i], codes[j]) >= containment
        ]
    firsts = smallest_joined(len(first), pairs)
    return np.where(firsts == np.arange(len(first)), -1, firsts)


def _contained(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the smaller shingle set inside the other (0 when it has fewer than ``MIN_CONTAINED``)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_CONTAINED:
        return 0.0
    return len(np.intersect1d(small, large, assume_unique=True)) / len(small)
