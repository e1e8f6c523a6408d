"""``textmine train``, ``models`` and ``suggest`` end to end, in a folder made for each test."""

import contextlib
import io
import json
import shutil

import pandas as pd
import pytest

from tests.cases import CATEGORIES, make_cases
from textmine.cli import main
from textmine.cluster import ProblemClusterer

RECURRING = [
    "南岗乡印染厂污水直排河里发臭，请尽快处理。",
    "南岗乡印染厂污水直排河里发臭，希望领导重视！",
    "南岗乡印染厂又把污水直排到河里，臭得很",
]


def make_office(folder):
    """An office's own labelled cases and unlabelled records."""
    cases = make_cases(20, seed=4)
    frame = pd.DataFrame({"内容": [t for t, _ in cases], "类别": [label for _, label in cases]})
    frame.to_excel(folder / "cases.xlsx", index=False)
    unlabelled = [t for t, _ in make_cases(10, seed=11)] + RECURRING
    pd.DataFrame({"编号": [f"U{i}" for i in range(33)], "内容": unlabelled}).to_csv(folder / "new.csv", index=False)


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A folder after ``textmine train … --promote --force`` (the model ``first``), and what the command printed;
    --force because the shipped model has other labels, so there is nothing to compare ``first`` with."""
    folder = tmp_path_factory.mktemp("trained")
    make_office(folder)
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        patch.chdir(folder)
        patch.delenv("TEXTMINE_MODELS", raising=False)
        code = main(
            ["train", "--data", "cases.xlsx", "--infer-taxonomy", "--out", "models/first", "--promote", "--force"]
        )
    assert code == 0
    return folder, printed.getvalue()


@pytest.fixture
def office(trained, tmp_path, monkeypatch):
    """A working folder holding the cases, the unlabelled records and the promoted model ``first``."""
    shutil.copytree(trained[0], tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TEXTMINE_MODELS", raising=False)
    return tmp_path


def test_train_use_classify_evaluate_and_cluster_with_own_categories(trained, office, capsys):
    out = trained[1]
    assert "checks of 60 new records" in out and "single-label: exactly one label per record" in out
    assert "labels that look wrong: 0 (5-fold cross-validation)" in out
    assert "first is now the active model in models" in out
    code, out, _ = run_cli(capsys, "models", "list")
    assert code == 0 and "* first" in out and "single-label" in out
    code, _, err = run_cli(capsys, "classify", "new.csv", "-o", "out.csv", "--quiet")
    assert code == 0, err
    result = pd.read_csv("out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert set(result["labels"]) <= set(CATEGORIES) and result["labels"].str.len().min() == 2  # one label each
    code, out, _ = run_cli(capsys, "evaluate", "--data", "cases.xlsx", "--label-column", "类别", "--json")
    assert code == 0 and json.loads(out)["labels"]["macro_f1"] > 0.9
    environment = result[result["labels"] == "环境"]  # clustering inside one of the office's own categories
    assert set(RECURRING) <= set(environment["内容"])
    clusters = ProblemClusterer(min_cluster_size=2).fit(environment["内容"].tolist()).labels_
    recurring = {c for text, c in zip(environment["内容"], clusters) if text in RECURRING}
    assert len(recurring) == 1 and recurring != {-1} and len(set(clusters) - {-1}) >= 2


def test_label_studio_round_trip(office, capsys):
    code, _, err = run_cli(
        capsys, "suggest", "--input", "new.csv", "--n", "6", "-o", "tasks.json", "--format", "labelstudio"
    )
    assert code == 0, err
    tasks = json.loads(open("tasks.json", encoding="utf-8").read())
    assert len(tasks) == 6 and len({t["data"]["text"] for t in tasks}) == 6
    assert '<Choices name="label" toName="text" choice="single"' in open("tasks.xml", encoding="utf-8").read()
    export = []
    for n, task in enumerate(tasks, 1):  # what Label Studio exports once each pre-annotation is reviewed
        result = [dict(region, id=f"r{n}") for region in task["predictions"][0]["result"]]
        annotation = {"id": n, "result": result, "was_cancelled": False, "updated_at": "2024-05-01T10:00:00Z"}
        export.append({"id": n, "data": task["data"], "annotations": [annotation] if n < 6 else [], **task})
    corrected = "环境" if export[0]["annotations"][0]["result"][0]["value"]["choices"] != ["环境"] else "交通"
    export[0]["annotations"][0]["result"][0]["value"]["choices"] = [corrected]
    with open("export.json", "w", encoding="utf-8") as handle:
        json.dump(export, handle, ensure_ascii=False)
    code, out, err = run_cli(capsys, "train", "--data", "cases.xlsx", "--data", "export.json", "--infer-taxonomy",
                             "--out", "models/second", "--check-folds", "0")  # fmt: skip
    assert code == 0, err
    assert "checks of 65 new records" in out and "records left out (no text, or never annotated): 1" in out
    heldout = [json.loads(line) for line in open("models/second/heldout.jsonl", encoding="utf-8")]
    checks = json.loads(open("models/second/checks.json", encoding="utf-8").read())
    assert checks["n_records"] == 65 and all(row["labels"][0] in CATEGORIES for row in heldout)
    from textmine.retrain.records import read_raw

    assert read_raw("export.json").values[0] == [corrected]


def write_base_and_swapped_cases(office):
    """A base corpus ``office/`` of good cases, and ``swapped.csv``: cases whose labels were swapped."""
    good = make_cases(12, seed=21)
    swap = {"交通": "教育", "教育": "交通", "环境": "环境"}
    (office / "office").mkdir()
    for name, rows in (("train", good[:6]), ("test", good[6:])):
        lines = [json.dumps({"text": t, "labels": [label]}, ensure_ascii=False) for t, label in rows]
        (office / "office" / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    swapped = [(t, swap[label]) for t, label in make_cases(20, seed=5)]
    pd.DataFrame({"text": [t for t, _ in swapped], "label": [label for _, label in swapped]}).to_csv(
        "swapped.csv", index=False
    )


def test_a_worse_model_is_refused_unless_forced(office, capsys):
    write_base_and_swapped_cases(office)
    code, out, err = run_cli(capsys, "train", "--data", "swapped.csv", "--infer-taxonomy", "--base", "office",
                             "--out", "models/worse", "--check-folds", "0")  # fmt: skip
    assert code == 0, err
    assert "promotion would be refused: macro-F1 on base test falls by" in out
    code, _, err = run_cli(capsys, "models", "use", "worse")
    assert code == 2 and err.startswith("error: worse is not promoted: macro-F1 on base test falls by")
    assert "Traceback" not in err and "(the active model stays first)" in err
    assert json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "first"
    code, out, err = run_cli(capsys, "train", "--data", "swapped.csv", "--infer-taxonomy", "--base", "office",
                             "--out", "models/worse2", "--check-folds", "0", "--promote")  # fmt: skip
    assert code == 2 and "worse2 is not promoted: macro-F1 on base test falls by" in err and "Traceback" not in err
    assert json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "first"
    code, out, _ = run_cli(capsys, "models", "use", "worse", "--force")
    assert code == 0 and json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "worse"


def test_suggest_table_is_prefilled_for_correction(office, capsys):
    code, _, err = run_cli(capsys, "suggest", "--input", "new.csv", "--n", "5", "-o", "to_label.xlsx")
    assert code == 0, err
    table = pd.read_excel("to_label.xlsx")
    assert list(table.columns) == ["编号", "内容", "labels", "predicted", "uncertainty", "rank"]
    assert (
        len(table) == 5 and (table["labels"] == table["predicted"]).all() and table["rank"].tolist() == [1, 2, 3, 4, 5]
    )
    assert set(table["labels"]) <= set(CATEGORIES)


def test_unknown_labels_and_missing_base_are_one_sentence(office, capsys):
    pd.DataFrame({"text": ["村会计挪用修路款", "镇里天天开会"], "labels": ["腐化", "形式主义"]}).to_csv(
        "bad.csv", index=False
    )
    code, _, err = run_cli(capsys, "train", "--data", "bad.csv", "--out", "models/x")
    assert code == 2 and "unknown labels '腐化' (bad.csv record 1); valid labels are:" in err and "Traceback" not in err
    code, _, err = run_cli(
        capsys, "train", "--data", "bad.csv", "--infer-taxonomy", "--base", "nowhere", "--out", "models/x"
    )
    assert code == 2 and "no base corpus in 'nowhere'" in err


def test_settings_file_is_repeated_with_overrides(office, capsys):
    from textmine.cli import build_parser
    from textmine.cli.train import settings_from
    from textmine.retrain.settings import TrainingSettings, save_settings

    save_settings(TrainingSettings(data=["cases.xlsx"], infer_taxonomy=True, C=3.0), office, {})
    args = build_parser().parse_args(["train", "--settings", "training.json", "--seed", "5", "--out", "models/y"])
    settings = settings_from(args)
    assert (settings.data, settings.infer_taxonomy, settings.C, settings.seed) == (("cases.xlsx",), True, 3.0, 5)
    args = build_parser().parse_args(["train", "--settings", "training.json", "--taxonomy", "t.yaml", "--out", "m"])
    assert settings_from(args).taxonomy == "t.yaml" and settings_from(args).infer_taxonomy is False


def folder_bytes(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_active_model_is_replaced_only_through_the_promotion_gate(office, capsys):
    before = folder_bytes(office / "models" / "first")
    code, out, err = run_cli(capsys, "train", "--data", "cases.xlsx", "--infer-taxonomy", "--out", "models/first",
                             "--overwrite", "--check-folds", "0")  # fmt: skip
    assert code == 2 and "Traceback" not in err and "to use it" not in out
    assert err.startswith("error: 'models/first' is the active model in 'models' and is not overwritten: train into")
    assert folder_bytes(office / "models" / "first") == before
    write_base_and_swapped_cases(office)
    code, out, err = run_cli(capsys, "train", "--data", "swapped.csv", "--infer-taxonomy", "--base", "office",
                             "--out", "models/first", "--overwrite", "--promote", "--check-folds", "0")  # fmt: skip
    assert code == 2 and "first is not promoted: macro-F1 on base test falls by" in err
    assert "(first stays as it was)" in err and "new model against the current one (first)" in out
    assert folder_bytes(office / "models" / "first") == before
    assert not [p.name for p in (office / "models").iterdir() if p.name.startswith(".")]
    code, out, err = run_cli(capsys, "train", "--data", "cases.xlsx", "--infer-taxonomy", "--out", "models/first",
                             "--overwrite", "--promote", "--check-folds", "0", "--seed", "1")  # fmt: skip
    assert code == 0, err
    assert "first is now the active model in models" in out and "to use it" not in out
    assert folder_bytes(office / "models" / "first") != before
    assert json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "first"


def test_models_use_prints_and_decides_on_the_scores_train_measured(office, capsys):
    code, out, err = run_cli(capsys, "train", "--data", "cases.xlsx", "--infer-taxonomy", "--out", "models/again",
                             "--check-folds", "0")  # fmt: skip
    assert code == 0, err
    measured = out[out.index("new model against") : out.index("model: linear")]
    card = json.loads(open("models/again/card.json", encoding="utf-8").read())
    assert card["saved_model"].startswith("refit on all records")
    new = card["heldout_scores"]["new cases"]["macro_f1"]
    assert new < 1  # the same run as first's: first, refit on these held-out records, scores 1.000 on them
    code, _, err = run_cli(capsys, "models", "use", "again")
    assert (
        code == 2 and f"again is not promoted: macro-F1 on new cases falls by {1 - new:.3f} (1.000 → {new:.3f})" in err
    )
    code, out, err = run_cli(capsys, "models", "use", "again", "--force")
    assert code == 0, err
    assert out == measured + "again is now the active model in models\n"
    assert f"macro-F1 new {card['heldout_scores']['new cases']['macro_f1']:.3f}, current" in out


def test_promote_with_nothing_to_compare_on_or_a_single_label_needs_force(office, capsys, caplog):
    cases = make_cases(20, seed=8)
    pd.DataFrame({"内容": [t for t, _ in cases[:3]], "类别": [label for _, label in cases[:3]]}).to_csv(
        "three.csv", index=False
    )
    code, out, err = run_cli(capsys, "train", "--data", "three.csv", "--infer-taxonomy", "--out", "models/three",
                             "--check-folds", "0", "--promote")  # fmt: skip
    assert code == 2 and "there are no held-out records to compare on" in out
    assert err.startswith("error: three is not promoted: there is nothing to compare it on (there are no held-out")
    assert json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "first"
    code, _, err = run_cli(capsys, "models", "use", "three")
    assert code == 2 and "there is nothing to compare it on (there are no held-out records" in err
    one = [(t, label) for t, label in cases if label == "交通"]
    pd.DataFrame({"内容": [t for t, _ in one], "类别": [label for _, label in one]}).to_csv("one.csv", index=False)
    code, out, err = run_cli(capsys, "train", "--data", "one.csv", "--infer-taxonomy", "--out", "models/one",
                             "--check-folds", "0", "--promote")  # fmt: skip
    assert code == 2 and "(the current model has other labels, so only the new model is scored)" in err
    assert "it was trained on records of one label ('交通'), so it can only answer that label" in err
    assert json.loads(open("models/active.json", encoding="utf-8").read())["model"] == "first"
    with caplog.at_level("WARNING"):
        code, out, err = run_cli(capsys, "models", "use", "one", "--force")
    assert code == 0 and "one is now the active model" in out
    assert "one was trained on records of one label (交通) only: it can only answer that label" in caplog.text
