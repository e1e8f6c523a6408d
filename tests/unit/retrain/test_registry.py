import json
import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from textmine.cli import main
from textmine.errors import TextmineError
from textmine.retrain import registry as registry_module
from textmine.retrain.compare import NO_HELDOUT, Comparison, PartComparison
from textmine.retrain.registry import (
    SHIPPED_NAME,
    ModelRegistry,
    current_model,
    promote,
    registry_folder,
    resolve_model,
)
from textmine.retrain.workflow import NEW_CASES


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


def test_damaged_cards_are_noted_and_hidden_folders_are_never_models(tmp_path):
    fake_model(tmp_path, "good", {"mode": "single-label: exactly one label per record", "labels": ["a", "b"]})
    fake_model(tmp_path, "listed")
    (tmp_path / "listed" / "card.json").write_text("[1, 2]", encoding="utf-8")
    fake_model(tmp_path, "broken")
    (tmp_path / "broken" / "card.json").write_text("{", encoding="utf-8")
    fake_model(tmp_path, ".good.partial")  # what an interrupted save leaves
    registry = ModelRegistry(tmp_path)
    assert registry.names() == ["broken", "good", "listed"]
    notes = {entry.name: entry.note for entry in registry.entries()}
    assert notes == {
        "broken": "damaged: card.json is not valid JSON",
        "good": "",
        "listed": "damaged: card.json holds no JSON object",
    }


def test_models_list_shows_every_model_and_a_note_for_the_damaged_ones(tmp_path, capsys):
    fake_model(tmp_path, "good", {"mode": "single-label: exactly one label per record", "labels": ["a", "b"]})
    fake_model(tmp_path, "listed")
    (tmp_path / "listed" / "card.json").write_text("[1, 2]", encoding="utf-8")
    fake_model(tmp_path, "broken")
    (tmp_path / "broken" / "card.json").write_text("{", encoding="utf-8")
    fake_model(tmp_path, "odd", {"labels": 3, "trained_on": "x"})
    fake_model(tmp_path, ".good.partial")
    assert main(["models", "list", "--dir", str(tmp_path)]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:] if line.strip()}
    assert rows["good"].split()[1:3] == ["single-label", "2"]
    assert rows["listed"].endswith("(damaged: card.json holds no JSON object)")
    assert rows["broken"].endswith("(damaged: card.json is not valid JSON)")
    assert rows["odd"].endswith("(damaged: card.json holds unexpected values)")
    assert not any(".good.partial" in line for line in rows.values())


