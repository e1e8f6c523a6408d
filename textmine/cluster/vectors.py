"""Record vectors for clustering.

Records about the same underlying problem share both its subject (what happened) and its names
(the village, the bureau). ``WordVectors`` joins TF-IDF over segmented content words with TF-IDF
over character n-grams of the place and unit names in the record (weighted by ``entity_weight``), and
TF-IDF over character 2-3-grams of the whole record (its content words run together: short real messages
about one problem share its phrasing, its estate and road names, and often whole reposted sentences),
weighted by ``char_weight``; the character n-grams are counted with numpy (:mod:`textmine.cluster.char_grams`);
scaled to unit length so cosine similarity is a dot product.

Any object with ``fit_transform(word_docs, texts=None)`` and ``transform(word_docs, texts=None)`` returning
unit-length rows (sparse or dense) can replace it, for example sentence embeddings from a transformer.

>>> vectors = WordVectors().fit_transform(["河湾村 会计 挪用 公款", "支部 三会一课", "河湾村 挪用 公款"])
>>> round(float((vectors[0] @ vectors[2].T).toarray()[0, 0]), 2) > round(float((vectors[0] @ vectors[1].T).toarray()[0, 0]), 2)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.cluster.char_grams import CharGramTfidf, unit_rows
from textmine.cluster.names import is_broad_place, record_names
from textmine.lazy import lazy_module
from textmine.text.entities import entity_words

sklearn_text = lazy_module("sklearn.feature_extraction.text")
sklearn_preprocessing = lazy_module("sklearn.preprocessing")
sklearn_projection = lazy_module("sklearn.random_projection")

__all__ = ["WordVectors", "is_broad_place", "project"]

NAME_SEPARATOR = "|"  # between the names of one record: no name n-gram spans two names


class WordVectors:
    """Word TF-IDF plus name n-gram TF-IDF, sparse and unit length.

    Parameters
    ----------
    entity_weight: weight of the place/unit-name block against the word block (0.6 and the character weight 0.4 scored
        best on the written dev split and the real dev topics: ``scripts/tune_clusters.py``).
    max_features: vocabulary cap of each block.

    char_weight: weight of the character n-gram block against the words and names (0 leaves it out).
    name_runs: the name block also holds estates, roads and companies (伊景园滨河苑, 广铁集团), every name written as
        :func:`textmine.cluster.names.name_key` gives it; False keeps place and unit words alone, as written.

    Learned attributes: ``words_``, ``names_``, ``chars_`` (the TF-IDF vectorizers; None when a block has no
    terms).
    """

    def __init__(
        self, entity_weight: float = 0.6, char_weight: float = 0.4, max_features: int = 50000, name_runs: bool = False
    ):
        self.entity_weight = entity_weight
        self.char_weight = char_weight
        self.max_features = max_features
        self.name_runs = name_runs

    def fit(self, word_docs: Sequence[str], texts: Sequence[str] | None = None) -> WordVectors:
        self.fit_transform(word_docs, texts)
        return self

    def transform(self, word_docs: Sequence[str], texts: Sequence[str] | None = None) -> sp.csr_matrix:
        blocks = [
            _transform(self.words_, word_docs),
            _transform(self.names_, self._name_docs(word_docs, texts)),
            _transform(self.chars_, _char_docs(word_docs, texts)),
        ]
        return self._join(blocks)

    def fit_transform(self, word_docs: Sequence[str], texts: Sequence[str] | None = None) -> sp.csr_matrix:
        """Fit and transform in one pass over the documents (each is tokenised once); the character block reads
        ``texts`` (the records as cleaned for clustering) when given, else the content words run together."""
        common = {"sublinear_tf": True, "dtype": np.float32, "max_features": self.max_features}
        words = sklearn_text.TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, **common)
        names = CharGramTfidf(min_df=1, max_df=1.0, max_features=self.max_features, separator=NAME_SEPARATOR)
        chars = CharGramTfidf(min_df=2, max_df=0.3, max_features=self.max_features)
        self.words_, word_block = _fit_transform_or_none(words, word_docs)
        self.names_, name_block = _fit_transform_or_none(names, self._name_docs(word_docs, texts))
        self.chars_, char_block = (
            _fit_transform_or_none(chars, _char_docs(word_docs, texts)) if self.char_weight > 0 else (None, None)
        )
        if self.chars_ is None:
            char_block = sp.csr_matrix((len(word_docs), 0), dtype=np.float32)
        return self._join([word_block, name_block, char_block])

    def _join(self, blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
        words, names, chars = blocks
        named = unit_rows(sp.hstack([words, names * self.entity_weight], format="csr"))
        if chars.shape[1] == 0:
            return named
        return unit_rows(sp.hstack([named * (1 - self.char_weight), unit_rows(chars) * self.char_weight], format="csr"))

    def _name_docs(self, word_docs: Sequence[str], texts: Sequence[str] | None) -> list[str]:
        return _name_docs(word_docs, texts, self.name_runs)

    def feature_names(self) -> list[str]:
        """Names of the features: words, then ``名:`` + n-gram of a place or unit name."""
        names = [str(w) for w in _names(self.words_)] + [f"名:{g}" for g in _names(self.names_)]
        return names + [f"字:{g}" for g in _names(getattr(self, "chars_", None))]


def project(vectors, n_components: int = 256, seed: int = 0) -> np.ndarray:
    """Low-dimensional unit-length rows that keep cosine similarities close (a sparse random projection)."""
    projector = sklearn_projection.SparseRandomProjection(n_components, dense_output=True, random_state=seed)
    return sklearn_preprocessing.normalize(projector.fit_transform(vectors)).astype(np.float32)


def _name_docs(word_docs: Sequence[str], texts: Sequence[str] | None, name_runs: bool) -> list[str]:
    """The names of each record, without province and city names: nearly every record of one office names its own
    province or city, which says nothing about which problem it tells."""
    if name_runs:
        texts = texts if texts is not None else [None] * len(word_docs)
        return [NAME_SEPARATOR.join(record_names(doc.split(), text)) for doc, text in zip(word_docs, texts)]
    return [
        NAME_SEPARATOR.join(name for name in entity_words(doc.split()) if not is_broad_place(name)) for doc in word_docs
    ]


def _char_docs(word_docs: Sequence[str], texts: Sequence[str] | None) -> list[str]:
    """The documents of the character n-grams: the cleaned texts, else each record's content words run together."""
    return list(texts) if texts is not None else [doc.replace(" ", "") for doc in word_docs]


def _fit_transform_or_none(vectorizer, docs: Sequence[str]):
    """The fitted vectorizer and its rows, or None and an empty block when the documents hold no term."""
    try:
        return vectorizer, vectorizer.fit_transform(docs)
    except ValueError:  # empty vocabulary
        return None, sp.csr_matrix((len(docs), 0), dtype=np.float32)


def _transform(vectorizer, docs: Sequence[str]) -> sp.csr_matrix:
    if vectorizer is None:
        return sp.csr_matrix((len(docs), 0), dtype=np.float32)
    return vectorizer.transform(docs)


def _names(vectorizer) -> list[str]:
    return [] if vectorizer is None else list(vectorizer.get_feature_names_out())
