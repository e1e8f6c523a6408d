"""Which problem of the register a new record tells again.

A new period's problems (clusters, or records with their resubmissions) are compared with the register's
problems through the records kept behind each one (the hidden ``_textmine_records`` sheet) and, for rows
staff added, through the words of the row itself. Four signals decide, strongest first:

1. **near-duplicates**: a new record whose character-shingle Jaccard with a kept record is at least
   ``duplicate_jaccard`` (a resubmission of the same letter) belongs to that record's problem;
2. **stable cluster ids**: a new cluster with the id of the cluster a problem came from (clustering with
   ``textmine cluster --update``) counts as a shared name would (below);
3. **text**: the cosine similarity of the two problems' centroids of clustering vectors (TF-IDF of content
   words joined with character n-grams of the places and units named); at least ``min_similarity``;
4. **units and places**: when the two share a unit (after alias normalisation, ``same_unit``) or a
   village- or town-level place, and a label (when both have labels), a lower similarity,
   ``name_similarity``, is enough.

Each new problem goes to its best-scoring register problem that passes, or stays new.

>>> matcher = ProblemMatcher().fit(["Q1", "Q2"], [["柳河村会计挪用修路款三万元"], ["县教育局食堂超标准接待"]],
...                                [["村会计"], ["县教育局"]], [["柳河村"], []])
>>> matcher.match([["柳河村会计把修路款挪去放贷"], ["邻居家的狗半夜叫"]], [["会计"], []], [["柳河村"], []])
['Q1', None]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from textmine.cluster.duplicates import jaccard, shingles
from textmine.cluster.model import ProblemClusterer
from textmine.cluster.vectors import WordVectors
from textmine.lazy import lazy_module
from textmine.text.aliases import same_unit

sklearn_preprocessing = lazy_module("sklearn.preprocessing")

SPECIFIC_PLACE_ENDINGS = ("村", "社区", "组", "屯", "寨", "镇", "乡", "街道")


@dataclass
class ProblemMatcher:
    """Match new problems to known ones.

    Parameters
    ----------
    min_similarity: centroid cosine similarity that matches on its own.
    name_similarity: the similarity that matches when a unit, a specific place or a cluster id is shared.
    duplicate_jaccard: shingle Jaccard of two records that makes them one letter sent again.
    name_bonus: added to the similarity of a known problem that shares a unit or place, to rank candidates.
    """

    min_similarity: float = 0.35
    name_similarity: float = 0.15
    duplicate_jaccard: float = 0.6
    name_bonus: float = 0.1
    use_clusters: bool = True

    def fit(
        self,
        numbers: Sequence[str],
        texts: Sequence[Sequence[str]],
        units: Sequence[Sequence[str]],
        places: Sequence[Sequence[str]],
        clusters: Sequence[str] | None = None,
        labels: Sequence[Sequence[str]] | None = None,
    ) -> ProblemMatcher:
        """Remember the known problems: per problem its number, record texts, units, places, cluster id and
        labels."""
        self.numbers_ = list(numbers)
        self.texts_ = [list(t) for t in texts]
        self.units_ = [[u for u in us if u] for us in units]
        self.places_ = [[p for p in ps if _specific(p)] for ps in places]
        self.clusters_ = list(clusters) if clusters is not None else [""] * len(self.numbers_)
        self.labels_ = [set(ls) for ls in labels] if labels is not None else [set()] * len(self.numbers_)
        return self

    def scores(self, texts: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """Centroid similarities (new × known) and the (new, known) pairs holding a near-duplicate."""
        known_flat = [t for ts in self.texts_ for t in ts]
        new_flat = [t for ts in texts for t in ts]
        if not known_flat or not new_flat:
            return np.zeros((len(texts), len(self.numbers_))), []
        docs = ProblemClusterer().word_docs(known_flat + new_flat)
        vectors = WordVectors().fit_transform(docs)
        known = _centroids(vectors[: len(known_flat)], [len(t) for t in self.texts_])
        new = _centroids(vectors[len(known_flat) :], [len(t) for t in texts])
        similarity = (new @ known.T).toarray()
        return similarity, self._duplicates(vectors, texts, known_flat, len(known_flat))

    def match(
        self,
        texts: Sequence[Sequence[str]],
        units: Sequence[Sequence[str]],
        places: Sequence[Sequence[str]],
        clusters: Sequence[str] | None = None,
        labels: Sequence[Sequence[str]] | None = None,
    ) -> list[str | None]:
        """For each new problem (its record texts, units, places, cluster id, labels) the known number it
        tells again, or None."""
        similarity, duplicates = self.scores(texts)
        clusters = list(clusters) if clusters is not None else [""] * len(texts)
        labels = [set(ls) for ls in labels] if labels is not None else [set()] * len(texts)
        found: list[str | None] = []
        for i in range(len(texts)):
            best, best_score = None, -1.0
            for j in np.argsort(-similarity[i])[:20] if similarity.shape[1] else []:
                score = float(similarity[i, j])
                agree = not labels[i] or not self.labels_[j] or bool(labels[i] & self.labels_[j])
                shares = agree and self._shares_name(units[i], places[i], j)
                named = shares or (self.use_clusters and agree and bool(clusters[i] and clusters[i] == self.clusters_[j]))
                passes = score >= self.min_similarity or (named and score >= self.name_similarity)
                if passes and score + self.name_bonus * shares > best_score:
                    best, best_score = self.numbers_[j], score + self.name_bonus * shares
            duplicate = [j for k, j in duplicates if k == i]
            found.append(self.numbers_[duplicate[0]] if duplicate else best)
        return found

    def _shares_name(self, units: Sequence[str], places: Sequence[str], j: int) -> bool:
        if any(same_unit(a, b) for a in units if a for b in self.units_[j]):
            return True
        return any(_same_place(a, b) for a in places if _specific(a) for b in self.places_[j])

    def _duplicates(self, vectors, texts, known_flat: list[str], offset: int) -> list[tuple[int, int]]:
        """(new problem, known problem) pairs where a new record nearly copies a kept one: each new record
        is checked against its most similar kept record."""
        owner = np.repeat(np.arange(len(self.texts_)), [len(t) for t in self.texts_])
        record_similarity = vectors[offset:] @ vectors[:offset].T
        pairs = []
        k = 0
        for i, problem_texts in enumerate(texts):
            for text in problem_texts:
                row = record_similarity.getrow(k).toarray().ravel()
                nearest = int(row.argmax()) if row.size else -1
                k += 1
                if nearest >= 0 and row[nearest] > 0.5:
                    if jaccard(shingles(text), shingles(known_flat[nearest])) >= self.duplicate_jaccard:
                        pairs.append((i, int(owner[nearest])))
        return pairs


def _centroids(rows: sp.csr_matrix, sizes: list[int]) -> sp.csr_matrix:
    """The unit-length mean of each consecutive block of ``sizes`` rows."""
    owner = np.repeat(np.arange(len(sizes)), sizes)
    pooling = sp.csr_matrix((np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(len(sizes), rows.shape[0]))
    return sklearn_preprocessing.normalize(pooling @ rows)


def _specific(place: str | None) -> bool:
    """A village, community or town: specific enough that two problems naming it are likely related."""
    return bool(place) and str(place).endswith(SPECIFIC_PLACE_ENDINGS) and len(str(place)) >= 3


def _same_place(a: str, b: str) -> bool:
    """The same place, one maybe written with its county or town before it (龙潭镇新桥村, 新桥村)."""
    return a == b or (len(a) >= 3 and len(b) >= 3 and (a.endswith(b) or b.endswith(a)))
