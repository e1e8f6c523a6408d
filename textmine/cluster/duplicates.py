"""Near-duplicate resubmissions: MinHash over character shingles, candidate pairs from LSH, each
pair confirmed by its exact shingle Jaccard. Linear in the number of records; exact copies are
always found.

>>> finder = NearDuplicateFinder().fit(["村会计挪用修路款三万元，请查处！", "村会计挪用修路款三万元，请查处。", "邻居吵架"])
>>> finder.duplicate_of_.tolist()
[-1, 0, -1]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from textmine.text import normalize

NON_WORD = re.compile(r"[\W_]+")


def shingles(text: str, size: int = 3) -> set[str]:
    """Character n-grams of a text with whitespace and punctuation removed."""
    core = NON_WORD.sub("", normalize(text))
    if len(core) <= size:
        return {core} if core else set()
    return {core[i : i + size] for i in range(len(core) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


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
        sets = [shingles(t or "", self.shingle_size) for t in texts]
        parent = list(range(len(sets)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)

        for i, j in self._exact_pairs(sets):
            union(i, j)
        for i, j in self._candidate_pairs(sets):
            if find(i) != find(j) and jaccard(sets[i], sets[j]) >= self.threshold:
                union(i, j)
        roots = np.array([find(i) for i in range(len(sets))], dtype=np.int64)
        self.duplicate_of_ = np.where(roots == np.arange(len(sets)), -1, roots)
        return self

    def fit_predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.fit(texts).duplicate_of_

    @staticmethod
    def _exact_pairs(sets: list[set[str]]):
        first: dict[frozenset, int] = {}
        for i, s in enumerate(sets):
            if not s:
                continue
            key = frozenset(s)
            if key in first:
                yield first[key], i
            else:
                first[key] = i

    def _candidate_pairs(self, sets: list[set[str]]):
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=max(0.3, self.threshold - 0.15), num_perm=self.num_perm)
        template = MinHash(num_perm=self.num_perm, seed=self.seed)
        for i, s in enumerate(sets):
            if not s:
                continue
            signature = template.copy()
            signature.update_batch([g.encode("utf-8") for g in s])
            for j in lsh.query(signature):
                yield min(i, j), max(i, j)
            lsh.insert(i, signature)
