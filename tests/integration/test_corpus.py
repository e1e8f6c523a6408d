"""The labelled corpus passes its own validator, and the validator catches what it should."""

import json
import subprocess
import sys

from tests.paths import ROOT, SCRIPTS

sys.path.insert(0, str(SCRIPTS))

import validate_corpus


def test_corpus_passes_validation():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate_corpus.py")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "corpus OK" in done.stdout


def test_validator_flags_undeclared_near_copies_and_split_leaks(tmp_path):
    records = [json.loads(line) for line in (ROOT / "corpora" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    copy = dict(records[0], id="X-copy", dup_of=None, group=None, text=records[0]["text"] + "。")
    assert validate_corpus.too_similar([records[0], copy])
    declared = dict(copy, dup_of=records[0]["id"])
    assert not validate_corpus.too_similar([records[0], declared])
    splits = {"train": [declared], "dev": [records[0]], "test": []}
    assert any("is not a record of the train split" in e for e in validate_corpus.check_structure(splits))


def test_schema_errors_are_reported():
    labels, parents = validate_corpus.load_taxonomy(ROOT / "configs" / "taxonomy.yaml")
    bad = {"id": "X", "text": "某村", "labels": ["corruption"], "subtypes": ["formalism.falsification"], "source": "fax",
           "unit": None, "place": None, "date": "2023/1/1", "group": None, "dup_of": None, "hard": ["vague"]}  # fmt: skip
    errors = validate_corpus.check_schema(bad, labels, parents)
    assert any("unknown source" in e for e in errors)
    assert any("do not match labels" in e for e in errors)
    assert any("not YYYY-MM-DD" in e for e in errors)
    assert any("hard-case tag" in e for e in errors)


def test_extending_the_real_splits_leaves_test_alone_and_holds_back_copies_of_test_messages():
    import split_real

    def row(key, labels=()):
        return {"key": key, "labels": list(labels), "subtypes": [], "note": "", "sample": "rest"}

    lines = [
        "东门小区的路灯坏了半个月，晚上出门很不方便，请尽快派人维修。", "菜市场门口的下水道堵了，污水流到路面上。",
        "学校旁边的工地夜里施工，噪音吵得孩子睡不着觉。", "公交车末班太早，下夜班的工人回不了家。",
        "村里的自来水发黄有味道，老人孩子都不敢喝。", "广场舞音响声音太大，附近居民无法午休。",
        "新建的桥还没通车就出现了裂缝，担心安全。", "医保报销手续太复杂，跑了好几趟窗口。",
        "河道里有人倒建筑垃圾，水都变黑了。", "小区电梯经常停运，住高层的老人下不了楼。",
        "农贸市场的摊位费一年涨了两次，商户负担重。", "路口红绿灯时间太短，老人过马路很危险。",
    ]  # fmt: skip
    texts = {f"k{i}": line for i, line in enumerate(lines)}
    texts["copy_of_test"] = texts["k2"] + "谢谢！"
    texts["copy_of_train"] = texts["k0"] + "谢谢！"
    splits = {"train": [row("k0")], "dev": [row("k1")], "test": [row("k2")]}
    new = [
        row("copy_of_test"),
        row("copy_of_train"),
        *(row(f"k{i}", ["bureaucratism"] * (i % 2)) for i in range(3, 12)),
    ]
    out = split_real.extend(splits, new, texts, seed=1)
    assert [r["key"] for r in out["near_test"]] == ["copy_of_test"]
    assert "copy_of_train" in [r["key"] for r in out["train"]]
    dealt = sorted(r["key"] for name in ("train", "dev") for r in out[name])
    assert dealt == sorted(["copy_of_train", *(f"k{i}" for i in range(3, 12))])
    assert out["dev"] and len(out["dev"]) < len(out["train"])
    assert [r["key"] for r in splits["test"]] == ["k2"]


def test_validator_flags_real_unit_spans_outside_their_message_text_and_another_split(tmp_path):
    for split, key in (("train", "m1"), ("dev", "m2"), ("test", "m3")):
        row = {"key": key, "labels": [], "subtypes": [], "note": "", "sample": "random"}
        (tmp_path / f"{split}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    units = [
        {"key": "m1", "split": "train", "unit": [2, 6], "pass_a": [2, 6], "pass_b": None},
        {"key": "m2", "split": "test", "unit": None, "pass_a": None, "pass_b": None},
        {"key": "m3", "split": "test", "unit": [0, 40], "pass_a": [3, 3], "pass_b": "县住建局"},
        {"key": "m3", "split": "test", "unit": None, "pass_a": None, "pass_b": None, "text": "copied"},
    ]
    (tmp_path / "units.jsonl").write_text("\n".join(json.dumps(u, ensure_ascii=False) for u in units), encoding="utf-8")
    texts = {"m1": "反映县教育局乱收费", "m2": "路灯坏了", "m3": "县住房和城乡建设局不作为"}
    errors = validate_corpus.validate_real_units(tmp_path, texts)
    assert not any("m1" in e for e in errors)
    assert any("m2" in e and "the real splits have it in dev" in e for e in errors)
    assert any("m3" in e and "unit [0, 40] is not a span inside the message" in e for e in errors)
    assert any("m3" in e and "pass_a [3, 3] is not a span" in e for e in errors)
    assert any("m3" in e and "pass_b must be a [start, end] span" in e for e in errors)
    assert any("m3" in e and "no text here" in e for e in errors)
    assert not any("[0, 40]" in e for e in validate_corpus.validate_real_units(tmp_path, None))
