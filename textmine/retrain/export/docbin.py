"""Records as a spaCy ``DocBin`` (this module imports spaCy, the extra ``textmine[spacy]``): tokenised by textmine's jieba segmenter, labels on ``doc.cats``.

Each ``Doc`` carries ``doc.cats`` (a model's scores, or 1.0/0.0 for a record's own labels) and the
``textmine_labels``, ``textmine_subtypes``, ``textmine_evidence``, ``textmine_error`` and
``textmine_id`` extensions (saved as user data; lists come back as tuples). Read back with::

    docs = list(DocBin().from_disk("train.spacy").get_docs(spacy.blank("zh").vocab))

>>> from textmine.retrain.records import LabelledRecords
>>> from textmine.text import Segmenter
>>> records = LabelledRecords(["村会计挪用修路款"], [["corruption"]], [[]], ["a.csv 1"], ["7"])
>>> docs = records_docbin(records, ["corruption"], Segmenter())
>>> len(docs)
1
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin

from textmine.classify.results import Classification
from textmine.classify.spacy.component import register_extensions
from textmine.classify.spacy.pipeline import blank_pipeline
from textmine.retrain.records import LabelledRecords
from textmine.text import Segmenter


def records_docbin(
    records: LabelledRecords,
    label_ids: Sequence[str],
    segmenter: Segmenter,
    results: Sequence[Classification] | None = None,
):
    """A ``DocBin`` of the records with their own labels, or with the model's ``results``."""
    register_extensions()
    if not Doc.has_extension("textmine_id"):
        Doc.set_extension("textmine_id", default=None)
    nlp = blank_pipeline(segmenter)
    docs = DocBin(store_user_data=True)
    for i, text in enumerate(records.texts):
        doc = nlp.make_doc(text)
        doc._.textmine_id = records.ids[i]
        if results is None:
            doc.cats = {label: float(label in records.labels[i]) for label in label_ids}
            doc._.textmine_labels, doc._.textmine_subtypes = records.labels[i], records.subtypes[i]
        else:
            result = results[i]
            doc.cats = dict(result.scores)
            doc._.textmine_labels, doc._.textmine_subtypes = result.label_ids, result.subtype_ids
            doc._.textmine_evidence, doc._.textmine_error = result.evidence, result.error
        docs.add(doc)
    return docs


def save_docbin(docs, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(path)
    return path
