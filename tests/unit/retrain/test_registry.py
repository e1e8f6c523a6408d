import json
from pathlib import Path

import pytest

from textmine.errors import TextmineError
from textmine.retrain import registry as registry_module
from textmine.retrain.compare import Comparison, PartComparison
from textmine.retrain.registry import SHIPPED_NAME, ModelRegistry, current_model, promote, registry_folder


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
    assert registry_folder("x") == Path("x")
    monkeypatch.setenv("TEXTMINE_MODELS", str(tmp_path))
    assert registry_folder() == tmp_path
    assert registry_folder("x") == Path("x")  # the argument wins over the environment


def test_without_an_active_model_the_shipped_one_is_current(tmp_path):
    model, name = current_model(ModelRegistry(tmp_path))
    assert name == SHIPPED_NAME and "corruption" in list(model.classes_)


@pytest.mark.parametrize("new_macro_f1,promoted", [(0.88, True), (0.8799, False)])
def test_promotion_allows_a_fall_of_exactly_the_tolerance_and_no_more(tmp_path, monkeypatch, new_macro_f1, promoted):
    fake_model(tmp_path, "a")
    fake_model(tmp_path, "b")
    registry = ModelRegistry(tmp_path)
    registry.activate("a")
    part = PartComparison(
        "new cases", 40, {"macro_f1": new_macro_f1, "per_label": {}}, {"macro_f1": 0.90, "per_label": {}}
    )
    monkeypatch.setattr(registry_module, "load_classifier", lambda path: path)
    monkeypatch.setattr(registry_module, "read_heldout", lambda path: {})
    monkeypatch.setattr(registry_module, "compare_models", lambda *args: Comparison("a", [part]))
    if promoted:  # 0.90 → 0.88 falls by 0.02: the tolerance itself is allowed
        promote(registry, "b")
        assert registry.active_name() == "b"
    else:
        with pytest.raises(TextmineError, match=r"b is not promoted: macro-F1 on new cases falls by 0\.020 "):
            promote(registry, "b")
        assert registry.active_name() == "a"
