"""Which problem of the register a new record tells again.

Every problem keeps the records behind it (the hidden ``_textmine_records`` sheet); a row staff typed
stands for itself. A new record is compared with each kept record, and the rules below are applied to
that pair; a problem's score is that of its best-matching record, and the record goes to the best
problem that passes, or stays new. Pairs of records, not problems, are compared so that a broad
problem (a cluster of many records) does not attract every record on its topic, and a record that
matches one member of it is still found.

1. **near-duplicates**: shingle Jaccard of the two texts at least ``duplicate_jaccard`` (the same letter
   sent again);
2. **text**: cosine similarity of their clustering vectors (TF-IDF of content words joined with character
   n-grams of the places and units named) at least ``min_similarity``, and a label in common;
3. **names**: a lower similarity, ``name_similarity``, when they name the same unit (after alias
   normalisation, :func:`textmine.text.aliases.same_unit`) or the same village, or sit in the same
   cluster of a clustering run with ``--update`` (a stable cluster id), and share a subtype: the same kind
   of misconduct at the same unit is what comes back after rectification.

Labels and subtypes are compared only when both records have some.

>>> matcher = ProblemMatcher().fit(["Q1", "Q2"], [Kept("柳河村会计挪用修路款三万元", "村会计", ("柳河村",)),
...                                              Kept("县教育局食堂超标准接待", "县教育局")])
>>> matcher.match([Kept("柳河村会计把修路款挪去放贷", "会计", ("柳河村",)), Kept("邻居家的狗半夜叫")])
['Q1', None]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from textmine.cluster.duplicates import jaccard, shingles
from textmine.cluster.model import ProblemClusterer
from textmine.cluster.vectors import WordVectors
from textmine.text.aliases import same_unit

VILLAGE_ENDINGS = ("村", "社区", "组", "屯", "寨")
CANDIDATES = 30
#: The vector weights the similarity thresholds below were chosen with (clustering's own defaults moved later).
MATCH_ENTITY_WEIGHT, MATCH_CHAR_WEIGHT = 1.0, 0.5


@dataclass(frozen=True)
class Kept:
    """A record as matching sees it: text, main unit, places, labels, subtypes and cluster key."""

    text: str
    unit: str = ""
    places: tuple[str, ...] = ()
    labels: frozenset[str] = frozenset()
    subtypes: frozenset[str] = frozenset()
    cluster: str = ""


@dataclass
class ProblemMatcher:
    """Match new records to known problems through the records kept behind them.

    Parameters
    ----------
    min_similarity: cosine similarity of two records that matches on its own (with a label in common).
    name_similarity: the similarity that matches when a unit, a village or a cluster id is shared too.
    duplicate_jaccard: shingle Jaccard of two records that makes them one letter sent again.
    name_bonus: added to a pair's similarity when it shares a name, to rank candidate problems.
    use_clusters: whether a shared cluster id counts as a shared name.
    """

    min_similarity: float = 0.35
    name_similarity: float = 0.25
    duplicate_jaccard: float = 0.6
    name_bonus: float = 0.1
    use_clusters: bool = True

    def fit(self, numbers: Sequence[str], kept: Sequence[Kept]) -> ProblemMatcher:
        """Remember the kept records, each with the number of its problem."""
        self.numbers_ = list(numbers)
        self.kept_ = list(kept)
        return self

    def similarities(self, new: Sequence[Kept]) -> np.ndarray:
        """Cosine similarity of every new record (rows) with every kept record (columns)."""
        if not self.kept_ or not new:
            return np.zeros((len(new), len(self.kept_)))
        docs = ProblemClusterer().word_docs([k.text for k in self.kept_] + [n.text for n in new])
        vectors = WordVectors(
            entity_weight=MATCH_ENTITY_WEIGHT, char_weight=MATCH_CHAR_WEIGHT, name_runs=False
        ).fit_transform(docs)
        return (vectors[len(self.kept_) :] @ vectors[: len(self.kept_)].T).toarray()

    def match(self, new: Sequence[Kept]) -> list[str | None]:
        """For each new record the number of the known problem it tells again, or None."""
        similarity = self.similarities(new)
        found: list[str | None] = []
        for i, record in enumerate(new):
            best: dict[str, float] = {}
            for j in np.argsort(-similarity[i])[:CANDIDATES] if similarity.shape[1] else []:
                score = self.pair_score(record, self.kept_[j], float(similarity[i, j]))
                if score is not None and score > best.get(self.numbers_[j], -1.0):
                    best[self.numbers_[j]] = score
            found.append(max(best, key=best.__getitem__) if best else None)
        return found

    def pair_score(self, new: Kept, kept: Kept, similarity: float) -> float | None:
        """How well a new record matches a kept one (None: not at all)."""
        if similarity > 0.5 and jaccard(shingles(new.text), shingles(kept.text)) >= self.duplicate_jaccard:
            return 2.0 + similarity
        same_kind = _overlap(new.subtypes, kept.subtypes)
        names = self._shares_name(new, kept)
        cluster = self.use_clusters and bool(new.cluster) and new.cluster == kept.cluster
        if similarity >= self.name_similarity and same_kind and (names or cluster):
            return similarity + self.name_bonus * names
        if similarity >= self.min_similarity and _overlap(new.labels, kept.labels):
            return similarity
        return None

    @staticmethod
    def _shares_name(new: Kept, kept: Kept) -> bool:
        if same_unit(new.unit, kept.unit):
            return True
        villages = [p for p in kept.places if _village(p)]
        return any(_same_place(a, b) for a in new.places if _village(a) for b in villages)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two records share a category (true when either has none to compare)."""
    return not a or not b or bool(a & b)


def _village(place: str | None) -> bool:
    """A village or community: specific enough that two records naming it are likely related (a town or
    a county is named by most of an office's records)."""
    return bool(place) and str(place).endswith(VILLAGE_ENDINGS) and len(str(place)) >= 3


def _same_place(a: str, b: str) -> bool:
    """The same place, one maybe written with its county or town before it (龙潭镇新桥村, 新桥村)."""
    return a == b or (len(a) >= 3 and len(b) >= 3 and (a.endswith(b) or b.endswith(a)))
