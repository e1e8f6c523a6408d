"""The leaf of the classification stage, imported by every backend and every caller: the names of a
model folder's files, the backends and their registry, and the :class:`Classifier` interface.

A model folder declares its format: ``model.json`` holds ``"format": "textmine-linear"`` for the
linear backend; the other backends write ``textmine.json`` with their own format name. Loading
dispatches on that declaration, never on the folder's other contents. Backends are looked up in a
registry: the three built in, and any a package declares under the ``textmine.backends`` entry-point
group (a :class:`Backend` object).

>>> backend_named("spacy").format
'textmine-spacy'
>>> from textmine.resources import DEFAULT_MODEL_DIR
>>> declared_format(DEFAULT_MODEL_DIR)
'textmine-linear'
>>> sorted(backend_names())
['linear', 'spacy', 'transformer']
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from safetensors import SafetensorError

from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json
from textmine.optional import require
from textmine.taxonomy import Taxonomy, load_taxonomy

#: The linear backend's description of itself (settings, vocabularies, thresholds).
LINEAR_FILE = "model.json"
#: The other backends' declaration of their format.
MARKER_FILE = "textmine.json"
#: What a model is, what it was trained on, how it scored.
CARD_FILE = "card.json"
#: The training settings of the run that made the model.
SETTINGS_FILE = "training.json"
ENTRY_POINT_GROUP = "textmine.backends"


@dataclass(frozen=True)
class Backend:
    """A way to learn a classifier: its name, the class (``"module:Class"``), the modules it needs and
    the extra that installs them."""

    name: str
    classifier: str
    requirements: tuple[str, ...] = ()
    extra: str = ""

    @property
    def format(self) -> str:
        """The format name a model folder of this backend declares."""
        return f"textmine-{self.name}"

    def load_class(self) -> type:
        """The classifier class; MissingDependencyError naming the extra when a requirement is missing."""
        for module in self.requirements:
            require(module, self.extra or self.name)
        module_name, _, attribute = self.classifier.partition(":")
        return getattr(importlib.import_module(module_name), attribute)


LINEAR = Backend("linear", "textmine.classify.linear.model:LinearClassifier")
SPACY = Backend("spacy", "textmine.classify.spacy.model:SpacyClassifier", ("spacy",), "spacy")
TRANSFORMER = Backend(
    "transformer",
    "textmine.classify.transformer.model:TransformerClassifier",
    ("torch", "transformers", "datasets"),
    "transformers",
)
BUILT_IN = (LINEAR, SPACY, TRANSFORMER)


def registered_backends() -> dict[str, Backend]:
    """The built-in backends and those other packages declare under ``textmine.backends``."""
    backends = {b.name: b for b in BUILT_IN}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        backend = point.load()
        if isinstance(backend, Backend) and backend.name not in backends:
            backends[backend.name] = backend
    return backends


def backend_names() -> list[str]:
    """The names of every registered backend, built-in ones first."""
    return list(registered_backends())


def backend_named(name: str | Backend) -> Backend:
    """The backend called ``name``; a plain error listing the known ones otherwise."""
    if isinstance(name, Backend):
        return name
    backends = registered_backends()
    if name not in backends:
        raise TextmineError(f"unknown backend {name!r}; the backends are: {', '.join(backends)}")
    return backends[name]


def backend_of_format(format_name: str) -> Backend:
    """The backend whose model folders declare ``format_name``."""
    for backend in registered_backends().values():
        if backend.format == format_name:
            return backend
    known = ", ".join(b.format for b in registered_backends().values())
    raise TextmineError(f"unknown model format {format_name!r}; this version of textmine reads {known}")


@runtime_checkable
class Classifier(Protocol):
    """What every backend's model offers; batch classification, evaluation, retraining and the service use
    only this. ``taxonomy_`` is the taxonomy it classifies into, ``classes_`` its label ids in order,
    ``thresholds_`` the score from which each label is given, ``segmenter_`` the word segmenter it reads with."""

    classes_: Any
    multilabel_: bool
    thresholds_: Any
    segmenter_: Any

    @property
    def taxonomy_(self) -> Taxonomy: ...

    def fit(self, X: Sequence[str], y: Any, subtypes: Any = None, dev: Any = None) -> Any: ...

    def classify(self, texts: Sequence[str]) -> list: ...

    def predict(self, X: Sequence[str]) -> Any: ...

    def predict_proba(self, X: Sequence[str]) -> Any: ...

    def save(self, path: str | Path) -> None: ...


class ClassifierBase:
    """What every backend's classifier shares: its public ``taxonomy_`` (the taxonomy it was given, else the
    built-in one) and :meth:`check_settings`, which training calls before reading any data."""

    taxonomy: Taxonomy | None = None

    @property
    def taxonomy_(self) -> Taxonomy:
        return self.taxonomy if self.taxonomy is not None else load_taxonomy()

    def check_settings(self) -> None:
        """Raise TextmineError for settings that cannot work (a missing local encoder, say); none here."""


def declared_format(folder: str | Path) -> str:
    """The format a model folder declares in ``model.json`` or ``textmine.json``."""
    folder = Path(folder)
    for name in (LINEAR_FILE, MARKER_FILE):
        path = folder / name
        if path.is_file():
            description = read_json(path)
            if not isinstance(description, dict) or "format" not in description:
                raise TextmineError(f"{str(path)!r} is not a textmine model description")
            return str(description["format"])
    raise TextmineError(f"no textmine model in {str(folder)!r} (it has no {LINEAR_FILE} or {MARKER_FILE})")


def is_model_folder(folder: str | Path) -> bool:
    """Whether ``folder`` holds a textmine model of any backend."""
    return any((Path(folder) / name).is_file() for name in (LINEAR_FILE, MARKER_FILE))


def load_model_folder(folder: str | Path) -> Classifier:
    """The classifier saved in ``folder``, whatever its backend; a plain error when its files are damaged
    (cut short, overwritten, not the encoding or the format they should be)."""
    cls = backend_of_format(declared_format(folder)).load_class()
    try:
        return cls.load(folder)
    except TextmineError:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, SafetensorError) as err:
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise TextmineError(
            f"the model in {str(folder)!r} could not be loaded ({type(err).__name__}: {reason}); its files look "
            "damaged: copy the model folder again, or train it again"
        ) from err


def new_classifier(backend: str | Backend, **options: Any) -> Classifier:
    """An unfitted classifier of ``backend`` with the given settings.

    >>> new_classifier("linear", C=4.0).C
    4.0
    """
    return backend_named(backend).load_class()(**options)
