"""Classification stage: one module per backend behind one small interface.

>>> clf = load_classifier()          # the default model shipped with textmine
>>> clf.classify(["村支书把低保名额给了自己的亲戚"])[0].label_ids
['corruption']
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textmine.classify.backends import Backend, Classifier
    from textmine.classify.linear import LinearClassifier
    from textmine.classify.results import Classification, LabelResult, SubtypeResult

# imported on first use: the backends module and the results are light, the linear model pulls in scikit-learn
_EXPORTS = {
    "Backend": "textmine.classify.backends",
    "Classifier": "textmine.classify.backends",
    "LinearClassifier": "textmine.classify.linear",
    "Classification": "textmine.classify.results",
    "LabelResult": "textmine.classify.results",
    "SubtypeResult": "textmine.classify.results",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'textmine.classify' has no attribute {name!r}")


def load_classifier(path: str | Path | None = None) -> Classifier:
    """Load a saved model folder of any backend (its declared format picks the loader); the default model
    when ``path`` is None. Every backend's model has ``classify``, ``predict``, ``predict_proba`` and ``classes_``."""
    from textmine.classify.backends import load_model_folder
    from textmine.resources import DEFAULT_MODEL_DIR

    return load_model_folder(Path(path) if path is not None else DEFAULT_MODEL_DIR)


__all__ = [
    "Backend",
    "Classification",
    "Classifier",
    "LabelResult",
    "LinearClassifier",
    "SubtypeResult",
    "load_classifier",
]
