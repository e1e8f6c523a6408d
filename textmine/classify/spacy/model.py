"""spaCy backend: a ``textcat_multilabel`` component in a pipeline built on ``spacy.blank("zh")``.

The pipeline segments with textmine's jieba segmenter and domain dictionary (saved inside the
pipeline, see :mod:`textmine.classify.spacy.pipeline`). One multi-label head scores every label and
every subtype; training stops early on dev macro-F1 and per-label thresholds are tuned on the dev
records. A model folder holds ``textmine.json`` (format ``textmine-spacy``), ``card.json`` and the
spaCy pipeline in ``pipeline/`` (spaCy's own ``to_disk`` format: no pickle).

>>> clf = SpacyClassifier(architecture="bow", max_epochs=2, n_evidence=0)
>>> clf = clf.fit(["村支书把低保给亲戚", "镇里天天开会发文件", "邻居吵架"] * 4,
...               [["corruption"], ["formalism"], []] * 4)
>>> clf.predict(["村支书把低保给了亲戚"]).shape
(1, 6)
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from sklearn.base import BaseEstimator, ClassifierMixin
from spacy.language import Language
from spacy.pipeline.textcat_multilabel import DEFAULT_MULTI_TEXTCAT_MODEL
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from textmine.classify.base import SPACY
from textmine.classify.joint import CategorySpace, JointClassifier
from textmine.classify.spacy.pipeline import blank_pipeline
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter

COMPONENT = "textcat_multilabel"
PIPELINE_DIR = "pipeline"


class SpacyArchitecture(StrEnum):
    """The text classification model inside the component."""

    ENSEMBLE = "ensemble"  # spaCy's default: bag of words plus a CNN over hashed word embeddings
    BOW = "bow"  # bag of words and word n-grams only: the fastest


class SpacyClassifier(JointClassifier, ClassifierMixin, BaseEstimator):
    """Multi-label classifier trained as a spaCy ``textcat_multilabel`` component.

    Parameters
    ----------
    taxonomy: the categories; the built-in taxonomy when None.
    segmenter: the word segmenter; the shipped dictionary plus the taxonomy's cue words when None.
    architecture: "ensemble" or "bow" (see :class:`SpacyArchitecture`).
    ngram_size: the longest word n-gram of the bag-of-words part.
    max_epochs, patience: training stops after ``patience`` epochs without a better dev macro-F1.
    batch_size, dropout: as in spaCy's training loop.
    dev_fraction: share of the training records held out for early stopping and thresholds when no
        dev records are given to :meth:`fit`.
    n_evidence: evidence words per predicted label (found by occlusion; 0 turns it off).
    random_state: the seed of spaCy, thinc and the shuffles.

    Learned attributes: ``classes_``, ``subtype_classes_``, ``thresholds_``, ``nlp_``, ``segmenter_``,
    ``history_`` (loss and dev macro-F1 per epoch), ``training_``.
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        segmenter: Segmenter | None = None,
        architecture: str = "ensemble",
        ngram_size: int = 2,
        max_epochs: int = 20,
        patience: int = 3,
        batch_size: int = 16,
        dropout: float = 0.2,
        dev_fraction: float = 0.15,
        n_evidence: int = 5,
        random_state: int = 0,
    ) -> None:
        self.taxonomy = taxonomy
        self.segmenter = segmenter
        self.architecture = architecture
        self.ngram_size = ngram_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.batch_size = batch_size
        self.dropout = dropout
        self.dev_fraction = dev_fraction
        self.n_evidence = n_evidence
        self.random_state = random_state

    # ----------------------------------------------------------------- fitting
    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Sequence[str]],
        subtypes: Sequence[Sequence[str]] | None = None,
        dev: tuple | None = None,
    ) -> SpacyClassifier:
        """Train on texts ``X`` with label-id lists ``y`` (and subtype-id lists); stop early on ``dev`` (texts, labels, subtypes)."""
        data = self._fit_data(X, y, subtypes, dev)
        fix_random_seed(self.random_state)
        self.nlp_ = self._new_pipeline(data.space)
        examples = self._examples(data.texts, data.targets, data.space)
        optimizer = self.nlp_.initialize(lambda: examples)
        self.history_, best = self._train(examples, optimizer, data.dev_texts, data.dev_label_targets)
        self.nlp_.get_pipe(COMPONENT).from_bytes(best)
        self._tune_thresholds(data)
        return self

    def _new_pipeline(self, space: CategorySpace) -> Language:
        nlp = blank_pipeline(self.segmenter_)
        textcat = nlp.add_pipe(COMPONENT, config={"model": self._model_config()})
        for name in space.names:
            textcat.add_label(name)
        return nlp

    def _model_config(self) -> dict[str, Any]:
        architecture = SpacyArchitecture(self.architecture)
        bow = {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": False,
            "length": 262144,
            "ngram_size": self.ngram_size,
            "no_output_layer": False,
        }
        if architecture is SpacyArchitecture.BOW:
            return bow
        config = copy.deepcopy(dict(DEFAULT_MULTI_TEXTCAT_MODEL))
        config["linear_model"] = bow
        return config

    def _examples(self, texts: list[str], targets: np.ndarray, space: CategorySpace) -> list[Example]:
        names = space.names
        return [
            Example.from_dict(self.nlp_.make_doc(text), {"cats": {n: float(v) for n, v in zip(names, row)}})
            for text, row in zip(texts, targets)
            if text
        ]

    def _train(self, examples: list[Example], optimizer, dev_texts: list[str], dev_truth: np.ndarray):
        """Epochs until dev macro-F1 stops improving; the history and the best component's bytes."""
        textcat = self.nlp_.get_pipe(COMPONENT)
        shuffler = random.Random(self.random_state)

        def run_epoch() -> float:
            shuffler.shuffle(examples)
            losses: dict[str, float] = {}
            for batch in minibatch(examples, size=self.batch_size):
                self.nlp_.update(batch, drop=self.dropout, sgd=optimizer, losses=losses)
            return losses.get(COMPONENT, 0.0)

        history, best = self._train_epochs(run_epoch, textcat.to_bytes, dev_texts, dev_truth)
        return history, best if best is not None else textcat.to_bytes()

    # -------------------------------------------------------------- prediction
    def _score_all(self, texts: list[str]) -> np.ndarray:
        names = [*self.classes_, *self.subtype_classes_]
        rows = [[doc.cats[name] for name in names] for doc in self.nlp_.pipe(texts, batch_size=256)]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), len(names))

    # ------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Write the model folder: textmine.json, card.json and the spaCy pipeline."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        self.nlp_.to_disk(folder / PIPELINE_DIR)
        self._write_description(folder, SPACY.format, {"pipeline": PIPELINE_DIR, "history": self.history_})

    @classmethod
    def load(cls, path: str | Path) -> SpacyClassifier:
        """A model from the folder :meth:`save` wrote."""
        folder = Path(path)
        description, taxonomy = cls._read_description(folder, SPACY.format)
        nlp = spacy.load(folder / PIPELINE_DIR)
        model = cls(taxonomy=taxonomy, segmenter=nlp.tokenizer.segmenter, **description["settings"])
        model.nlp_, model.segmenter_ = nlp, nlp.tokenizer.segmenter
        model._restore_description(description, folder)
        return model
