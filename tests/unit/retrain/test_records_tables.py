import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.retrain.records import read_labelled, read_raw
from textmine.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def test_labels_and_subtypes_become_ids_from_names_or_ids(tmp_path):
    path = tmp_path / "labelled.csv"
    pd.DataFrame(
        {
            "编号": ["a", "b"],
            "反映内容": ["村会计挪用修路款", "邻居吵架"],
            "labels": ["腐败问题", ""],
            "subtypes": ["corruption.embezzlement", ""],
        }
    ).to_csv(path, index=False)
    records = read_labelled([path], TAXONOMY)
    assert records.ids == ["a", "b"]
    assert records.labels == [["corruption"], []]
    assert records.subtypes == [["corruption.embezzlement"], []]


def test_files_are_read_in_order_and_joined(tmp_path):
    for name, text in (("one.csv", "甲"), ("two.csv", "乙")):
        pd.DataFrame({"text": [text], "labels": ["党建问题"]}).to_csv(tmp_path / name, index=False)
    records = read_labelled([tmp_path / "one.csv", tmp_path / "two.csv"], TAXONOMY)
    assert records.texts == ["甲", "乙"] and len(records) == 2 and records.subtypes == [[], []]


def test_unknown_label_names_the_rows(tmp_path):
    path = tmp_path / "bad.csv"
    pd.DataFrame({"text": ["甲", "乙"], "labels": ["腐败问题", "交通问题"]}).to_csv(path, index=False)
    with pytest.raises(TextmineError, match=r"unknown labels '交通问题' \(bad.csv record 2\)"):
        read_labelled([path], TAXONOMY)


def test_unlabelled_file_is_refused_only_when_labels_are_required(tmp_path):
    path = tmp_path / "plain.csv"
    pd.DataFrame({"内容": ["甲"]}).to_csv(path, index=False)
    with pytest.raises(TextmineError, match="column 'labels"):
        read_labelled([path], TAXONOMY)
    raw = read_raw(path, require_labels=False)
    assert raw.values == [[]] and not raw.labelled and raw.ids == ["1"]
