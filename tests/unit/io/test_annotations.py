import json

import pytest

from textmine.errors import TextmineError
from textmine.io.annotations import (
    CHOICES_NAME,
    TEXT_NAME,
    doccano_rows,
    export_kind,
    label_studio_config,
    label_studio_rows,
    label_studio_task,
    read_json_records,
    unannotated_tasks,
    write_label_studio,
)


def choices(*names, control=CHOICES_NAME):
    return {"from_name": control, "to_name": TEXT_NAME, "type": "choices", "value": {"choices": list(names)}}


def test_label_studio_export_gives_the_latest_kept_annotation_of_each_task():
    tasks = [
        {"id": 1, "data": {"text": "甲", "id": "A1"}, "annotations": [
            {"result": [choices("交通")], "updated_at": "2024-01-01T00:00:00Z"},
            {"result": [choices("教育", "环境")], "updated_at": "2024-02-01T00:00:00Z"},
            {"result": [choices("交通")], "updated_at": "2024-03-01T00:00:00Z", "was_cancelled": True},
        ]},
        {"id": 2, "data": {"text": "乙"}, "annotations": []},
        {"id": 3, "data": {"text": "丙"}, "annotations": [{"result": [], "was_cancelled": True}]},
        {"id": 4, "data": {"message": "丁"}, "annotations": [{"result": [choices("交通"), choices("好", control="quality")]}]},
    ]  # fmt: skip
    rows = label_studio_rows(tasks)
    assert [(r["text"], r["labels"], r["source"]) for r in rows] == [
        ("甲", ["教育", "环境"], "task 1"),
        ("丁", ["交通"], "task 4"),
    ]
    assert rows[0]["id"] == "A1"
    assert unannotated_tasks(tasks) == ["task 2", "task 3"]


def test_label_studio_taxonomy_paths_give_their_leaf():
    region = {"type": "taxonomy", "value": {"taxonomy": [["腐败问题", "挪用公款"]]}}
    tasks = [{"id": 1, "data": {"text": "甲"}, "annotations": [{"result": [region]}]}]
    assert label_studio_rows(tasks)[0]["labels"] == ["挪用公款"]


def test_export_kinds_are_told_apart():
    assert export_kind([{"id": 1, "data": {"text": "甲"}, "annotations": []}]) == "labelstudio"
    assert export_kind([{"text": "甲", "annotations": [{"label": "交通", "user": 1}]}]) == "doccano"
    assert export_kind([{"text": "甲", "label": ["交通"]}]) is None  # a plain table with a label column
    assert doccano_rows([{"id": 5, "text": "甲", "annotations": [{"label": "交通"}, {"label": "教育"}]}])[0][
        "labels"
    ] == [
        "交通",
        "教育",
    ]


def test_tasks_and_config_name_the_same_controls(tmp_path):
    task = label_studio_task({"text": "甲"}, ["交通"], 0.61234, "m1")
    result = task["predictions"][0]["result"][0]
    assert (result["from_name"], result["to_name"], result["value"]) == (CHOICES_NAME, TEXT_NAME, {"choices": ["交通"]})
    assert task["predictions"][0]["score"] == 0.6123
    config = label_studio_config(["交通", 'A"B'], multiple=False)
    assert f'<Choices name="{CHOICES_NAME}" toName="{TEXT_NAME}" choice="single"' in config
    assert "<Choice value='A\"B'/>" in config
    config_path = write_label_studio(tmp_path / "tasks.json", [task], config)
    assert json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8")) == [task]
    assert config_path.read_text(encoding="utf-8") == config


def test_label_studio_output_must_be_json(tmp_path):
    with pytest.raises(TextmineError, match=r"name the output \.json"):
        write_label_studio(tmp_path / "tasks.xlsx", [], "")


def test_broken_json_is_one_sentence(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(TextmineError, match="is not valid JSON"):
        read_json_records(path)
