"""The shared decision step of backends that score labels and subtypes in one multi-label head.

spaCy's ``textcat_multilabel`` and a transformer's sigmoid head give one score per category: the
taxonomy's labels first, then its subtypes. A backend implements ``_score_all(texts)`` for texts
already normalised; :class:`JointScoringMixin` turns it into ``predict_proba``, ``predict`` and
``classify`` with the same output as :class:`~textmine.classify.linear.LinearClassifier`: labels over
per-label thresholds tuned on dev records, the subtypes of each predicted label, evidence words by
occlusion.

>>> from textmine.taxonomy import load_taxonomy
>>> space = CategorySpace.of(load_taxonomy())
>>> space.targets([["corruption"]], [["corruption.embezzlement"]]).shape
(1, 45)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from textmine.classify.base import CARD_FILE, MARKER_FILE, ClassifierBase
from textmine.classify.evidence import occlusion_evidence
from textmine.classify.metrics import score_indicators
from textmine.classify.results import Classification, LabelResult, SubtypeResult
from textmine.classify.targets import indicator_from_lists, training_summary
from textmine.classify.thresholds import best_thresholds
from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json, write_json
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter, normalize

FORMAT_VERSION = 1


@dataclass(frozen=True)
class CategorySpace:
    """The columns of a joint head: label ids, then subtype ids."""

    labels: tuple[str, ...]
    subtypes: tuple[str, ...]

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> CategorySpace:
        return cls(taxonomy.label_ids, taxonomy.subtype_ids)

    @property
    def names(self) -> list[str]:
        return [*self.labels, *self.subtypes]

    def targets(self, labels: Sequence[Sequence[str]], subtypes: Sequence[Sequence[str]] | None) -> np.ndarray:
        """A float32 0/1 matrix, one row per record, one column per label and subtype."""
        Y = indicator_from_lists(labels, list(self.labels))
        S = np.zeros((len(Y), len(self.subtypes)), dtype=np.int8)
        if subtypes is not None:
            S = indicator_from_lists(subtypes, list(self.subtypes))
        return np.hstack([Y, S]).astype(np.float32)


@dataclass
class FitData:
    """Normalised training and dev texts with their joint targets (labels, then subtypes)."""

    space: CategorySpace
    texts: list[str]
    targets: np.ndarray
    dev_texts: list[str]
    dev_targets: np.ndarray

    @property
    def dev_label_targets(self) -> np.ndarray:
        return self.dev_targets[:, : len(self.space.labels)]


def split_off_dev(n: int, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of training and dev records when no dev set is given (a seeded shuffle)."""
    order = np.random.default_rng(seed).permutation(n)
    n_dev = max(1, round(n * fraction)) if n > 1 else 0
    return np.sort(order[n_dev:]), np.sort(order[:n_dev])


def tuned_macro_f1(truth: np.ndarray, proba: np.ndarray) -> tuple[float, np.ndarray]:
    """Macro-F1 over labels at per-label thresholds tuned on these scores, and the thresholds."""
    thresholds = best_thresholds(truth.astype(np.int8), proba)
    predicted = (proba >= thresholds).astype(np.int8)
    names = [str(j) for j in range(truth.shape[1])]
    return score_indicators(truth.astype(np.int8), predicted, names)["macro_f1"], thresholds.astype(np.float32)


