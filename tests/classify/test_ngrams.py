import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.classify.ngrams import FastTfidf
from textmine.text import Segmenter

CORPUS = Path(__file__).resolve().parents[2] / "corpora"


def corpus_texts(split: str, n: int) -> list[str]:
    lines = (CORPUS / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    return [json.loads(line)["text"] for line in lines]


def assert_same(vectorizer: TfidfVectorizer, docs: list[str]) -> None:
    expected = vectorizer.transform(docs)
    got = FastTfidf.from_vectorizer(vectorizer).transform(docs)
    assert got.shape == expected.shape
    assert got.has_canonical_format
    np.testing.assert_allclose(got.toarray(), expected.toarray(), atol=1e-6)


def test_char_ngrams_equal_scikit_learn_on_corpus_text():
    train, test = corpus_texts("train", 300), corpus_texts("dev", 100)
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2).fit(train)
    assert_same(vectorizer, [*test, "", "  多个  空格\t\n之间 ", "ABC村委会abc"])


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
def test_word_ngrams_equal_scikit_learn_including_unknown_words(ngram_range):
    segmenter = Segmenter.default()
    words = [" ".join(segmenter.content_tokens(t)) for t in corpus_texts("train", 300)]
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, ngram_range=ngram_range, min_df=2)
    vectorizer.fit(words[:200])
    assert_same(vectorizer, [*words[200:], "", "从未 见过 的词 村支书"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="村支书会计挪用公款 \n吃喝AB", max_size=30), min_size=1, max_size=8))
def test_any_text_gives_scikit_learns_matrix(docs):
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    vectorizer.fit(["村支书挪用公款", "会计吃喝 AB", "公款 吃喝"])
    assert_same(vectorizer, docs)
