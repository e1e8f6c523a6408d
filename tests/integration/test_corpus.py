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
