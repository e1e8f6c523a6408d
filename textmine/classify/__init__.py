"""Classification stage: one module per backend behind one small interface.

>>> clf = load_classifier()          # the default model shipped with textmine
>>> clf.classify(["村支书把低保名额给了自己的亲戚"])[0].label_ids
['corruption']
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textmine.lazy import lazy_exports

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


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())


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
