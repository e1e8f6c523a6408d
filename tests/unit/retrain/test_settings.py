import json

import pytest

from textmine.errors import TextmineError
from textmine.retrain.settings import TrainingSettings, load_settings, save_settings


def test_settings_save_and_load_with_the_data_hashes(tmp_path):
    settings = TrainingSettings(data=["a.xlsx", "b.json"], infer_taxonomy=True, C=4.0, char_ngram_range=(2, 4), seed=7)
    save_settings(settings, tmp_path, {"a.xlsx": "0" * 64})
    saved = json.loads((tmp_path / "training.json").read_text(encoding="utf-8"))
    assert saved["settings"]["char_ngram_range"] == [2, 4] and saved["settings"]["seed"] == 7
    again, hashes = load_settings(tmp_path)
    assert again == settings and hashes == {"a.xlsx": "0" * 64}


@pytest.mark.parametrize(
    "options,message",
    [
        ({"backend": "bert"}, "unknown backend 'bert'; the backends are: linear"),
        ({"heldout_fraction": 0.9}, "between 0 and 0.5"),
        ({"check_folds": 1}, "2 or more folds"),
        ({"taxonomy": "t.yaml", "infer_taxonomy": True}, "not both"),
    ],
)
def test_bad_settings_are_one_sentence(options, message):
    with pytest.raises(TextmineError, match=message):
        TrainingSettings(**options)


def test_unknown_or_missing_settings_files_are_plain_errors(tmp_path):
    with pytest.raises(TextmineError, match="unknown training settings: colour"):
        TrainingSettings.from_dict({"colour": "red"})
    with pytest.raises(TextmineError, match="do not exist"):
        load_settings(tmp_path / "training.json")
