import json

import pytest

from textmine import load_classifier
from textmine.classify.base import BUILT_IN, backend_named, backend_of_format, declared_format, new_classifier
from textmine.errors import MissingDependencyError, TextmineError
from textmine.optional import require
from textmine.resources import DEFAULT_MODEL_DIR


def test_every_backend_has_its_own_format_name():
    names = [b.format for b in BUILT_IN]
    assert len(set(names)) == len(names)
    assert all(backend_of_format(b.format) is b and backend_named(b.name) is b for b in BUILT_IN)


def test_default_model_declares_linear_and_loads_through_dispatch():
    assert declared_format(DEFAULT_MODEL_DIR) == "textmine-linear"
    assert type(load_classifier()).__name__ == "LinearClassifier"


def test_marker_file_with_an_unknown_format_is_a_plain_error(tmp_path):
    (tmp_path / "textmine.json").write_text(json.dumps({"format": "textmine-fasttext"}), encoding="utf-8")
    with pytest.raises(TextmineError, match="unknown model format 'textmine-fasttext'"):
        load_classifier(tmp_path)


def test_marker_file_that_is_not_json_is_a_plain_error(tmp_path):
    (tmp_path / "textmine.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TextmineError, match="not valid JSON"):
        load_classifier(tmp_path)


def test_unknown_backend_name_is_refused():
    with pytest.raises(TextmineError, match="unknown backend 'fasttext'; the backends are: linear, spacy, transformer"):
        new_classifier("fasttext")


def test_a_backend_declared_by_another_package_is_found(monkeypatch):
    from textmine.classify import base

    class Point:
        def load(self):
            return base.Backend("keywords", "textmine.classify.linear.model:LinearClassifier")

    monkeypatch.setattr(base, "entry_points", lambda group: [Point()] if group == base.ENTRY_POINT_GROUP else [])
    assert base.backend_names() == ["linear", "spacy", "transformer", "keywords"]
    assert base.backend_named("keywords").format == "textmine-keywords"


def test_missing_extra_names_the_install_command(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(MissingDependencyError, match=r'pip install "textmine\[spacy\]"'):
        new_classifier("spacy")
    with pytest.raises(MissingDependencyError, match=r"textmine\[transformers\]"):
        require("torch", "transformers")
