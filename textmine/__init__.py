"""textmine: classify and cluster the Chinese text an inspection office collects.

>>> from textmine import load_classifier
>>> clf = load_classifier()
>>> clf.classify(["村会计把修路款挪去放贷"])[0].label_ids
['corruption']
"""

from textmine.batch import classify_dataframe, classify_file
from textmine.classify import Classification, LabelResult, LinearClassifier, SubtypeResult, load_classifier
from textmine.errors import TextmineError
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text import Segmenter, normalize

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
