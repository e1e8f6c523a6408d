"""Classification stage: one subpackage per backend behind one small interface (:mod:`.base`).

>>> clf = load_classifier()          # the default model shipped with textmine
>>> clf.classify(["村支书把低保名额给了自己的亲戚"])[0].label_ids
['corruption']
"""

from __future__ import annotations

from pathlib import Path

from textmine.classify.base import (
    Backend,
    Classifier,
    backend_named,
    backend_names,
    is_model_folder,
    load_model_folder,
    new_classifier,
)
from textmine.classify.linear import LinearClassifier
from textmine.classify.results import Classification, LabelResult, SubtypeResult
from textmine.resources import DEFAULT_MODEL_DIR


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Load a saved model folder of any backend (its declared format picks the loader); the default model
    when ``path`` is None. Every backend's model has ``classify``, ``predict``, ``predict_proba``,
    ``classes_`` and ``taxonomy_``."""
    return load_model_folder(Path(path) if path is not None else DEFAULT_MODEL_DIR)


__all__ = [
    "Backend",
    "Classification",
    "Classifier",
    "LabelResult",
    "LinearClassifier",
    "SubtypeResult",
    "backend_named",
    "backend_names",
    "is_model_folder",
    "load_classifier",
    "new_classifier",
]
