"""The labels of a record's nearest training records, as a vote that a single-label model adds to its
scores.

Offices' messages come back: the same estate's parking dispute, reposted or raised by neighbours, is
worded alike, and the label its earlier copies carry is a strong hint. The vote compares a record's
word TF-IDF row with every training record's (cosine), keeps the ``k`` most similar, weighs each by its
similarity cubed (near copies count, loose likeness little) and shares the weight among their labels.

>>> import numpy as np, scipy.sparse as sp
>>> train = sp.csr_matrix(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]))
>>> votes = NeighbourVote.fit(train, np.array([[1, 0], [1, 0], [0, 1]]))
>>> votes.vote(sp.csr_matrix(np.array([[1.0, 0.05]])), k=2).round(2).tolist()
[[1.0, 0.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

SIMILARITY_POWER = 3  # chosen with k and the weight on cross-validation folds of an office's labelled messages
BLOCK_CELLS = 4_000_000  # similarities worked out at once (16 MB)
ARRAY_NAMES = ("neighbour_data", "neighbour_indices", "neighbour_indptr", "neighbour_labels")


@dataclass(frozen=True)
class NeighbourVote:
    """Training rows (L2-normalised, CSR) and the index of each row's one label."""

    rows: sp.csr_matrix
    labels: np.ndarray
    n_labels: int

    @classmethod
    def fit(cls, features: sp.spmatrix, Y: np.ndarray) -> NeighbourVote:
        """Keep ``features`` (one row per training record) and the one label of each row of ``Y``."""
        return cls(_unit_rows(features), np.asarray(Y).argmax(axis=1).astype(np.int32), int(np.asarray(Y).shape[1]))

    def vote(self, features: sp.spmatrix, k: int) -> np.ndarray:
        """For each row of ``features``, each label's share of its ``k`` nearest training records' weight
        (rows sum to 1, or to 0 where no training record shares a term)."""
        votes = np.zeros((features.shape[0], self.n_labels), dtype=np.float32)
        k = min(k, self.rows.shape[0])
        if k <= 0 or features.shape[0] == 0:
            return votes
        unit = _unit_rows(features)
        step = max(1, BLOCK_CELLS // self.rows.shape[0])  # rows per block: the similarity block stays small
        for start in range(0, unit.shape[0], step):
            votes[start : start + step] = self._block_votes(unit[start : start + step], k)
        total = votes.sum(axis=1, keepdims=True)
        return np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)

    def _block_votes(self, unit: sp.csr_matrix, k: int) -> np.ndarray:
        similarity = (unit @ self.rows.T).toarray()
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        weight = np.take_along_axis(similarity, nearest, axis=1) ** SIMILARITY_POWER
        votes = np.zeros((unit.shape[0], self.n_labels), dtype=np.float32)
        np.add.at(votes, (np.arange(len(votes))[:, None], self.labels[nearest]), weight)
        return votes

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The arrays a safetensors file holds."""
        rows = self.rows
        values = (rows.data.astype(np.float32), rows.indices.astype(np.int32), rows.indptr.astype(np.int64))
        return dict(zip(ARRAY_NAMES, (*values, self.labels.astype(np.int32))))

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], n_features: int, n_labels: int) -> NeighbourVote | None:
        """The vote saved by ``to_arrays``; None when the arrays are not there."""
        if not all(name in arrays for name in ARRAY_NAMES):
            return None
        data, indices, indptr, labels = (arrays[name] for name in ARRAY_NAMES)
        rows = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, n_features))
        return cls(rows, labels, n_labels)


def blend(scores: np.ndarray, votes: np.ndarray, weight: float) -> np.ndarray:
    """Scores and votes mixed, still in [0, 1]: ``(scores + weight * votes) / (1 + weight)``.

    >>> print(blend(np.array([[0.6, 0.5]]), np.array([[0.0, 1.0]]), 0.5).round(3))
    [[0.4   0.667]]
    """
    return ((scores + weight * votes) / (1.0 + weight)).astype(np.float32)


def _unit_rows(features: sp.spmatrix) -> sp.csr_matrix:
    rows = sp.csr_matrix(features, dtype=np.float32)
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ rows)
