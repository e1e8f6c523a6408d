import json

import pandas as pd
import pytest

from tests.cases import make_cases
from tests.conftest import read_jsonl
from tests.paths import ROOT
from textmine.classify import load_classifier
from textmine.errors import TextmineError
from textmine.retrain.heldout import read_heldout
from textmine.retrain.settings import TrainingSettings, load_settings
from textmine.retrain.workflow import BASE_TEST, NEW_CASES, make_estimator, train
from textmine.taxonomy import load_taxonomy

MODEL_FILES = ("model.json", "weights.safetensors", "dictionary.txt", "stopwords.txt")


def write_cases(path, cases):
    pd.DataFrame({"内容": [t for t, _ in cases], "类别": [label for _, label in cases]}).to_excel(path, index=False)


@pytest.fixture(scope="module")
def single_label_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run")
    write_cases(folder / "cases.xlsx", make_cases(20, seed=3))
    settings = TrainingSettings(data=[str(folder / "cases.xlsx")], infer_taxonomy=True, min_df=1, check_folds=3)
    return train(settings, folder / "models" / "first"), folder


def test_a_run_saves_model_card_settings_checks_and_heldout(single_label_run):
    run, _ = single_label_run
    names = {p.name for p in run.out.iterdir()}
    assert {*MODEL_FILES, "card.json", "training.json", "checks.json", "evaluation.json", "heldout.jsonl"} <= names
    card = json.loads((run.out / "card.json").read_text(encoding="utf-8"))
    assert card["mode"] == "single-label: exactly one label per record" and card["multilabel"] is False
    assert card["labels"] == ["交通", "教育", "环境"] and card["trained_on"]["base"] == "none"
    assert run.refit and run.n_train == 60 and len(run.heldout[NEW_CASES]) >= 9
    assert card["saved_model"] == "refit on all records after the held-out comparison"
    assert read_heldout(run.out)[NEW_CASES].texts == run.heldout[NEW_CASES].texts
    assert card["heldout_scores"][NEW_CASES]["macro_f1"] >= 0.8
    checks = json.loads((run.out / "checks.json").read_text(encoding="utf-8"))
    assert checks["label_check"] == "3-fold cross-validation" and checks["n_records"] == 60


def test_single_label_model_gives_exactly_one_label(single_label_run):
    run, _ = single_label_run
    model = load_classifier(run.out)
    assert (model.predict([*run.heldout[NEW_CASES].texts, "今天天气不错"]).sum(axis=1) == 1).all()


def test_saved_settings_repeat_the_run_exactly(single_label_run, tmp_path):
    run, _ = single_label_run
    settings, hashes = load_settings(run.out)
    assert list(hashes) == list(settings.data)
    again = train(settings, tmp_path / "again")
    for name in MODEL_FILES:
        assert (run.out / name).read_bytes() == (again.out / name).read_bytes(), name


def test_a_trained_model_saves_loads_and_saves_to_the_same_bytes(single_label_run, tmp_path):
    run, _ = single_label_run
    load_classifier(run.out).save(tmp_path / "a")
    load_classifier(tmp_path / "a").save(tmp_path / "b")
    for name in (*MODEL_FILES, "card.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
        assert (run.out / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name


def test_an_existing_folder_is_not_overwritten_unless_asked(single_label_run, tmp_path):
    run, _ = single_label_run
    settings, _ = load_settings(run.out)
    with pytest.raises(TextmineError, match="already exists"):
        train(settings, run.out)
    (tmp_path / "notes").mkdir()
    with pytest.raises(TextmineError, match="is not a model folder"):
        train(settings, tmp_path / "notes", overwrite=True)


def test_builtin_taxonomy_with_a_base_corpus_checks_against_it(tmp_path):
    base_train, base_test = (
        read_jsonl(ROOT / "corpora" / "train.jsonl")[:80],
        read_jsonl(ROOT / "corpora" / "dev.jsonl")[:30],
    )
    (tmp_path / "base").mkdir()
    for name, records in (("train", base_train), ("test", base_test)):
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        (tmp_path / "base" / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = {label.id: label.name for label in load_taxonomy().labels}
    new = [
        (r["text"] + "。", ";".join(names[x] for x in r["labels"]))
        for r in read_jsonl(ROOT / "corpora" / "train.jsonl")[80:110]
    ]
    new.append((base_test[0]["text"], ";".join(base_test[0]["labels"])))  # a copy of a base test record
    new.append((base_train[1]["text"], "党建问题" if "party_building" not in base_train[1]["labels"] else "腐败问题"))
    write_cases(tmp_path / "new.xlsx", new)
    settings = TrainingSettings(
        data=[str(tmp_path / "new.xlsx")], base=str(tmp_path / "base"), check_folds=0, threshold_folds=2
    )
    run = train(settings, tmp_path / "models" / "m")
    assert run.model.multilabel_ is True and list(run.model.classes_) == list(load_taxonomy().label_ids)
    assert run.report.left_out == ["new.xlsx record 31"]
    assert {(d.source, d.in_base) for d in run.report.duplicates} >= {
        ("new.xlsx record 31", True),
        ("new.xlsx record 32", True),
    }
    assert [c.sources for c in run.report.conflicts] == [[f"train.jsonl {base_train[1]['id']}", "new.xlsx record 32"]]
    assert len(run.heldout[BASE_TEST]) == 30 and base_test[0]["text"] not in run.heldout[NEW_CASES].texts
    assert run.n_train == 80 + 32  # refit on everything; the copy of a base test record stays out
    assert len(run.heldout[NEW_CASES]) > 0
    assert [p.name for p in run.comparison.parts] == [BASE_TEST, NEW_CASES]


def test_backend_is_dispatched_by_name():
    settings = TrainingSettings(C=2.0, seed=4)
    model = make_estimator(settings, load_taxonomy(), multilabel=False, min_df=1)
    assert (model.C, model.random_state, model.multilabel, model.min_df) == (2.0, 4, False, 1)


def test_no_refit_keeps_the_model_that_was_compared(tmp_path):
    write_cases(tmp_path / "cases.xlsx", make_cases(20, seed=3))
    settings = TrainingSettings(
        data=[str(tmp_path / "cases.xlsx")], infer_taxonomy=True, min_df=1, check_folds=0, refit=False
    )
    run = train(settings, tmp_path / "kept")
    assert not run.refit and run.n_train + len(run.heldout[NEW_CASES]) == 60
    card = json.loads((run.out / "card.json").read_text(encoding="utf-8"))
    assert card["saved_model"].startswith("the model scored on the held-out records")
    assert card["trained_on"]["records"] == run.n_train
