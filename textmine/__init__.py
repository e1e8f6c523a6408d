"""textmine: classify and cluster the Chinese text an inspection office collects.

>>> from textmine import load_classifier
>>> clf = load_classifier()
>>> clf.classify(["村会计把修路款挪去放贷"])[0].label_ids
['corruption']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textmine.lazy import lazy_exports

if TYPE_CHECKING:
    from textmine.classify import Classification, LabelResult, LinearClassifier, SubtypeResult, load_classifier
    from textmine.engines.batch import classify_dataframe, classify_file
    from textmine.errors import TextmineError
    from textmine.taxonomy import Taxonomy, load_taxonomy
    from textmine.text import Segmenter, normalize

# Public names and the module each comes from, imported on first use so that ``import textmine``
# (and every command-line call) pays only for the stages it touches.
_EXPORTS = {
    "classify_dataframe": "textmine.engines.batch",
    "classify_file": "textmine.engines.batch",
    "Classification": "textmine.classify",
    "LabelResult": "textmine.classify",
    "LinearClassifier": "textmine.classify",
    "SubtypeResult": "textmine.classify",
    "load_classifier": "textmine.classify",
    "TextmineError": "textmine.errors",
    "Taxonomy": "textmine.taxonomy",
    "load_taxonomy": "textmine.taxonomy",
    "Segmenter": "textmine.text",
    "normalize": "textmine.text",
}


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__version__ = "0.1.0"

__all__ = [
    "Classification",
    "LabelResult",
    "LinearClassifier",
    "Segmenter",
    "SubtypeResult",
    "Taxonomy",
    "TextmineError",
    "__version__",
    "classify_dataframe",
    "classify_file",
    "load_classifier",
    "load_taxonomy",
    "normalize",
]