class JointClassifier(ClassifierBase):
    """predict_proba / predict / classify over a joint label-and-subtype head.

    The class using it sets ``classes_``, ``subtype_classes_``, ``thresholds_`` and ``segmenter_`` in
    ``fit``, has ``taxonomy`` and ``n_evidence`` settings, and implements ``_score_all``.
    """

    multilabel_ = True

    def _score_all(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _scores(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """Normalised texts and their scores; an empty text scores 0 everywhere."""
        cleaned = [normalize(t) for t in texts]
        scores = np.zeros((len(cleaned), len(self.classes_) + len(self.subtype_classes_)), dtype=np.float32)
        present = [i for i, text in enumerate(cleaned) if text]
        if present:
            scores[present] = self._score_all([cleaned[i] for i in present])
        return cleaned, scores

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """A score in [0, 1] for every label (columns in ``classes_`` order)."""
        return self._scores(list(X))[1][:, : len(self.classes_)]

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """An indicator matrix: one row per text, one column per label."""
        return (self.predict_proba(X) >= self.thresholds_).astype(np.int8)

    def classify(self, texts: Sequence[str]) -> list[Classification]:
        """Labels, subtypes, scores and evidence for each text; empty texts come back flagged."""
        taxonomy = self.taxonomy_
        n_labels = len(self.classes_)
        cleaned, scores = self._scores(list(texts))
        decided = scores[:, :n_labels] >= self.thresholds_
        decided[[not text for text in cleaned]] = False
        evidence = occlusion_evidence(self._score_all, cleaned, scores, decided, self.segmenter_, self.n_evidence)
        results = []
        for i, text in enumerate(cleaned):
            label_scores = {str(c): float(p) for c, p in zip(self.classes_, scores[i, :n_labels])}
            if not text:
                results.append(Classification([], label_scores, error="empty text"))
                continue
            labels = [
                LabelResult(
                    id=str(label),
                    name=taxonomy.name_of(label),
                    score=label_scores[label],
                    subtypes=self._subtypes_for(label, scores[i, n_labels:], taxonomy),
                    evidence=evidence[i][j],
                )
                for j, label in enumerate(self.classes_)
                if decided[i, j]
            ]
            results.append(Classification(labels, label_scores))
        return results

    def _subtypes_for(self, label: str, sub_scores: np.ndarray, taxonomy: Taxonomy) -> list[SubtypeResult]:
        """The label's subtypes scoring 0.5 or more, else its best one; best first."""
        index = [k for k, sub in enumerate(self.subtype_classes_) if taxonomy.parent_of(sub) == label]
        if not index:
            return []
        chosen = [k for k in index if sub_scores[k] >= 0.5] or [max(index, key=lambda k: sub_scores[k])]
        chosen.sort(key=lambda k: -sub_scores[k])
        names = self.subtype_classes_
        return [SubtypeResult(str(names[k]), taxonomy.name_of(names[k]), float(sub_scores[k])) for k in chosen]

    # --------------------------------------------------------------- fitting help
    def _start_fit(self, X: Sequence[str], y: Sequence[Sequence[str]], subtypes) -> tuple[CategorySpace, np.ndarray]:
        """Set the class attributes and the training summary; return the category space and targets."""
        taxonomy = self.taxonomy_
        space = CategorySpace.of(taxonomy)
        self.classes_ = np.array(space.labels, dtype=object)
        self.subtype_classes_ = np.array(space.subtypes, dtype=object)
        self.multilabel_ = True
        targets = space.targets(y, subtypes)
        self.training_ = training_summary(list(X), targets[:, : len(space.labels)].astype(np.int8), self.classes_)
        self.segmenter_ = self.segmenter if self.segmenter is not None else Segmenter.default(taxonomy.cue_words())
        return space, targets

    def _fit_data(self, X, y, subtypes, dev) -> FitData:
        """Start fitting (see ``_start_fit``) and return normalised training and dev texts with their
        targets; ``dev`` is (texts, labels, subtypes); without it, ``dev_fraction`` of the training records
        (seeded) become the dev records."""
        space, targets = self._start_fit(X, y, subtypes)
        texts = [normalize(t) for t in X]
        if dev is None:
            train_index, dev_index = split_off_dev(len(texts), self.dev_fraction, self.random_state)
            dev_texts, dev_targets = [texts[i] for i in dev_index], targets[dev_index]
            texts, targets = [texts[i] for i in train_index], targets[train_index]
        else:
            X_dev, y_dev, subtypes_dev = dev
            dev_texts, dev_targets = [normalize(t) for t in X_dev], space.targets(y_dev, subtypes_dev)
        return FitData(space, texts, targets, dev_texts, dev_targets)

    def _train_epochs(self, run_epoch, snapshot, dev_texts: list[str], dev_truth: np.ndarray):
        """Run epochs (``run_epoch()`` trains one and returns its loss) until dev macro-F1 has not improved
        for ``patience`` epochs, at most ``max_epochs``; the history and ``snapshot()`` of the best epoch
        (None when no epoch ran)."""
        history, best, best_f1, waited = [], None, -1.0, 0
        for epoch in range(1, self.max_epochs + 1):
            loss = run_epoch()
            f1, _ = tuned_macro_f1(dev_truth, self._score_all(dev_texts)[:, : dev_truth.shape[1]])
            history.append({"epoch": epoch, "loss": round(loss, 4), "dev_macro_f1": f1})
            if f1 > best_f1:
                best, best_f1, waited = snapshot(), f1, 0
            else:
                waited += 1
                if waited >= self.patience:
                    break
        return history, best

    def _tune_thresholds(self, data: FitData) -> None:
        """Per-label thresholds that maximise macro-F1 on the dev records."""
        n_labels = len(data.space.labels)
        dev_scores = self._score_all(data.dev_texts)[:, :n_labels]
        _, self.thresholds_ = tuned_macro_f1(data.dev_targets[:, :n_labels], dev_scores)

    # ---------------------------------------------------------------- persistence
    def _settings(self) -> dict[str, Any]:
        """The plain settings (everything but the taxonomy and segmenter objects)."""
        params = self.get_params()
        return {
            k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if k not in ("taxonomy", "segmenter")
        }

    def _write_description(self, folder: Path, format_name: str, extra_card: dict[str, Any]) -> None:
        """``textmine.json`` (format, taxonomy, classes, thresholds, settings) and ``card.json``."""
        description = {
            "format": format_name,
            "format_version": FORMAT_VERSION,
            "settings": self._settings(),
            "taxonomy": self.taxonomy_.to_dict(),
            "classes": [str(c) for c in self.classes_],
            "subtype_classes": [str(c) for c in self.subtype_classes_],
            "thresholds": [round(float(t), 4) for t in self.thresholds_],
            "training": self.training_,
            "history": self.history_,
        }
        write_json(folder / MARKER_FILE, description)
        card = {
            "backend": format_name.removeprefix("textmine-"),
            "taxonomy": self.taxonomy_.name,
            "labels": description["classes"],
            "multilabel": True,
            "thresholds": dict(zip(description["classes"], description["thresholds"])),
            "training": self.training_,
            "settings": description["settings"],
            **extra_card,
        }
        card |= {k: v for k, v in (getattr(self, "card_", None) or {}).items() if k not in card}
        write_json(folder / CARD_FILE, card)

    @classmethod
    def _read_description(cls, folder: Path, format_name: str) -> tuple[dict[str, Any], Taxonomy]:
        description = read_json(folder / MARKER_FILE)
        if description.get("format") != format_name:
            found = description.get("format")
            raise TextmineError(f"{str(folder)!r} holds a {found!r} model, not {format_name!r}")
        return description, Taxonomy.from_dict(description["taxonomy"])

    def _restore_description(self, description: dict[str, Any], folder: Path) -> None:
        self.classes_ = np.array(description["classes"], dtype=object)
        self.subtype_classes_ = np.array(description["subtype_classes"], dtype=object)
        self.thresholds_ = np.array(description["thresholds"], dtype=np.float32)
        self.training_ = description["training"]
        self.history_ = description["history"]
        self.card_ = read_json(folder / CARD_FILE)
