import json

import pytest

from textmine.errors import TextmineError
from textmine.retrain.registry import SHIPPED_NAME, ModelRegistry, current_model, registry_folder


def fake_model(folder, name, card=None):
    (folder / name).mkdir(parents=True)
    (folder / name / "model.json").write_text("{}", encoding="utf-8")
    (folder / name / "card.json").write_text(json.dumps(card or {"name": name}), encoding="utf-8")


def test_registry_lists_models_and_records_the_active_one(tmp_path):
    fake_model(tmp_path, "b")
    fake_model(tmp_path, "a", {"mode": "single-label: exactly one label per record"})
    (tmp_path / "notes").mkdir()
    registry = ModelRegistry(tmp_path)
    assert registry.names() == ["a", "b"] and registry.active_name() is None
    registry.activate("a")
    registry.activate("b")
    record = json.loads((tmp_path / "active.json").read_text(encoding="utf-8"))
    assert record["model"] == "b" and record["previous"] == "a"
    assert [(e.name, e.active) for e in registry.entries()] == [("a", False), ("b", True)]
    assert registry.entries()[0].card["mode"].startswith("single-label")
    assert registry.active_path() == tmp_path / "b"


def test_unknown_model_names_list_the_known_ones(tmp_path):
    fake_model(tmp_path, "a")
    with pytest.raises(TextmineError, match=r"no model 'c' in .*; its models are: a"):
        ModelRegistry(tmp_path).activate("c")
    assert not (tmp_path / "active.json").exists()


def test_damaged_active_file_is_a_plain_error(tmp_path):
    (tmp_path / "active.json").write_text("{", encoding="utf-8")
    with pytest.raises(TextmineError, match="damaged"):
        ModelRegistry(tmp_path).active_name()


def test_registry_folder_comes_from_the_argument_the_environment_or_models(monkeypatch, tmp_path):
    monkeypatch.delenv("TEXTMINE_MODELS", raising=False)
    assert str(registry_folder()) == "models"
    monkeypatch.setenv("TEXTMINE_MODELS", str(tmp_path))
    assert registry_folder() == tmp_path and registry_folder("x") == registry_folder("x")


def test_without_an_active_model_the_shipped_one_is_current(tmp_path):
    model, name = current_model(ModelRegistry(tmp_path))
    assert name == SHIPPED_NAME and "corruption" in list(model.classes_)
