import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")

from textmine.classify.spacy.pipeline import blank_pipeline  # noqa: E402
from textmine.text import Segmenter  # noqa: E402

pytestmark = pytest.mark.optional


def test_user_words_are_tokens_and_text_is_kept():
    nlp = blank_pipeline(Segmenter(["优亲厚友"]))
    doc = nlp("村支书 优亲厚友，低保给亲戚")
    assert "优亲厚友" in [t.text for t in doc]
    assert doc.text == "村支书 优亲厚友，低保给亲戚"


def test_dictionary_survives_to_disk_and_back(tmp_path):
    nlp = blank_pipeline(Segmenter(["甲乙丙丁戊"], stop_words=["的"]))
    nlp.to_disk(tmp_path)
    again = spacy.load(tmp_path)
    assert next(iter(again("甲乙丙丁戊的"))).text == "甲乙丙丁戊"
    assert again.tokenizer.segmenter.stop_words == frozenset({"的"})
    assert again.tokenizer.to_bytes() == nlp.tokenizer.to_bytes()


def test_bytes_round_trip():
    nlp = blank_pipeline(Segmenter(["甲乙丙丁戊"]))
    other = blank_pipeline(Segmenter())
    other.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [t.text for t in other("甲乙丙丁戊")] == ["甲乙丙丁戊"]
