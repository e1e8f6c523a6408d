"""The classifier backends, as a closed set of choices, and loading a model folder of any of them.

A model folder declares its format: ``model.json`` holds ``"format": "textmine-linear"`` for the linear
backend; the other backends write ``textmine.json`` with their own format name. Loading dispatches on
that declaration, never on the folder's other contents.

>>> Backend("spacy").format
'textmine-spacy'
>>> declared_format("textmine/resources/default_model")
'textmine-linear'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from textmine.classify.optional import require
from textmine.errors import TextmineError

LINEAR_FILE = "model.json"
MARKER_FILE = "textmine.json"


class Backend(StrEnum):
    """The ways textmine can learn a classifier."""

    LINEAR = "linear"
    SPACY = "spacy"
    TRANSFORMER = "transformer"

    @property
    def format(self) -> str:
        """The format name a model folder of this backend declares."""
        return f"textmine-{self.value}"

    @classmethod
    def from_format(cls, name: str) -> Backend:
        for backend in cls:
            if backend.format == name:
                return backend
        known = ", ".join(b.format for b in cls)
        raise TextmineError(f"unknown model format {name!r}; this version of textmine reads {known}")


class Classifier(Protocol):
    """What every backend's model offers: batch classification, evaluation and the Python API use only this."""

    classes_: Any

    def classify(self, texts: Sequence[str]) -> list: ...

    def predict(self, X: Sequence[str]) -> Any: ...

    def predict_proba(self, X: Sequence[str]) -> Any: ...

    def save(self, path: str | Path) -> None: ...


REQUIREMENTS: dict[Backend, tuple[str, ...]] = {
    Backend.LINEAR: (),
    Backend.SPACY: ("spacy",),
    Backend.TRANSFORMER: ("torch", "transformers", "datasets"),
}


def declared_format(folder: str | Path) -> str:
    """The format a model folder declares in ``model.json`` or ``textmine.json``."""
    folder = Path(folder)
    for name in (LINEAR_FILE, MARKER_FILE):
        path = folder / name
        if path.is_file():
            try:
                return str(json.loads(path.read_text(encoding="utf-8")).get("format"))
            except (json.JSONDecodeError, AttributeError):
                raise TextmineError(f"{str(path)!r} is not a textmine model description") from None
    raise TextmineError(f"no textmine model in {str(folder)!r} (it has no {LINEAR_FILE} or {MARKER_FILE})")


def classifier_class(backend: Backend | str) -> type:
    """The classifier class of ``backend``; MissingDependencyError when its extra is not installed."""
    backend = Backend(backend)
    for module in REQUIREMENTS[backend]:
        require(module, backend.value)
    if backend is Backend.LINEAR:
        from textmine.classify.linear import LinearClassifier

        return LinearClassifier
    if backend is Backend.SPACY:
        from textmine.classify.spacy_textcat import SpacyClassifier

        return SpacyClassifier
    from textmine.classify.transformer import TransformerClassifier

    return TransformerClassifier


def load_model_folder(folder: str | Path) -> Classifier:
    """The classifier saved in ``folder``, whatever its backend."""
    return classifier_class(Backend.from_format(declared_format(folder))).load(folder)


def new_classifier(backend: Backend | str, **options: Any) -> Classifier:
    """An unfitted classifier of ``backend`` with the given settings.

    >>> new_classifier("linear", C=4.0).C
    4.0
    """
    return classifier_class(backend)(**options)
