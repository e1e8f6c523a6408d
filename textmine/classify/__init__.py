"""Classification stage: one module per backend behind one small interface.

>>> clf = load_classifier()          # the default model shipped with textmine
>>> clf.classify(["村支书把低保名额给了自己的亲戚"])[0].label_ids
['corruption']
"""

from __future__ import annotations

from pathlib import Path

from textmine.classify.linear import LinearClassifier
from textmine.classify.results import Classification, LabelResult, SubtypeResult
from textmine.errors import TextmineError
from textmine.resources import DEFAULT_MODEL_DIR


def load_classifier(path: str | Path | None = None) -> LinearClassifier:
    """Load a saved model folder; the default model when ``path`` is None."""
    folder = Path(path) if path is not None else DEFAULT_MODEL_DIR
    if not (folder / "model.json").is_file():
        raise TextmineError(f"no textmine model in {str(folder)!r} (it has no model.json)")
    return LinearClassifier.load(folder)


__all__ = ["Classification", "LabelResult", "LinearClassifier", "SubtypeResult", "load_classifier"]
