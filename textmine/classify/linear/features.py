"""Features for the linear classifier: TF-IDF over jieba words and over character n-grams.

Segmentation happens once per text (:meth:`TextFeaturizer.prepare`); the prepared form can be
reused across cross-validation folds without segmenting again.

>>> from textmine.text import Segmenter
>>> feats = TextFeaturizer(Segmenter.default(), min_df=1).fit(["村支书违规吃喝", "三会一课不落实"])
>>> feats.transform(["村支书吃喝"]).shape[0]
1
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from textmine.classify.linear import compiled
from textmine.classify.linear.ngrams import FastTfidf, stacked_transform, transform_blocks
from textmine.errors import TextmineError
from textmine.lazy import lazy_module
from textmine.text import Segmenter, normalize

sklearn_text = lazy_module("sklearn.feature_extraction.text")  # needed to fit, not to predict


@dataclass(frozen=True)
class PreparedTexts:
    """Texts after normalisation and segmentation: words joined by spaces, and the plain text."""

    words: list[str]
    chars: list[str]

    def subset(self, index: Sequence[int] | np.ndarray) -> PreparedTexts:
        return PreparedTexts([self.words[i] for i in index], [self.chars[i] for i in index])

    def __len__(self) -> int:
        return len(self.words)


DIGIT = re.compile(r"\d")
TFIDF_OPTIONS = {"sublinear_tf": True, "lowercase": True, "norm": "l2"}


class TextFeaturizer:
    """Word and character TF-IDF, stacked side by side.

    scikit-learn's ``TfidfVectorizer`` learns the vocabularies and idf weights (``fit``); the transform
    is :class:`FastTfidf`'s, which a saved model restores without scikit-learn.

    Learned attributes: ``fast_word_``, ``fast_char_`` (the transforms), ``feature_names_``.
    """

    def __init__(
        self,
        segmenter: Segmenter,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        max_word_features: int = 20000,
        max_char_features: int = 40000,
        min_df: int = 2,
    ) -> None:
        self.segmenter = segmenter
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.min_df = min_df
        self._evidence: tuple[list[str], np.ndarray] | None = None
        self._stop_table = None  # the segmenter's stop words as the kernel looks them up, built on first use

    def prepare(self, texts: Sequence[str]) -> PreparedTexts:
        """Normalise and segment texts once."""
        cleaned = [normalize(t) for t in texts]
        return PreparedTexts(self.content_words(cleaned), cleaned)

    def featurize(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, list[str]]:
        """:meth:`transform` of the texts, and the texts normalised. Where the compiled path applies, the
        content words are counted straight from the segmenter's tokens, never joined into text.

        >>> feats = TextFeaturizer(Segmenter.default(), min_df=1).fit(["村支书违规吃喝", "三会一课不落实"])
        >>> rows, cleaned = feats.featurize(["村支书吃喝"])
        >>> bool(abs(rows - feats.transform(["村支书吃喝"])).max() < 1e-6), cleaned
        (True, ['村支书吃喝'])
        """
        cleaned = [normalize(t) for t in texts]
        word, char = self.fast_word_, self.fast_char_
        if not (word.compiled_applies() and char.compiled_applies() and word.lowercase):
            return self.transform(PreparedTexts(self.content_words(cleaned), cleaned)), cleaned
        cut = self.segmenter.cut
        # the tokens of a text hold its characters: as many ids at most
        word_block = word.compiled_content_block(map(cut, cleaned), self._stops(), sum(map(len, cleaned)))
        return transform_blocks([word, char], [word_block, char.compiled_block(cleaned)]), cleaned

    def _stops(self) -> tuple:
        """The segmenter's stop words as the kernel looks them up, built on first use."""
        if self._stop_table is None:
            self._stop_table = compiled.token_table(sorted(self.segmenter.stop_words))
        return self._stop_table

    def content_words(self, texts: Sequence[str]) -> list[str]:
        """Each text's :meth:`Segmenter.content_words`, the tokens decided in one compiled pass where the
        kernel is built."""
        kernel, segmenter = compiled.kernel, self.segmenter
        if kernel is None:
            return [segmenter.content_words(t) for t in texts]
        cut, table = segmenter.cut, self._stops()
        return [kernel.content_words(cut(t), *table) for t in texts]

    def _new_vectorizers(self):
        common = {**TFIDF_OPTIONS, "dtype": np.float32}
        word = sklearn_text.TfidfVectorizer(
            tokenizer=str.split,
            token_pattern=None,
            ngram_range=self.word_ngram_range,
            max_features=self.max_word_features,
            min_df=self.min_df,
            **common,
        )
        char = sklearn_text.TfidfVectorizer(
            analyzer="char",
            ngram_range=self.char_ngram_range,
            max_features=self.max_char_features,
            min_df=self.min_df,
            **common,
        )
        return word, char

    def fit(self, texts: Sequence[str] | PreparedTexts) -> TextFeaturizer:
        prepared = texts if isinstance(texts, PreparedTexts) else self.prepare(texts)
        word, char = self._new_vectorizers()
        self.fast_word_ = FastTfidf.from_vectorizer(self._fitted(word, prepared.words))
        self.fast_char_ = FastTfidf.from_vectorizer(self._fitted(char, prepared.chars))
        self._evidence = None
        return self

    def _fitted(self, vectorizer, docs):
        """``vectorizer`` fitted; one plain sentence when the records leave it no term (too few, or none
        sharing a word with another)."""
        try:
            return vectorizer.fit(docs)
        except ValueError as err:
            if "no terms remain" not in str(err) and "empty vocabulary" not in str(err):
                raise
            raise TextmineError(
                f"the {len(docs)} training records give no word or character that at least {self.min_df} of them "
                "share, so there is nothing to learn from; give more labelled records"
            ) from None

    def transform(self, texts: Sequence[str] | PreparedTexts) -> sp.csr_matrix:
        """TF-IDF rows, counted by the vectorised :class:`FastTfidf` (equal to scikit-learn's transform)."""
        prepared = texts if isinstance(texts, PreparedTexts) else self.prepare(texts)
        if self.fast_word_.compiled_applies() and self.fast_char_.compiled_applies():
            return stacked_transform([self.fast_word_, self.fast_char_], [prepared.words, prepared.chars])
        word = self.fast_word_.transform(prepared.words)
        char = self.fast_char_.transform(prepared.chars)
        return sp.hstack([word, char], format="csr", dtype=np.float32)

    def fit_transform(self, texts: Sequence[str] | PreparedTexts) -> sp.csr_matrix:
        prepared = texts if isinstance(texts, PreparedTexts) else self.prepare(texts)
        return self.fit(prepared).transform(prepared)

    @property
    def n_word_features_(self) -> int:
        return self.fast_word_.n_features

    @property
    def feature_names_(self) -> np.ndarray:
        """Feature names in column order: words (joined without spaces), then character n-grams."""
        word_terms, char_terms = self.vocabularies()
        return np.array([term.replace(" ", "") for term in word_terms] + char_terms, dtype=object)

    def evidence_vocabulary(self) -> tuple[list[str], np.ndarray]:
        """Each feature as an evidence term (stripped), and whether it may serve as one (two characters or
        more, no digits); worked out on first use, not on every fit."""
        if self._evidence is None:
            stripped = [str(name).strip() for name in self.feature_names_]
            usable = np.array([len(t) >= 2 and not DIGIT.search(t) for t in stripped], dtype=bool)
            self._evidence = (stripped, usable)
        return self._evidence

    def vocabularies(self) -> tuple[list[str], list[str]]:
        """The word and char vocabularies in feature order (for saving)."""
        return self.fast_word_.terms(), self.fast_char_.terms()

    def idf(self) -> tuple[np.ndarray, np.ndarray]:
        return self.fast_word_.idf, self.fast_char_.idf

    def restore(self, word_vocab: list[str], char_vocab: list[str], word_idf: np.ndarray, char_idf: np.ndarray) -> None:
        """Set the learned state from saved vocabularies and idf weights."""
        self.fast_word_ = FastTfidf(
            {term: i for i, term in enumerate(word_vocab)},
            word_idf,
            "word",
            tuple(self.word_ngram_range),
            **TFIDF_OPTIONS,
        )
        self.fast_char_ = FastTfidf(
            {term: i for i, term in enumerate(char_vocab)},
            char_idf,
            "char",
            tuple(self.char_ngram_range),
            **TFIDF_OPTIONS,
        )
        self._evidence = None
