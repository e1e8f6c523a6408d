"""Reading a Label Studio labelling config and turning a classification into a prediction."""

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON, fixture
from textmine.classify import Classification, LabelResult, SubtypeResult
from textmine.taxonomy import load_taxonomy

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]
TAXONOMY = load_taxonomy()


def test_the_config_textmine_suggest_writes_is_read():
    from textmine.serve.labelstudio import read_config

    [control] = read_config(fixture("predict_request.json")["label_config"], TAXONOMY, multiple=False)
    assert (control.name, control.to_name, control.text_key, control.multiple) == ("label", "text", "text", True)
    assert control.choices[4] == ("腐败问题", "corruption") and len(control.choices) == 6


def test_aliases_ids_subtypes_and_unknown_choices():
    from textmine.serve.labelstudio import read_config

    controls = read_config(fixture("predict_request_subtypes.json")["label_config"], TAXONOMY, multiple=True)
    assert [(c.name, c.text_key, c.multiple) for c in controls] == [("category", "content", False),
                                                                     ("subtype", "content", True)]  # fmt: skip
    assert controls[0].choices == (("腐败", "corruption"), ("formalism", "formalism"))  # 其他 is not textmine's
    assert controls[1].choices[0] == ("贪污侵占挪用", "corruption.embezzlement")


def test_without_a_config_the_labels_names_are_the_choices():
    from textmine.serve.labelstudio import read_config

    [control] = read_config(None, TAXONOMY, multiple=False)
    assert [value for value, _ in control.choices] == [label.name for label in TAXONOMY.labels]
    assert not control.multiple


def test_a_prediction_chooses_by_score_and_respects_single_choice():
    from textmine.serve.labelstudio import ChoicesControl, prediction

    result = Classification(
        labels=[LabelResult("formalism", "形式主义", 0.6), LabelResult("corruption", "腐败问题", 0.9,
                                                                      [SubtypeResult("corruption.embezzlement", "贪污侵占挪用", 0.8)])],
        scores={"formalism": 0.6, "corruption": 0.9, "hedonism": 0.1},
    )  # fmt: skip
    single = ChoicesControl("c", "t", "text", (("形式主义", "formalism"), ("腐败问题", "corruption")), False)
    many = ChoicesControl("m", "t", "text", (("形式主义", "formalism"), ("腐败问题", "corruption"),
                                              ("挪用", "corruption.embezzlement")), True)  # fmt: skip
    found = prediction(result, [single, many], "v1")
    assert [r["value"]["choices"] for r in found["result"]] == [["腐败问题"], ["腐败问题", "挪用", "形式主义"]]
    assert found["score"] == 0.75 and found["model_version"] == "v1"
    nothing = prediction(Classification([], {"formalism": 0.2}), [single], "v1")
    assert nothing["result"] == [] and nothing["score"] == 0.8
    assert prediction(None, [single], "v1") == {"result": [], "score": 0.0, "model_version": "v1"}
