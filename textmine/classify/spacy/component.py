"""The ``textmine_classifier`` spaCy component: any textmine model's results on a user's own ``Doc``.

Registered through the ``spacy_factories`` entry point, so once textmine is installed::

    nlp = spacy.blank("zh")
    nlp.add_pipe("textmine_classifier", config={"model": "models/mine"})   # or null: the shipped model
    doc = nlp("村会计把修路款挪去放贷")
    doc.cats                       # a score per label
    doc._.textmine_labels          # the predicted label ids (the model's per-label thresholds)
    doc._.textmine_subtypes        # the predicted subtype ids
    doc._.textmine_evidence        # {label id: [words that drove it]}

The model is loaded with :func:`textmine.load_classifier`, so it may be of any backend. When the
pipeline is saved, the model folder is copied into the component's folder, so the saved pipeline
loads on another machine without the original path.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> _ = nlp.add_pipe("textmine_classifier")
>>> nlp("村会计把三万元修路款挪去放贷，至今没有归还")._.textmine_labels
['corruption']
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from textmine.classify.base import load_model_folder
from textmine.resources import DEFAULT_MODEL_DIR

EXTENSIONS = ("textmine_labels", "textmine_subtypes", "textmine_evidence", "textmine_error")
MODEL_DIR = "model"


def register_extensions() -> None:
    """Add textmine's ``Doc`` extensions (once)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class TextmineComponent:
    """Classifies each ``Doc``'s text with a textmine model; scores go to ``doc.cats``."""

    def __init__(self, nlp: Language, name: str, model: str | None, batch_size: int = 256) -> None:
        register_extensions()
        self.name = name
        self.batch_size = batch_size
        self.model_path = Path(model) if model else DEFAULT_MODEL_DIR
        self._model = None

    @property
    def classifier(self):
        """The textmine model, loaded on first use (after ``from_disk`` when the pipeline is loaded).

        Not named ``model``: spaCy takes a component's ``model`` for a Thinc model and looks at it while
        it links a pipeline being loaded, before ``from_disk`` has pointed this one at its copy."""
        if self._model is None:
            self._model = load_model_folder(self.model_path)
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        results = self.classifier.classify([doc.text for doc in docs])
        for doc, result in zip(docs, results):
            doc.cats.update(result.scores)
            doc._.textmine_labels = result.label_ids
            doc._.textmine_subtypes = result.subtype_ids
            doc._.textmine_evidence = result.evidence
            doc._.textmine_error = result.error
        return docs

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        """Copy the model folder into the component's folder."""
        target = Path(path) / MODEL_DIR
        if target.resolve() != self.model_path.resolve():
            shutil.copytree(self.model_path, target, dirs_exist_ok=True)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> TextmineComponent:
        """Load the model copied into the component's folder."""
        self.model_path = Path(path) / MODEL_DIR
        self._model = None
        return self


@Language.factory("textmine_classifier", default_config={"model": None, "batch_size": 256})
def make_textmine_classifier(nlp: Language, name: str, model: str | None, batch_size: int) -> TextmineComponent:
    """The factory behind ``nlp.add_pipe("textmine_classifier", config={"model": PATH})``."""
    return TextmineComponent(nlp, name, model, batch_size)
