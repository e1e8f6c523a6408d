"""Record vectors for clustering.

Records about the same underlying problem share both its subject (what happened) and its names
(the village, the bureau). ``WordVectors`` joins TF-IDF over segmented content words with TF-IDF
over character n-grams of the place and unit names in the record (weighted by ``entity_weight``),
scaled to unit length so cosine similarity is a dot product. Small inputs keep the exact vectors;
large ones are reduced by a sparse random projection, which keeps cosine similarities close.

Any object with ``fit_transform(word_docs)`` returning unit-length dense rows can replace it (for
example dense sentence embeddings from a transformer).

>>> vectors = WordVectors().fit_transform(["河湾村 会计 挪用 公款", "支部 三会一课", "河湾村 挪用 公款"])
>>> vectors.shape[0]
3
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from textmine.text.entities import entity_words


class WordVectors:
    """Word TF-IDF plus name n-gram TF-IDF, dense and unit length.

    Parameters
    ----------
    entity_weight: weight of the place/unit-name block against the word block.
    max_features: vocabulary cap of each block.
    dense_limit: above this many cells (records x features) the vectors are projected to
        ``n_components`` dimensions.
    random_state: seed of the projection.

    Learned attributes: ``words_``, ``names_`` (the two TF-IDF vectorizers), ``projection_`` (or None).
    """

    def __init__(
        self,
        entity_weight: float = 1.0,
        max_features: int = 20000,
        dense_limit: int = 150_000_000,
        n_components: int = 1024,
        random_state: int = 0,
    ):
        self.entity_weight = entity_weight
        self.max_features = max_features
        self.dense_limit = dense_limit
        self.n_components = n_components
        self.random_state = random_state

    def _sparse(self, word_docs: Sequence[str], fit: bool) -> sp.csr_matrix:
        names = ["|".join(entity_words(doc.split())) for doc in word_docs]
        if fit:
            common = {"sublinear_tf": True, "dtype": np.float32, "max_features": self.max_features}
            self.words_ = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, **common)
            self.names_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), lowercase=False, **common)
            self.words_ = _fit_or_none(self.words_, word_docs)
            self.names_ = _fit_or_none(self.names_, names)
        blocks = [_transform(self.words_, word_docs), _transform(self.names_, names) * self.entity_weight]
        return normalize(sp.hstack(blocks, format="csr"))

    def fit_transform(self, word_docs: Sequence[str]) -> np.ndarray:
        matrix = self._sparse(word_docs, fit=True)
        self.projection_ = None
        if matrix.shape[0] * matrix.shape[1] > self.dense_limit:
            from sklearn.random_projection import SparseRandomProjection

            self.projection_ = SparseRandomProjection(
                self.n_components, dense_output=True, random_state=self.random_state
            )
            self.projection_.fit(matrix)
        return self._dense(matrix)

    def fit(self, word_docs: Sequence[str]) -> WordVectors:
        self.fit_transform(word_docs)
        return self

    def transform(self, word_docs: Sequence[str]) -> np.ndarray:
        return self._dense(self._sparse(word_docs, fit=False))

    def sparse_vectors(self, word_docs: Sequence[str]) -> sp.csr_matrix:
        """The unit-length sparse vectors before any projection (for centroids and matching)."""
        return self._sparse(word_docs, fit=False)

    def feature_names(self) -> list[str]:
        """Names of the sparse features: words, then ``名:`` + n-gram of a place or unit name."""
        words = [str(w) for w in _names(self.words_)]
        return words + [f"名:{g}" for g in _names(self.names_)]

    def _dense(self, matrix: sp.csr_matrix) -> np.ndarray:
        dense = matrix.toarray() if self.projection_ is None else self.projection_.transform(matrix)
        return normalize(dense).astype(np.float32)


def _fit_or_none(vectorizer: TfidfVectorizer, docs: Sequence[str]) -> TfidfVectorizer | None:
    """The fitted vectorizer, or None when the documents hold no term at all."""
    try:
        return vectorizer.fit(docs)
    except ValueError:  # empty vocabulary
        return None


def _transform(vectorizer: TfidfVectorizer | None, docs: Sequence[str]) -> sp.csr_matrix:
    if vectorizer is None:
        return sp.csr_matrix((len(docs), 0), dtype=np.float32)
    return vectorizer.transform(docs)


def _names(vectorizer: TfidfVectorizer | None) -> list[str]:
    return [] if vectorizer is None else list(vectorizer.get_feature_names_out())