def test_an_active_model_whose_folder_is_gone_is_an_error_not_the_shipped_model(tmp_path, monkeypatch, capsys):
    fake_model(tmp_path, "mine")
    fake_model(tmp_path, "other")
    registry = ModelRegistry(tmp_path)
    registry.activate("mine")
    shutil.rmtree(tmp_path / "mine")
    expected = (
        r"the active model 'mine' named in '.*active\.json' is not in the registry .*; choose one with textmine "
        r"models use NAME, or delete active\.json to use the shipped default model"
    )
    for resolve in (registry.active_name, registry.active_path, lambda: current_model(registry)):
        with pytest.raises(TextmineError, match=expected):
            resolve()
    monkeypatch.setenv("TEXTMINE_MODELS", str(tmp_path))
    with pytest.raises(TextmineError, match=expected):
        resolve_model()
    assert main(["models", "list", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "* mine" in out and "missing: named in active.json, but not in the registry" in out
    assert "(the active model 'mine' is not in the registry: choose one with textmine models use NAME" in out
    assert "none is active" not in out


@pytest.mark.parametrize("name", ["../w/m_mine", "sub/m", "sub\\m", "..", ".hidden"])
def test_models_use_takes_a_name_in_the_registry_not_a_path(tmp_path, capsys, name):
    fake_model(tmp_path / "w", "m_mine")
    fake_model(tmp_path / "models" / "sub", "m")
    fake_model(tmp_path / "models", ".hidden")
    registry = ModelRegistry(tmp_path / "models")
    with pytest.raises(TextmineError, match=r"copy the model folder into .* first, or give its path to each command"):
        registry.activate(name)
    assert main(["models", "use", name, "--dir", str(tmp_path / "models")]) == 2
    assert "--model PATH" in capsys.readouterr().err
    assert not (tmp_path / "models" / "active.json").exists()


def test_an_active_file_naming_a_path_is_not_taken_for_a_model(tmp_path):
    fake_model(tmp_path / "w", "m_mine")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "active.json").write_text('{"model": "../w/m_mine"}', encoding="utf-8")
    with pytest.raises(TextmineError, match=r"the active model '\.\./w/m_mine' named in .* is not in the registry"):
        ModelRegistry(tmp_path / "models").active_name()


class StubModel:
    """A model whose predictions are the first character of each text (``a1`` is label a)."""

    def __init__(self, classes=("a", "b"), trained=("a", "b")):
        self.classes_ = np.array(classes, dtype=object)
        self.taxonomy_ = SimpleNamespace(groups=[])
        self.training_ = {"label_counts": {label: int(label in trained) * 10 for label in classes}}

    def predict(self, texts):
        return np.array([[int(text[0] == c) for c in self.classes_] for text in texts], dtype=np.int8)


HELDOUT = [("a1", ["a"]), ("a2", ["a"]), ("b1", ["b"]), ("b2", ["b"])]


def trained_model(folder, name, macro_f1=0.765, heldout=HELDOUT):
    """A model folder as a training run leaves it: the held-out scores measured before the refit
    (``evaluation.json``) and the held-out records."""
    fake_model(folder, name)
    new = {"macro_f1": macro_f1, "per_label": {"a": {"f1": 0.8}, "b": {"f1": 0.73}}}
    parts = [{"name": NEW_CASES, "n_records": len(heldout), "new": new, "current": None}] if heldout else []
    note = "" if heldout else NO_HELDOUT
    evaluation = {"current_name": "shipped default", "parts": parts, "note": note}
    (folder / name / "evaluation.json").write_text(json.dumps(evaluation), encoding="utf-8")
    rows = [{"part": NEW_CASES, "source": f"x {i}", "text": t, "labels": ls} for i, (t, ls) in enumerate(heldout)]
    (folder / name / "heldout.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def stubs(monkeypatch):
    """Stub models by folder name (``shipped``: the shipped one); every model predicts perfectly."""
    models = {"shipped": StubModel(("c", "d"))}
    monkeypatch.setattr(
        registry_module,
        "load_classifier",
        lambda path: models["shipped" if path == registry_module.DEFAULT_MODEL_DIR else Path(path).name],
    )
    return models


def test_promotion_decides_on_the_scores_measured_before_the_refit(tmp_path, stubs):
    stubs["old"], stubs["new"] = StubModel(), StubModel()
    trained_model(tmp_path, "old")
    trained_model(tmp_path, "new", macro_f1=0.765)
    registry = ModelRegistry(tmp_path)
    registry.activate("old")
    with pytest.raises(TextmineError, match=r"new is not promoted: macro-F1 on new cases falls by 0\.235"):
        promote(registry, "new")  # the refit model scores 1.000 on records it was trained on; 0.765 was measured
    assert registry.active_name() == "old"
    comparison = promote(registry, "new", force=True)
    assert "new cases (4 records): macro-F1 new 0.765, current 1.000 (-0.235)" in "\n".join(comparison.lines())


def test_promotion_without_held_out_records_to_score_the_current_model_on_is_refused(tmp_path, stubs):
    stubs["old"], stubs["new"] = StubModel(), StubModel()
    trained_model(tmp_path, "old")
    trained_model(tmp_path, "new", macro_f1=0.9)
    (tmp_path / "new" / "heldout.jsonl").unlink()
    registry = ModelRegistry(tmp_path)
    registry.activate("old")
    with pytest.raises(TextmineError, match=r"nothing to compare it on \(the held-out records of new cases are not"):
        promote(registry, "new")
    (tmp_path / "new" / "evaluation.json").unlink()
    with pytest.raises(TextmineError, match=r"nothing to compare it on \(its folder holds no evaluation\.json"):
        promote(registry, "new")
    assert registry.active_name() == "old"


@pytest.mark.parametrize("case", ["no held-out records", "other labels", "no active model left"])
def test_promotion_with_nothing_to_compare_on_needs_force(tmp_path, stubs, case):
    stubs["old"], stubs["new"] = StubModel(("c", "d") if case == "other labels" else ("a", "b")), StubModel()
    trained_model(tmp_path, "old")
    trained_model(tmp_path, "new", heldout=[] if case == "no held-out records" else HELDOUT)
    registry = ModelRegistry(tmp_path)
    registry.activate("old")
    if case == "no active model left":
        shutil.rmtree(tmp_path / "old")
    reason = {
        "no held-out records": r"there are no held-out records to compare on\)",
        "other labels": r"the current model has other labels, so only the new model is scored\)",
        "no active model left": r"the active model 'old' is not in the registry\)",
    }[case]
    with pytest.raises(TextmineError, match=rf"new is not promoted: there is nothing to compare it on \({reason}; add"):
        promote(registry, "new")
    assert json.loads((tmp_path / "active.json").read_text(encoding="utf-8"))["model"] == "old"
    promote(registry, "new", force=True)
    assert registry.active_name() == "new"


def test_a_model_that_learnt_one_label_is_promoted_only_with_force_and_a_warning(tmp_path, stubs, caplog):
    stubs["old"], stubs["new"] = StubModel(), StubModel(trained=("a",))
    trained_model(tmp_path, "old")
    trained_model(tmp_path, "new")
    registry = ModelRegistry(tmp_path)
    registry.activate("old")
    (tmp_path / "new" / "evaluation.json").write_text(
        (tmp_path / "new" / "evaluation.json").read_text(encoding="utf-8").replace("0.765", "1.0"), encoding="utf-8"
    )
    with pytest.raises(TextmineError, match=r"it was trained on records of one label \('a'\), so it can only answer"):
        promote(registry, "new")
    assert registry.active_name() == "old" and not caplog.records
    with caplog.at_level(logging.WARNING):
        promote(registry, "new", force=True)
    assert registry.active_name() == "new"
    assert "new was trained on records of one label (a) only: it can only answer that label" in caplog.text


def test_models_use_of_the_active_model_changes_nothing(tmp_path, stubs, capsys):
    stubs["old"] = StubModel()
    trained_model(tmp_path, "old")
    ModelRegistry(tmp_path).activate("old")
    assert main(["models", "use", "old", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"old is already the active model in {tmp_path}\n"
