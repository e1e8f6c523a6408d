import pytest

from textmine.errors import TextmineError
from textmine.taxonomy import Taxonomy, infer_taxonomy, load_taxonomy


def test_builtin_taxonomy_has_six_labels_and_their_subtypes():
    tax = load_taxonomy()
    assert tax.label_ids == ("formalism", "bureaucratism", "hedonism", "extravagance", "corruption", "party_building")
    assert len(tax.subtype_ids) == 39
    assert all(tax.parent_of(s) == s.split(".")[0] for s in tax.subtype_ids)
    assert [g.name for g in tax.groups] == ["形式主义官僚主义", "享乐主义奢靡之风", "腐败", "党建"]


def test_parse_labels_accepts_ids_names_subtypes_and_separators():
    tax = load_taxonomy()
    assert tax.parse_labels("腐败问题、形式主义") == ["formalism", "corruption"]
    assert tax.parse_labels("corruption;party_building") == ["corruption", "party_building"]
    assert tax.parse_labels(["优亲厚友"]) == ["corruption"]
    assert tax.parse_labels("") == []
    assert tax.parse_labels(float("nan")) == []


def test_unknown_label_names_the_valid_ones():
    with pytest.raises(TextmineError, match="valid labels are: formalism"):
        load_taxonomy().parse_labels("交通问题")


def test_custom_taxonomy_round_trips_through_yaml(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: 我的分类\nlabels:\n  - id: roads\n    name: 道路\n  - id: water\n    name: 供水\n", encoding="utf-8"
    )
    tax = load_taxonomy(path)
    assert tax.label_ids == ("roads", "water")
    assert Taxonomy.from_dict(tax.to_dict()) == tax


def test_malformed_taxonomy_is_a_plain_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("labels: [{name: 没有id}]", encoding="utf-8")
    with pytest.raises(TextmineError, match="needs an 'id'"):
        load_taxonomy(path)
    with pytest.raises(TextmineError, match="does not exist"):
        load_taxonomy(tmp_path / "missing.yaml")


def test_infer_taxonomy_from_label_column():
    tax = infer_taxonomy(["交通", "教育;交通", None, "卫生"])
    assert tax.label_ids == ("交通", "卫生", "教育")


def test_two_categories_with_one_name_are_refused_and_a_missing_name_is_the_id():
    entries = {"labels": [{"id": "money", "name": "钱款问题"}, {"id": "party", "name": "钱款问题"}]}
    with pytest.raises(TextmineError, match="the same name '钱款问题'"):
        Taxonomy.from_dict(entries)
    unnamed = Taxonomy.from_dict({"labels": [{"id": "money", "name": ""}, {"id": "party"}]})
    assert [label.name for label in unnamed.labels] == ["money", "party"]


def test_a_taxonomy_file_that_is_not_yaml_is_one_line(tmp_path):
    (tmp_path / "t.yaml").write_text("labels:\n  - id: a\n   name: b\n", encoding="utf-8")
    with pytest.raises(TextmineError) as refused:
        load_taxonomy(tmp_path / "t.yaml")
    assert "is not valid YAML (line 3:" in str(refused.value) and "\n" not in str(refused.value)
