import json

import pytest

from textmine import load_classifier
from textmine.classify.backends import Backend, declared_format, new_classifier
from textmine.classify.optional import require
from textmine.errors import MissingDependencyError, TextmineError
from textmine.resources import DEFAULT_MODEL_DIR


def test_every_backend_has_its_own_format_name():
    names = [b.format for b in Backend]
    assert len(set(names)) == len(names)
    assert all(Backend.from_format(b.format) is b for b in Backend)


def test_default_model_declares_linear_and_loads_through_dispatch():
    assert declared_format(DEFAULT_MODEL_DIR) == "textmine-linear"
    assert type(load_classifier()).__name__ == "LinearClassifier"


def test_marker_file_with_an_unknown_format_is_a_plain_error(tmp_path):
    (tmp_path / "textmine.json").write_text(json.dumps({"format": "textmine-fasttext"}), encoding="utf-8")
    with pytest.raises(TextmineError, match="unknown model format 'textmine-fasttext'"):
        load_classifier(tmp_path)


def test_marker_file_that_is_not_json_is_a_plain_error(tmp_path):
    (tmp_path / "textmine.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TextmineError, match="not a textmine model description"):
        load_classifier(tmp_path)


def test_unknown_backend_name_is_refused():
    with pytest.raises(ValueError):
        new_classifier("fasttext")


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(MissingDependencyError, match=r'pip install "textmine\[spacy\]"'):
        new_classifier("spacy")
    with pytest.raises(MissingDependencyError, match=r"textmine\[transformers\]"):
        require("torch", "transformers")
