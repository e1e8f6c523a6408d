import json

import numpy as np
import pytest

from textmine import load_classifier
from textmine.errors import TextmineError


def test_save_load_save_gives_identical_bytes(small_model, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    small_model.save(first)
    load_classifier(first).save(second)
    names = sorted(p.name for p in first.iterdir())
    assert names == ["card.json", "dictionary.txt", "model.json", "stopwords.txt", "weights.safetensors"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_reloaded_model_predicts_the_same(small_model, corpus_train, tmp_path):
    texts = [r["text"] for r in corpus_train[700:800]]
    small_model.save(tmp_path)
    again = load_classifier(tmp_path)
    np.testing.assert_allclose(again.predict_proba(texts), small_model.predict_proba(texts), rtol=1e-5, atol=1e-6)
    assert [r.evidence for r in again.classify(texts[:5])] == [r.evidence for r in small_model.classify(texts[:5])]


def test_reloaded_model_segments_with_its_own_saved_dictionary(small_model, tmp_path):
    small_model.save(tmp_path)
    dictionary = (tmp_path / "dictionary.txt").read_text(encoding="utf-8")
    assert "三会一课" in dictionary and "优亲厚友" in dictionary
    again = load_classifier(tmp_path)
    assert "三会一课" in again.featurizer_.segmenter.tokens("支部三会一课不落实")


def test_model_card_names_taxonomy_data_and_thresholds(small_model, tmp_path):
    small_model.save(tmp_path)
    card = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert card["labels"] == list(small_model.classes_)
    assert card["training"]["n_records"] == 600
    assert len(card["training"]["data_sha256"]) == 64
    assert set(card["thresholds"]) == set(small_model.classes_)


def test_model_files_hold_no_pickle(small_model, tmp_path):
    small_model.save(tmp_path)
    for path in tmp_path.iterdir():
        assert b"\x80\x04\x95" not in path.read_bytes()[:64]  # the pickle protocol-4 header


def test_missing_model_folder_is_a_plain_error(tmp_path):
    with pytest.raises(TextmineError, match="no textmine model"):
        load_classifier(tmp_path)


def test_weights_are_written_whole_and_as_readable_as_the_other_files(small_model, tmp_path):
    small_model.save(tmp_path)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes["weights.safetensors"] == modes["model.json"]
    assert not [name for name in modes if name.endswith(".part")]
