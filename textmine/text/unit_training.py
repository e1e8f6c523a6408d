"""Training the unit tagger (:class:`textmine.text.units.UnitTagger`) with CRFsuite, and saving its weights
as JSON. Needs the ``crf`` extra (``pip install "textmine[crf]"``); tagging with a saved tagger does not.

Each training record gives its text and its annotated unit (a verbatim substring, or None); every
occurrence of the unit in the (normalised) text is tagged ``B I … I``, the rest ``O``.

>>> weights = train_unit_tagger([("县水务局局长收受红包", "县水务局局长"), ("邻居吵架", None)] * 5, max_iterations=20)
>>> UnitTagger(weights).unit("县水务局局长收受红包")
'县水务局局长'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sklearn_crfsuite
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from textmine.text.aliases import canonical_unit
from textmine.text.entities import find_names
from textmine.text.normalize import normalize
from textmine.text.segment import Segmenter
from textmine.text.unit_choice import Candidate, candidate_features
from textmine.text.units import FORMAT, TAGS, UnitTagger, char_features


def gold_tags(text: str, unit: str | None) -> list[str]:
    """``B``/``I``/``O`` per character: every occurrence of ``unit`` in ``text``.

    >>> gold_tags("县局和县局", "县局")
    ['B', 'I', 'O', 'B', 'I']
    """
    tags = ["O"] * len(text)
    if unit:
        start = text.find(unit)
        while start >= 0:
            tags[start] = "B"
            for k in range(start + 1, start + len(unit)):
                tags[k] = "I"
            start = text.find(unit, start + len(unit))
    return tags


def training_sequences(
    examples: Iterable[tuple[str, str | None]], segmenter: Segmenter | None = None
) -> tuple[list[list[list[str]]], list[list[str]]]:
    """Features and tags of (text, unit) pairs, both normalised as the extractor sees them."""
    segmenter = segmenter or Segmenter.default()
    features, tags = [], []
    for text, unit in examples:
        text = normalize(text)
        if not text:
            continue
        features.append(char_features(text, segmenter.tagged(text), segmenter.tokenizer.FREQ))
        tags.append(gold_tags(text, normalize(unit) if unit else None))
    return features, tags


def train_unit_tagger(
    examples: Sequence[tuple[str, str | None]],
    c1: float = 0.05,
    c2: float = 0.1,
    max_iterations: int = 150,
    min_weight: float = 1e-4,
    segmenter: Segmenter | None = None,
) -> dict:
    """Train on (text, unit) pairs; returns the weights :class:`UnitTagger` reads (features whose
    weights are all below ``min_weight`` are left out)."""
    features, tags = training_sequences(examples, segmenter)
    return export_weights(fit_crf(features, tags, c1, c2, max_iterations), min_weight)


def fit_crf(features, tags, c1: float = 0.05, c2: float = 0.1, max_iterations: int = 150):
    """A CRFsuite chain (L-BFGS with L1 ``c1`` and L2 ``c2`` penalties) fitted on feature and tag sequences."""
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=c1, c2=c2, max_iterations=max_iterations)
    return crf.fit(features, tags)


def export_weights(crf, min_weight: float = 1e-4) -> dict:
    """The CRF's state and transition weights as plain lists (labels in ``TAGS`` order)."""
    labels = [t for t in TAGS if t in crf.classes_]
    index = {label: k for k, label in enumerate(labels)}
    transitions = [[0.0] * len(labels) for _ in labels]
    for (before, after), weight in crf.transition_features_.items():
        transitions[index[before]][index[after]] = round(float(weight), 5)
    attributes: dict[str, list[float]] = {}
    for (name, label), weight in crf.state_features_.items():
        attributes.setdefault(name, [0.0] * len(labels))[index[label]] = round(float(weight), 5)
    kept = {k: v for k, v in attributes.items() if max(abs(w) for w in v) >= min_weight}
    return {"format": FORMAT, "labels": labels, "transitions": transitions, "attributes": dict(sorted(kept.items()))}


def ranker_rows(tagger: UnitTagger, text: str, segmenter: Segmenter) -> tuple[list, str | None]:
    """The candidates of one (normalised) text as ``tagger`` finds them, and the first-answerable pick."""
    tagged, freq = segmenter.tagged(text), segmenter.tokenizer.FREQ
    return tagger.candidates(text, tagged, freq, find_names(text, tagged, freq))


def fit_ranker(examples: Iterable[tuple[str, Sequence[Candidate], str | None, str | None]], c: float = 1.0) -> dict:
    """Logistic weights for :class:`UnitRanker` from (text, candidates, pick, annotated unit) examples: a
    candidate is positive when it is the annotated unit after alias normalisation. The threshold is left at
    0 (answer the best candidate always); choose it on held-out records."""
    rows, targets = [], []
    for text, candidates, pick, gold in examples:
        wanted = canonical_unit(normalize(gold)) if gold else None
        for candidate in candidates:
            rows.append(candidate_features(text, candidate, candidates, pick))
            targets.append(canonical_unit(candidate.text) == wanted)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=2000).fit(vectorizer.fit_transform(rows), targets)
    coef = {name: round(float(w), 5) for name, w in zip(vectorizer.feature_names_, model.coef_[0]) if abs(w) >= 1e-4}
    return {"coef": dict(sorted(coef.items())), "intercept": round(float(model.intercept_[0]), 5), "threshold": 0.0}
