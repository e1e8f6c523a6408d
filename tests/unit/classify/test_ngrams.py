import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from tests.paths import CORPORA
from textmine.classify.linear.compiled import kernel as compiled
from textmine.classify.linear.features import TextFeaturizer
from textmine.classify.linear.ngrams import FastTfidf
from textmine.errors import TextmineError
from textmine.text import Segmenter

CORPUS = CORPORA


def corpus_texts(split: str, n: int) -> list[str]:
    lines = (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line)["text"] for line in lines]


PATHS = [pytest.param(False, id="numpy"), pytest.param(True, id="compiled")]


def fast(vectorizer: TfidfVectorizer, use_compiled: bool) -> FastTfidf:
    if use_compiled and compiled is None:
        pytest.skip("the compiled helpers were not built")
    transform = FastTfidf.from_vectorizer(vectorizer)
    transform.use_compiled = use_compiled
    assert transform.compiled_applies() == use_compiled
    return transform


def assert_same(vectorizer: TfidfVectorizer, docs: list[str], use_compiled: bool = False) -> None:
    expected = vectorizer.transform(docs)
    got = fast(vectorizer, use_compiled).transform(docs)
    assert got.shape == expected.shape
    assert got.has_canonical_format
    got.sort_indices()  # no-op when the rows really are sorted; then indices must not have changed
    np.testing.assert_allclose(got.toarray(), expected.toarray(), atol=1e-6)


@pytest.mark.parametrize("use_compiled", PATHS)
@pytest.mark.parametrize("ngram_range", [(1, 3), (2, 3)])
def test_char_ngrams_equal_scikit_learn_on_corpus_text(use_compiled, ngram_range):
    train, test = corpus_texts("train", 300), corpus_texts("dev", 100)
    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=ngram_range, sublinear_tf=True, min_df=2, dtype=np.float32
    ).fit(train)
    assert_same(vectorizer, [*test, "", "  多个  空格\t\n之间 ", "ABC村委会abc", "\x00村\U00020000委"], use_compiled)


@pytest.mark.parametrize("use_compiled", PATHS)
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
def test_word_ngrams_equal_scikit_learn_including_unknown_words(use_compiled, ngram_range):
    segmenter = Segmenter.default()
    words = [" ".join(segmenter.content_tokens(t)) for t in corpus_texts("train", 300)]
    vectorizer = TfidfVectorizer(
        tokenizer=str.split, token_pattern=None, ngram_range=ngram_range, min_df=2, dtype=np.float32
    ).fit(words[:200])
    odd_spacing = "  村支书\u3000从未\t见过 \n 的词\u2003村支书 "  # str.split() splits on every kind of space
    assert_same(vectorizer, [*words[200:], "", "从未 见过 的词 村支书", odd_spacing], use_compiled)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="村支书会计挪用公款 \n吃喝AB\x00", max_size=30), min_size=1, max_size=8))
def test_any_text_gives_scikit_learns_matrix(docs):
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32)
    vectorizer.fit(["村支书挪用公款", "会计吃喝 AB", "公款 吃喝", "\x00"])
    assert_same(vectorizer, docs)
    if compiled is not None:
        assert_same(vectorizer, docs, use_compiled=True)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["村", "支书", "会计", "挪用", "公款", "吃喝", "新词", "\u3000"]), max_size=12))
)
def test_any_words_give_the_same_matrix_compiled_or_not(token_lists):
    if compiled is None:
        pytest.skip("the compiled helpers were not built")
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, ngram_range=(1, 2), dtype=np.float32)
    vectorizer.fit(["村 支书 挪用 公款", "会计 吃喝", "公款 吃喝 村"])
    docs = [" ".join(tokens) for tokens in token_lists] or [""]
    np.testing.assert_array_equal(
        fast(vectorizer, True).transform(docs).toarray(), fast(vectorizer, False).transform(docs).toarray()
    )


def test_word_and_char_blocks_counted_together_equal_their_hstack():
    if compiled is None:
        pytest.skip("the compiled helpers were not built")
    from textmine.classify.linear.features import TextFeaturizer

    featurizer = TextFeaturizer(Segmenter.default()).fit(corpus_texts("train", 300))
    prepared = featurizer.prepare([*corpus_texts("dev", 100), "", "  ", "从未见过"])
    together = featurizer.transform(prepared)
    for transform in (featurizer.fast_word_, featurizer.fast_char_):
        transform.use_compiled = False
    apart = featurizer.transform(prepared)
    assert together.shape == apart.shape and together.has_canonical_format
    np.testing.assert_array_equal(together.indptr, apart.indptr)
    np.testing.assert_array_equal(together.indices, apart.indices)
    np.testing.assert_array_equal(together.data, apart.data)


def test_ngrams_too_long_for_the_keys_are_refused():
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 4)).fit(["村支书挪用公款"])
    with pytest.raises(ValueError, match="64-bit keys"):
        FastTfidf.from_vectorizer(vectorizer)


def test_records_that_share_no_term_are_one_sentence_not_a_pruning_error():
    featurizer = TextFeaturizer(Segmenter.default(), min_df=2)
    with pytest.raises(TextmineError, match="nothing to learn from"):
        featurizer.fit(["村会计挪用修路款", "镇长公车私用", "局长大操大办婚宴"])
