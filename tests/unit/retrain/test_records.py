import json

import pandas as pd
import pytest

from textmine.errors import TextmineError
from textmine.io.columns import find_label_column
from textmine.retrain.records import (
    LabelledRecords,
    RawRecords,
    label_items,
    parse_records,
    read_raw,
    taxonomy_from_labels,
)
from textmine.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def test_labels_as_ids_names_and_separated_lists(tmp_path):
    frame = pd.DataFrame(
        {
            "反映内容": ["甲", "乙", "丙", "丁", "戊"],
            "类别": ["corruption", "腐败问题;党建问题", "形式主义、官僚主义", "hedonism,extravagance", None],
        }
    )
    frame.to_excel(tmp_path / "cases.xlsx", index=False)
    records = parse_records(read_raw(tmp_path / "cases.xlsx"), TAXONOMY)
    assert records.labels == [
        ["corruption"],
        ["corruption", "party_building"],
        ["formalism", "bureaucratism"],
        ["hedonism", "extravagance"],
        [],
    ]
    assert records.sources[1] == "cases.xlsx record 2"


def test_lists_in_jsonl_and_subtypes_give_their_parent(tmp_path):
    lines = [{"text": "甲", "labels": ["腐败问题"]}, {"text": "乙", "labels": ["corruption.embezzlement"]}]
    (tmp_path / "cases.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8")
    records = parse_records(read_raw(tmp_path / "cases.jsonl"), TAXONOMY)
    assert records.labels == [["corruption"], ["corruption"]]
    assert records.subtypes == [[], ["corruption.embezzlement"]]


def test_unknown_labels_are_listed_with_their_records_and_the_valid_labels(tmp_path):
    frame = pd.DataFrame({"text": ["甲", "乙", "丙", "丁"], "labels": ["腐化", "腐败问题", "腐化;党建", "形式主义"]})
    frame.to_csv(tmp_path / "cases.csv", index=False)
    with pytest.raises(TextmineError) as caught:
        parse_records(read_raw(tmp_path / "cases.csv"), TAXONOMY)
    message = str(caught.value)
    assert "'腐化' (cases.csv record 1, cases.csv record 3)" in message
    assert "'党建' (cases.csv record 3)" in message
    assert "valid labels are: formalism (形式主义)" in message and "party_building (党建问题)" in message


def test_label_column_is_found_or_reported_with_the_columns():
    assert find_label_column(["编号", "内容", "标签"]) == "标签"
    assert find_label_column(["text", "Label"]) == "Label"
    with pytest.raises(TextmineError, match="its columns are: 编号, 内容"):
        find_label_column(["编号", "内容"])
    with pytest.raises(TextmineError, match="'分类'"):
        find_label_column(["编号", "内容"], "分类")


def test_title_goes_before_the_text_and_rows_without_text_are_left_out(tmp_path):
    frame = pd.DataFrame(
        {
            "title": ["路灯坏了", None, None, "校车超员"],
            "text": ["晚上漆黑", "学校收费", "", None],
            "label": ["交通", "教育", "交通", "教育"],
        }
    )
    frame.to_csv(tmp_path / "cases.csv", index=False)
    raw = read_raw(tmp_path / "cases.csv", title_column="title")
    assert raw.texts == ["路灯坏了\n晚上漆黑", "学校收费", "校车超员"]
    assert raw.skipped == ("cases.csv record 3",)


def test_inferred_taxonomy_holds_the_distinct_labels():
    raw = RawRecords(["甲", "乙", "丙"], ["交通", {"choices": ["教育", "交通"]}, ["环境"]], ["1", "2", "3"])
    taxonomy = taxonomy_from_labels(raw)
    assert taxonomy.label_ids == ("交通", "教育", "环境")
    assert parse_records(raw, taxonomy).labels == [["交通"], ["交通", "教育"], ["环境"]]
    assert label_items({"choices": ["甲"]}) == ["甲"]


def test_single_label_is_exactly_one_label_everywhere():
    one = LabelledRecords(["甲", "乙"], [["a"], ["b"]], [[], []], ["1", "2"])
    assert one.single_label
    assert not (one + LabelledRecords(["丙"], [[]], [[]], ["3"])).single_label
    assert one.subset([1]).texts == ["乙"]


def test_missing_file_is_one_sentence(tmp_path):
    with pytest.raises(TextmineError, match="does not exist"):
        read_raw(tmp_path / "nope.xlsx")
