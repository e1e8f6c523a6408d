import json

import numpy as np
import pytest

from textmine import load_classifier
from textmine.cli import main

DATA = "corpora/dev.jsonl"


@pytest.fixture
def few(tmp_path):
    """The first 40 dev records, as a file."""
    path = tmp_path / "few.jsonl"
    path.write_text("".join(open(DATA, encoding="utf-8").readlines()[:40]), encoding="utf-8")
    return path


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


@pytest.mark.slow
def test_train_spacy_from_the_command_line(tmp_path, few, capsys):
    pytest.importorskip("spacy", reason="the spacy extra is not installed")
    out = tmp_path / "model"
    assert main(["train", "--backend", "spacy", "--data", str(few), "--out", str(out), "--max-epochs", "1"]) == 0
    model = load_classifier(out)
    assert type(model).__name__ == "SpacyClassifier" and len(model.history_) == 1
    assert np.isfinite(model.predict_proba(["村会计挪用修路款"])).all()
    assert main(["evaluate", "--data", str(few), "--model", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["labels"]["n_records"] == 40
