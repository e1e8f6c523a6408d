"""The taxonomy stage: the one place that knows the labels (ids, Chinese names, subtypes, cue words and
merged groups), read from ``configs/taxonomy.yaml`` or a user's own file of the same shape.

>>> taxonomy = load_taxonomy()
>>> taxonomy.name_of("corruption")
'腐败问题'
"""

from textmine.taxonomy.model import (
    LABEL_SEPARATORS,
    Category,
    Group,
    Taxonomy,
    infer_taxonomy,
    load_taxonomy,
    split_label_text,
)

__all__ = [
    "LABEL_SEPARATORS",
    "Category",
    "Group",
    "Taxonomy",
    "infer_taxonomy",
    "load_taxonomy",
    "split_label_text",
]
