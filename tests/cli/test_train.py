import json

import numpy as np
import pytest

from textmine import load_classifier
from textmine.cli import main

DATA = "corpora/dev.jsonl"
DATA_RECORDS = sum(1 for line in open(DATA, encoding="utf-8") if line.strip())
TEST_RECORDS = sum(1 for line in open("corpora/test.jsonl", encoding="utf-8") if line.strip())


def test_train_linear_writes_a_model_that_loads(tmp_path, capsys):
    out = tmp_path / "model"
    assert main(["train", "--data", DATA, "--out", str(out), "--seed", "1"]) == 0
    assert f"trained a linear model on {DATA_RECORDS} records" in capsys.readouterr().err
    model = load_classifier(out)
    assert json.loads((out / "model.json").read_text(encoding="utf-8"))["format"] == "textmine-linear"
    assert model.training_["n_records"] == DATA_RECORDS
    assert model.predict(["村会计挪用修路款"]).shape == (1, 6)


def test_linear_adds_dev_records_to_training(tmp_path):
    dev = tmp_path / "extra.jsonl"
    dev.write_text("".join(open(DATA, encoding="utf-8").readlines()[:10]), encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "--data", DATA, "--dev", str(dev), "--out", str(out)]) == 0
    assert load_classifier(out).training_["n_records"] == DATA_RECORDS + 10


def test_base_model_with_another_backend_is_a_user_error(tmp_path, capsys):
    assert main(["train", "--data", DATA, "--out", str(tmp_path), "--base-model", "x"]) == 2
    assert "only used by the transformer backend" in capsys.readouterr().err


def test_transformer_without_a_local_model_is_a_user_error(tmp_path, capsys):
    code = main(
        ["train", "--backend", "transformer", "--data", DATA, "--out", str(tmp_path), "--base-model", str(tmp_path)]
    )
    err = capsys.readouterr().err
    assert code == 2 and "download an encoder" in err and "Traceback" not in err


def test_unknown_backend_is_refused():
    with pytest.raises(SystemExit):
        main(["train", "--backend", "fasttext", "--data", DATA, "--out", "x"])


def test_train_spacy_from_the_command_line(tmp_path, capsys):
    pytest.importorskip("spacy", reason="the spacy extra is not installed")
    data = tmp_path / "few.jsonl"
    data.write_text("".join(open(DATA, encoding="utf-8").readlines()[:40]), encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "--backend", "spacy", "--data", str(data), "--out", str(out), "--max-epochs", "1"]) == 0
    model = load_classifier(out)
    assert type(model).__name__ == "SpacyClassifier" and len(model.history_) == 1
    assert np.isfinite(model.predict_proba(["村会计挪用修路款"])).all()
    assert main(["evaluate", "--data", "corpora/test.jsonl", "--model", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"]["n_records"] == TEST_RECORDS
