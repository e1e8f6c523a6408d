"""``textmine train`` for every backend: the same workflow (checks, comparison, registry), plain errors."""

import json

import numpy as np
import pytest

from tests.paths import CORPORA
from textmine import load_classifier
from textmine.cli import main

DATA = str(CORPORA / "dev.jsonl")


@pytest.fixture
def few(tmp_path):
    """The first 60 dev records, as a file."""
    path = tmp_path / "few.jsonl"
    path.write_text("".join(open(DATA, encoding="utf-8").readlines()[:60]), encoding="utf-8")
    return path


def test_no_data_is_a_plain_error(tmp_path, capsys):
    assert main(["train", "--backend", "spacy", "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "no labelled data was given (use --data FILE)" in err and "Traceback" not in err


def test_base_model_with_another_backend_is_a_user_error(tmp_path, capsys):
    assert main(["train", "--data", DATA, "--out", str(tmp_path / "m"), "--base-model", "x"]) == 2
    assert "only used by the transformer backend" in capsys.readouterr().err


@pytest.mark.optional
def test_transformer_without_a_local_model_is_a_user_error(tmp_path, capsys):
    pytest.importorskip("transformers", reason="the transformers extra is not installed")
    out = str(tmp_path / "m")
    code = main(["train", "--backend", "transformer", "--data", DATA, "--out", out, "--base-model", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "download an encoder" in err and "Traceback" not in err
    assert not (tmp_path / "m").exists()


def test_unknown_backend_is_refused():
    with pytest.raises(SystemExit):
        main(["train", "--backend", "fasttext", "--data", DATA, "--out", "x"])


@pytest.mark.slow
@pytest.mark.optional
def test_spacy_goes_through_checks_comparison_registry_and_suggest(tmp_path, few, capsys, monkeypatch):
    pytest.importorskip("spacy", reason="the spacy extra is not installed")
    monkeypatch.chdir(tmp_path)
    args = ["train", "--backend", "spacy", "--data", str(few), "--base", "none", "--out", "models/sp"]
    assert main([*args, "--max-epochs", "1", "--check-folds", "3"]) == 0
    printed = capsys.readouterr().out
    assert "new model against the current one" in printed and "refit on all records" in printed
    folder = tmp_path / "models" / "sp"
    for name in ("checks.json", "evaluation.json", "training.json", "heldout.jsonl", "card.json"):
        assert (folder / name).is_file(), name
    checks = json.loads((folder / "checks.json").read_text(encoding="utf-8"))
    assert checks["label_check"] == "3-fold cross-validation" and checks["n_records"] == 60
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["backend"] == "spacy" and card["saved_model"].startswith("refit")
    model = load_classifier(folder)
    assert type(model).__name__ == "SpacyClassifier" and np.isfinite(model.predict_proba(["村会计挪用修路款"])).all()

    assert main(["models", "list"]) == 0
    assert "sp" in capsys.readouterr().out
    assert main(["suggest", "--input", str(few), "--n", "5", "-o", "pick.csv", "--model", "models/sp"]) == 0
    assert (tmp_path / "pick.csv").is_file()
    assert main(["evaluate", "--data", str(few), "--model", "sp", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"]["n_records"] == 60
