"""The default classifier: word and character TF-IDF, a linear SVM per label (one-vs-rest), scores
calibrated by Platt scaling on out-of-fold decisions, per-label thresholds from the same out-of-fold
predictions, and a second-level model for subtypes trained on the records of each label.

It follows scikit-learn's conventions, so it works in ``Pipeline`` and ``cross_val_score``.

>>> clf = LinearClassifier(threshold_folds=0, min_df=1)
>>> clf = clf.fit(["村支书把低保给亲戚", "镇里天天开会发文件", "邻居吵架"],
...               [["corruption"], ["formalism"], []])
>>> clf.predict(["村支书把低保给了亲戚"]).shape
(1, 6)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from textmine.classify.base import ClassifierBase
from textmine.classify.linear import persist
from textmine.classify.linear.estimator import ClassifierProtocol
from textmine.classify.linear.features import PreparedTexts, TextFeaturizer
from textmine.classify.linear.neighbours import NeighbourVote, blend
from textmine.classify.linear.ratios import log_count_ratio, scaled
from textmine.classify.linear.weighted_terms import distinct_terms, top_weighted_columns
from textmine.classify.results import Classification, LabelResult, SubtypeResult
from textmine.classify.targets import indicator_from_lists, training_summary
from textmine.classify.thresholds import best_thresholds
from textmine.lazy import lazy_module
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter

# scikit-learn is needed to fit, not to predict: imported on first use
svm = lazy_module("sklearn.svm")
linear_model = lazy_module("sklearn.linear_model")
model_selection = lazy_module("sklearn.model_selection")

ABSENT_INTERCEPT = -10.0  # a label never seen in training is never predicted


class LinearClassifier(ClassifierBase, ClassifierProtocol):
    """Multi-label (or single-label) classifier over a taxonomy.

    Parameters
    ----------
    taxonomy: the categories; the built-in taxonomy when None.
    segmenter: the word segmenter; the shipped dictionary plus the taxonomy's cue words when None.
    C: inverse regularisation strength of each linear SVM.
    class_weight: passed to each linear SVM ("balanced" helps rare labels).
    threshold_folds: folds for the out-of-fold decisions that calibrate scores and set per-label
        thresholds; below 2, scores are the logistic of the raw decision and every threshold is 0.5.
    multilabel: "auto" (single-label when every training record has exactly one label), True or False.
    n_evidence: how many terms of evidence each predicted label reports.
    neighbours, neighbour_weight: in single-label mode, each score is blended with the vote of the
        ``neighbours`` most similar training records (``neighbours.NeighbourVote``), the vote weighing
        ``neighbour_weight`` against the score's 1; 0 for either turns the vote off. Multi-label models
        never use it.
    log_count_ratio: each label's SVM learns from features scaled by their naive Bayes log-count ratio
        (NBSVM, ``ratios.log_count_ratio``), with ``ratio_C`` as its C: "auto" (single-label models only),
        True or False.

    Learned attributes: ``classes_``, ``segmenter_``, ``featurizer_``, ``coef_``, ``intercept_``, ``calibration_``
    (slope and offset per label), ``thresholds_``, ``multilabel_``, ``subtype_classes_``, ``subtype_coef_``,
    ``subtype_intercept_``, ``training_``, ``neighbours_`` (a ``NeighbourVote`` or None).
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        segmenter: Segmenter | None = None,
        C: float = 1.0,
        class_weight: str | None = "balanced",
        threshold_folds: int = 5,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        max_word_features: int = 20000,
        max_char_features: int = 40000,
        min_df: int = 2,
        multilabel: str | bool = "auto",
        n_evidence: int = 5,
        random_state: int = 0,
        neighbours: int = 10,
        neighbour_weight: float = 0.3,
        log_count_ratio: str | bool = "auto",
        ratio_C: float = 0.2,
    ) -> None:
        self.taxonomy = taxonomy
        self.segmenter = segmenter
        self.C = C
        self.class_weight = class_weight
        self.threshold_folds = threshold_folds
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.min_df = min_df
        self.multilabel = multilabel
        self.n_evidence = n_evidence
        self.random_state = random_state
        self.neighbours = neighbours
        self.neighbour_weight = neighbour_weight
        self.log_count_ratio = log_count_ratio
        self.ratio_C = ratio_C

    # ----------------------------------------------------------------- fitting
    def fit(
        self,
        X: Sequence[str],
        y: Any,
        subtypes: Sequence[Sequence[str]] | None = None,
        dev: Any = None,
        sample_weight: Sequence[float] | None = None,
    ) -> LinearClassifier:
        """Learn from texts ``X`` and labels ``y`` (lists of label ids, or an indicator matrix).

        ``dev`` (texts, labels, subtypes), which other backends use for early stopping, is added to the
        training records here (with weight 1): this model tunes its thresholds on out-of-fold decisions
        instead. ``sample_weight`` weighs each record in the SVMs, the calibration and the thresholds (records
        of the domain the model must serve can count more than records written elsewhere).
        """
        if dev is not None:
            if sample_weight is not None:
                sample_weight = [*sample_weight, *([1.0] * len(dev[0]))]
            X, y, subtypes = _with_dev(X, y, subtypes, dev)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        taxonomy = self.taxonomy_
        self.classes_ = np.array(taxonomy.label_ids, dtype=object)
        Y = self._indicator(y)
        self.multilabel_ = bool(self.multilabel) if self.multilabel != "auto" else not bool((Y.sum(axis=1) == 1).all())
        self.ratio_scaled_ = not self.multilabel_ if self.log_count_ratio == "auto" else bool(self.log_count_ratio)
        segmenter = self.segmenter if self.segmenter is not None else Segmenter.default(taxonomy.cue_words())
        self.segmenter_ = segmenter
        self.featurizer_ = self._new_featurizer(segmenter)
        prepared = self.featurizer_.prepare(list(X))
        self.calibration_, self.thresholds_ = self._calibrate(prepared, Y, weights)
        features = self.featurizer_.fit_transform(prepared)
        self.coef_, self.intercept_ = self._fit_one_vs_rest(features, Y, weights, self.ratio_scaled_)
        self.neighbours_ = self._fit_neighbours(features, Y)
        self.subtype_classes_ = np.array(taxonomy.subtype_ids, dtype=object)
        if subtypes is not None and len(self.subtype_classes_):
            S = indicator_from_lists(subtypes, list(self.subtype_classes_))
            self.subtype_coef_, self.subtype_intercept_ = self._fit_subtypes(features, Y, S, taxonomy, weights)
        else:
            self.subtype_coef_ = np.zeros((len(self.subtype_classes_), features.shape[1]), dtype=np.float32)
            self.subtype_intercept_ = np.full(len(self.subtype_classes_), ABSENT_INTERCEPT, dtype=np.float32)
        self.training_ = training_summary(list(X), Y, self.classes_)
        _read_only(self.coef_, self.intercept_, self.subtype_coef_, self.subtype_intercept_)
        return self

    def _new_featurizer(self, segmenter: Segmenter) -> TextFeaturizer:
        return TextFeaturizer(
            segmenter,
            word_ngram_range=self.word_ngram_range,
            char_ngram_range=self.char_ngram_range,
            max_word_features=self.max_word_features,
            max_char_features=self.max_char_features,
            min_df=self.min_df,
        )

    def _indicator(self, y: Any) -> np.ndarray:
        if hasattr(y, "shape") and len(getattr(y, "shape", ())) == 2:
            Y = np.asarray(y, dtype=np.int8)
            if Y.shape[1] != len(self.classes_):
                raise ValueError(f"y has {Y.shape[1]} columns; the taxonomy has {len(self.classes_)} labels")
            return Y
        return indicator_from_lists(y, list(self.classes_))

    def _fit_one_vs_rest(
        self, features, Y: np.ndarray, weights: np.ndarray | None = None, ratio_scaled: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """One SVM per column of ``Y``; with ``ratio_scaled``, on features scaled by their log-count ratio for that
        column, the ratio folded into the weights returned."""
        coef = np.zeros((Y.shape[1], features.shape[1]), dtype=np.float32)
        intercept = np.full(Y.shape[1], ABSENT_INTERCEPT, dtype=np.float32)
        C = self.ratio_C if ratio_scaled else self.C
        for j in range(Y.shape[1]):
            column = Y[:, j]
            if column.min() == column.max():
                intercept[j] = -ABSENT_INTERCEPT if column[0] else ABSENT_INTERCEPT
                continue
            ratio = log_count_ratio(features, column, weights) if ratio_scaled else None
            model = svm.LinearSVC(C=C, class_weight=self.class_weight, random_state=self.random_state)
            model.fit(features if ratio is None else scaled(features, ratio), column, sample_weight=weights)
            coef[j] = model.coef_[0] if ratio is None else model.coef_[0] * ratio
            intercept[j] = model.intercept_[0]
        return coef, intercept

    def _fit_neighbours(self, features, Y: np.ndarray) -> NeighbourVote | None:
        if self.multilabel_ or self.neighbours <= 0 or self.neighbour_weight <= 0:
            return None
        return NeighbourVote.fit(features[:, : self.featurizer_.n_word_features_], Y)

    def _fit_subtypes(self, features, Y: np.ndarray, S: np.ndarray, taxonomy: Taxonomy, weights: np.ndarray | None):
        """One model per subtype, trained on the records that carry its label."""
        coef = np.zeros((S.shape[1], features.shape[1]), dtype=np.float32)
        intercept = np.full(S.shape[1], ABSENT_INTERCEPT, dtype=np.float32)
        label_index = {label: j for j, label in enumerate(self.classes_)}
        for label, j in label_index.items():
            rows = np.flatnonzero(Y[:, j])
            columns = [k for k, sub in enumerate(self.subtype_classes_) if taxonomy.parent_of(sub) == label]
            if len(rows) and columns:
                row_weights = None if weights is None else weights[rows]
                sub_coef, sub_intercept = self._fit_one_vs_rest(features[rows], S[np.ix_(rows, columns)], row_weights)
                coef[columns], intercept[columns] = sub_coef, sub_intercept
        return coef, intercept

    def _calibrate(
        self, prepared: PreparedTexts, Y: np.ndarray, weights: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Platt scaling and thresholds from out-of-fold decisions."""
        calibration = np.tile(np.array([1.0, 0.0], dtype=np.float32), (Y.shape[1], 1))
        thresholds = np.full(Y.shape[1], 0.5, dtype=np.float32)
        if self.threshold_folds < 2 or len(prepared) < 2 * self.threshold_folds:
            return calibration, thresholds
        decisions = np.zeros(Y.shape, dtype=np.float32)
        folds = model_selection.KFold(self.threshold_folds, shuffle=True, random_state=self.random_state)
        for train_index, test_index in folds.split(np.arange(len(prepared))):
            featurizer = self._new_featurizer(self.featurizer_.segmenter)
            train_features = featurizer.fit_transform(prepared.subset(train_index))
            fold_weights = None if weights is None else weights[train_index]
            coef, intercept = self._fit_one_vs_rest(train_features, Y[train_index], fold_weights, self.ratio_scaled_)
            test_features = featurizer.transform(prepared.subset(test_index))
            decisions[test_index] = test_features @ coef.T + intercept
        for j in range(Y.shape[1]):
            if Y[:, j].min() != Y[:, j].max():
                platt = linear_model.LogisticRegression(C=100.0).fit(decisions[:, [j]], Y[:, j], sample_weight=weights)
                calibration[j] = (platt.coef_[0, 0], platt.intercept_[0])
        if self.multilabel_:
            scores = _sigmoid(decisions * calibration[:, 0] + calibration[:, 1])
            thresholds = best_thresholds(Y, scores, weights=weights).astype(np.float32)
        return calibration, thresholds

    # -------------------------------------------------------------- prediction
    def _features(self, X: Sequence[str] | PreparedTexts):
        return self.featurizer_.transform(X)

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        return self._decisions(self._features(X))

    def _decisions(self, features) -> np.ndarray:
        return np.asarray(features @ self.coef_.T + self.intercept_)

    def _scores(self, decisions: np.ndarray) -> np.ndarray:
        return _sigmoid(decisions * self.calibration_[:, 0] + self.calibration_[:, 1])

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """A calibrated score in [0, 1] for every label (columns in ``classes_`` order), blended with the
        neighbours' vote in single-label mode."""
        features = self._features(X)
        return self._with_neighbours(self._scores(self._decisions(features)), features)

    def _with_neighbours(self, proba: np.ndarray, features) -> np.ndarray:
        vote = getattr(self, "neighbours_", None)
        if vote is None:
            return proba
        votes = vote.vote(features[:, : self.featurizer_.n_word_features_], self.neighbours)
        return blend(proba, votes, self.neighbour_weight)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """An indicator matrix: one row per text, one column per label."""
        return self._decide(self.predict_proba(X))

    def _decide(self, proba: np.ndarray) -> np.ndarray:
        if self.multilabel_:
            return (proba >= self.thresholds_).astype(np.int8)
        decided = np.zeros(proba.shape, dtype=np.int8)
        decided[np.arange(len(proba)), proba.argmax(axis=1)] = 1
        return decided

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        """Labels, subtypes, scores and evidence for each text; empty texts come back flagged."""
        taxonomy = self.taxonomy_
        features, cleaned = self.featurizer_.featurize(list(texts))
        weights = self._prediction_weights()
        proba = self._with_neighbours(self._scores(np.asarray(features @ weights.labels + self.intercept_)), features)
        decided = self._decide(proba)
        empty = np.array([not text for text in cleaned], dtype=bool)
        decided[empty] = 0
        subtype_index = self._subtype_index(taxonomy)
        label_ids = [str(label) for label in self.classes_]
        subtypes_of_label = [subtype_index.get(label, []) for label in label_ids]
        sub_proba = self._subtype_scores(features, decided, subtypes_of_label, weights)
        row_of_pair, label_of_pair = np.nonzero(decided)
        evidence = self._evidence(features, row_of_pair, label_of_pair, weights)
        names = [taxonomy.name_of(label) for label in label_ids]
        subtype_names = [(sub, taxonomy.name_of(sub)) for sub in self.subtype_classes_]
        labels_of_row: list[list[LabelResult]] = [[] for _ in range(len(proba))]
        for i, j, terms in zip(row_of_pair.tolist(), label_of_pair.tolist(), evidence):
            subtypes = _subtypes_for(subtype_index.get(label_ids[j], []), sub_proba[i], subtype_names)
            labels_of_row[i].append(LabelResult(label_ids[j], names[j], float(proba[i, j]), subtypes, terms))
        results = []
        for i, scores in enumerate(proba.tolist()):
            if empty[i]:
                results.append(Classification([], dict.fromkeys(label_ids, 0.0), error="empty text"))
            else:
                results.append(Classification(labels_of_row[i], dict(zip(label_ids, scores))))
        return results

    def _prediction_weights(self) -> PredictionWeights:
        """The weights laid out as prediction reads them; kept while the learned arrays are the same
        read-only ones (``fit`` and ``load`` leave them read-only; assigning new arrays is noticed)."""
        cached = self.__dict__.get("_weights")
        if cached is None or not cached.made_from(self):
            cached = PredictionWeights(self)
            if not (self.coef_.flags.writeable or self.subtype_coef_.flags.writeable):
                self.__dict__["_weights"] = cached
        return cached

    def _subtype_scores(
        self, features, decided: np.ndarray, subtypes_of_label: list[list[int]], weights: PredictionWeights
    ) -> list[list[float]]:
        """Subtype scores (rows of lists), worked out only where the subtype's label was decided."""
        scores = np.zeros((decided.shape[0], len(self.subtype_classes_)), dtype=np.float32)
        for j, columns in enumerate(subtypes_of_label):
            rows = np.flatnonzero(decided[:, j])
            if len(rows) and columns:
                decisions = features[rows] @ weights.subtypes(columns) + self.subtype_intercept_[columns]
                scores[np.ix_(rows, columns)] = _sigmoid(np.asarray(decisions))
        return scores.tolist()

    def _subtype_index(self, taxonomy: Taxonomy) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for k, sub in enumerate(self.subtype_classes_):
            index.setdefault(taxonomy.parent_of(sub), []).append(k)
        return index

    def _evidence(
        self, features, row_of_pair: np.ndarray, label_of_pair: np.ndarray, weights: PredictionWeights
    ) -> list[list[str]]:
        """For each (row, label) pair, the terms that add most to the label's score (at most
        ``n_evidence``; no digits, none inside another)."""
        if self.n_evidence <= 0:
            return [[] for _ in range(len(row_of_pair))]
        terms, _ = self.featurizer_.evidence_vocabulary()
        k = 4 * self.n_evidence + 8
        candidates = top_weighted_columns(features, row_of_pair, label_of_pair, weights.evidence, k)
        return distinct_terms(candidates, terms, self.n_evidence)

    # ------------------------------------------------------------ persistence
    def save(self, path) -> None:
        """Write the model folder (JSON, safetensors, dictionary, stop words); no pickle."""
        persist.save_linear(self, path)

    @classmethod
    def load(cls, path) -> LinearClassifier:
        """The model saved in folder ``path``."""
        return persist.load_linear(path, cls)


class PredictionWeights:
    """A fitted model's weights as prediction reads them: label weights by feature (what a sparse
    product reads without copying), each label's subtype weights likewise, and the label weights of
    usable evidence terms (others zero)."""

    def __init__(self, model: LinearClassifier) -> None:
        self.sources = (model.coef_, model.subtype_coef_, model.featurizer_)
        self.labels = np.ascontiguousarray(model.coef_.T)
        _, usable = model.featurizer_.evidence_vocabulary()
        self.evidence = np.where(usable & (model.coef_ > 0), model.coef_, 0).astype(np.float32)
        self._subtype_coef = model.subtype_coef_
        self._subtype_blocks: dict[tuple[int, ...], np.ndarray] = {}

    def made_from(self, model: LinearClassifier) -> bool:
        current = (model.coef_, model.subtype_coef_, model.featurizer_)
        return all(a is b for a, b in zip(self.sources, current))

    def subtypes(self, columns: list[int]) -> np.ndarray:
        key = tuple(columns)
        if key not in self._subtype_blocks:
            self._subtype_blocks[key] = np.ascontiguousarray(self._subtype_coef[list(columns)].T)
        return self._subtype_blocks[key]


def _subtypes_for(index: list[int], sub_proba: list[float], names: list[tuple[str, str]]) -> list[SubtypeResult]:
    """The subtypes (of one label's ``index``) scoring at least 0.5, or the best one; best first."""
    if not index:
        return []
    chosen = [k for k in index if sub_proba[k] >= 0.5] or [max(index, key=sub_proba.__getitem__)]  # at least one
    if len(chosen) > 1:
        chosen.sort(key=lambda k: -sub_proba[k])
    return [SubtypeResult(*names[k], sub_proba[k]) for k in chosen]


def _read_only(*arrays: np.ndarray) -> None:
    """Learned weights are read-only: prediction keeps views of them laid out for reading."""
    for array in arrays:
        array.flags.writeable = False


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)


def _with_dev(X: Sequence[str], y: Any, subtypes: Any, dev: Any) -> tuple[list[str], Any, Any]:
    """Training records followed by the dev records (texts, labels, subtypes)."""
    dev_texts, dev_labels, dev_subtypes = dev
    if hasattr(y, "shape") or hasattr(dev_labels, "shape"):
        labels = np.vstack([np.asarray(y), np.asarray(dev_labels)])
    else:
        labels = [*y, *dev_labels]
    if subtypes is None and dev_subtypes is None:
        both = None
    else:
        both = [*(subtypes or [[] for _ in X]), *(dev_subtypes or [[] for _ in dev_texts])]
    return [*X, *dev_texts], labels, both
