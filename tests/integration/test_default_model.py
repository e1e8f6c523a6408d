"""The model shipped in the package is exactly what the build script makes from the corpus."""

import os
import subprocess
import sys

import pytest

from tests.paths import ROOT
from textmine.resources import DEFAULT_MODEL_DIR


@pytest.mark.slow
def test_shipped_model_equals_a_fresh_build(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_default_model.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for name in ("model.json", "weights.safetensors", "dictionary.txt", "stopwords.txt", "card.json"):
        assert (tmp_path / name).read_bytes() == (DEFAULT_MODEL_DIR / name).read_bytes(), name


def test_the_build_says_in_one_sentence_when_the_real_messages_are_absent(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_default_model.py"), "--out", str(tmp_path / "model")],
        capture_output=True,
        text=True,
        env={**os.environ, "TEXTMINE_REAL_DATA": str(tmp_path / "absent")},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: the real messages are not at") and not (tmp_path / "model").exists()


def test_shipped_model_card_records_its_scores_and_data(default_model):
    card = default_model.card_
    assert card["trained_on"].startswith("corpora/{train,dev}.jsonl and corpora/real/{train,dev}.jsonl")
    written, real = card["test_scores"]["written"], card["test_scores"]["real"]
    assert written["labels"]["macro_f1"] > 0.8 and written["labels"]["n_records"] > 500
    assert real["labels"]["n_records"] >= 800 and real["no_label"]["precision"] > 0.8
    assert card["training"]["n_records"] > 2000 + 2500  # written train + dev and real train + dev
    assert set(card["thresholds"]) == set(default_model.classes_)
