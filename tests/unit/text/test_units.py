"""The unit tagger: decoding, the shipped weights, and agreement with CRFsuite."""

import itertools

import numpy as np
import pytest

from textmine.errors import TextmineError
from textmine.text.entities import Name
from textmine.text.units import (
    FORMAT,
    UnitTagger,
    _viterbi,
    _viterbi_with_unit,
    body_of_region,
    body_of_town,
    is_never_unit,
    is_private,
    is_region,
    most_complete,
    named_for_place,
    spans_of,
    tidy,
    without_role,
)


def brute_force(emissions, transitions, keep=lambda path: True):
    best, best_score = None, -np.inf
    for path in itertools.product(range(emissions.shape[1]), repeat=len(emissions)):
        if not keep(path):
            continue
        score = sum(emissions[k, y] for k, y in enumerate(path)) + sum(
            transitions[a, b] for a, b in itertools.pairwise(path)
        )
        if score > best_score:
            best, best_score = list(path), score
    return best, best_score


@pytest.mark.parametrize("seed", range(8))
def test_viterbi_finds_the_best_path_and_the_best_path_with_a_unit(seed):
    rng = np.random.default_rng(seed)
    emissions, transitions = rng.normal(size=(6, 3)), rng.normal(size=(3, 3))
    emissions[:, 0] += 1.5  # "O" (label 0) usually wins
    path, score = _viterbi(emissions, transitions)
    assert (path, pytest.approx(score)) == brute_force(emissions, transitions)
    forced, forced_score = _viterbi_with_unit(emissions, transitions, outside=0)
    expected, expected_score = brute_force(emissions, transitions, keep=lambda p: any(y != 0 for y in p))
    assert forced == expected and forced_score == pytest.approx(expected_score)


def test_the_margin_takes_a_unit_only_when_it_is_nearly_as_likely():
    weights = {"format": FORMAT, "labels": ["O", "B", "I"], "transitions": [[0, 0, -9], [0, -9, 1], [0, -9, 1]],
               "attributes": {"b": [1.0, 0.0, 0.0], "c=局": [0.0, 0.5, 0.8]}}  # fmt: skip
    tagger = UnitTagger(weights)
    features = [["b", "c=县"], ["b", "c=局"]]
    assert tagger.tag_features(features) == ["O", "O"]
    assert tagger.tag_features(features, margin=5.0) == ["B", "I"]


def test_spans_of_tags():
    assert spans_of(["O", "B", "I", "I", "O", "B", "B", "I"]) == [(1, 4), (5, 6), (6, 8)]
    assert spans_of([]) == []


def test_the_shipped_tagger_finds_the_unit_with_its_post():
    tagger = UnitTagger.default()
    assert (
        tagger.unit("反映沙坝镇碾盘村党支部书记刘某军优亲厚友，把低保名额给了自己的亲戚。") == "沙坝镇碾盘村党支部书记"
    )
    assert tagger.unit("") is None


def test_a_file_that_is_not_a_tagger_is_one_sentence(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(TextmineError, match="not a textmine unit tagger"):
        UnitTagger.load(path)
    with pytest.raises(TextmineError, match="cannot read"):
        UnitTagger.load(tmp_path / "missing.json")


@pytest.mark.optional
def test_decoding_equals_crfsuite():
    pytest.importorskip("sklearn_crfsuite", reason="the crf extra is not installed")
    import sklearn_crfsuite

    from textmine.text.unit_training import export_weights, training_sequences

    examples = [
        ("县水务局局长收受红包两万元", "县水务局局长"), ("柳河村会计挪用修路款", "柳河村会计"), ("邻居吵架影响休息", None),
        ("县教育局超标准接待检查组", "县教育局"), ("石门乡政府天天要求打卡", "石门乡政府"), ("表扬县医院医生", "县医院"),
    ] * 3  # fmt: skip
    features, tags = training_sequences(examples)
    crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=0.01, c2=0.01, max_iterations=30)
    crf.fit(features, tags)
    tagger = UnitTagger(export_weights(crf, min_weight=0.0))
    assert [tagger.tag_features(f) for f in features] == [list(p) for p in crf.predict(features)]


def test_staff_words_and_annexes_are_cut_from_a_body_but_a_bare_post_stays():
    assert without_role("县税务局第一稽查局干部") == "县税务局第一稽查局"
    assert without_role("澄湖县医疗保障局服务大厅") == "澄湖县医疗保障局"
    assert without_role("雪松县中心卫生院收费窗口") == "雪松县中心卫生院"
    assert without_role("大枣坪村村干部") == "大枣坪村村干部"
    assert without_role("东篱县不动产登记大厅") == "东篱县不动产登记大厅"


def test_a_bare_village_or_town_body_is_named_by_the_place_the_record_names():
    text = "我们是狗尾坝村的村民，反映村支书彭某某嫁女儿大操大办。"
    assert named_for_place(text, "村支书", [(3, 7)]) == "狗尾坝村"
    assert named_for_place(text, "村支书", []) == "村支书"
    assert named_for_place("乡安监站检查走过场，首乌乡的村民说", "乡安监站", [(9, 12)]) == "乡安监站"
    assert named_for_place("冷水铺乡的干部反映乡党委书记", "乡党委书记", [(0, 4)]) == "冷水铺乡"


def test_the_most_complete_mention_takes_its_places_and_post():
    text = "通报：老鸦滩村党支部书记吴某某优亲厚友。芗溪县河口镇老鸦滩村党支部书记吴某某在低保评定中"
    places = [(20, 26), (26, 30)]
    assert text[20:30] == "芗溪县河口镇老鸦滩村"
    assert most_complete(text, "老鸦滩村党支部书记", places) == "芗溪县河口镇老鸦滩村党支部书记"
    assert most_complete("五味子镇信访办主任不接待", "五味子镇信访办", []) == "五味子镇信访办主任"
    assert most_complete("县水利局局长", "县水利局局长", []) == "县水利局局长"


def test_a_county_alone_is_no_unit():
    assert is_region("苘川县") and is_region("曦湖区") and not is_region("白鹭社区")
    assert body_of_region("苘川县", "", [Name("苘川县残疾人联合会", "unit", 2, 11)]) == "苘川县残疾人联合会"
    assert body_of_region("苘川县", "", []) == "苘川县"
    weights = {"format": FORMAT, "labels": ["O", "B", "I"], "transitions": [[0, 0, -9], [0, -9, 1], [0, -9, 1]],
               "attributes": {"b": [1.0, 0.0, 0.0], "c=蓼": [0.0, 5.0, 0.0], "c=河": [0.0, 0.0, 5.0],
                              "c=县": [0.0, 0.0, 5.0]}}  # fmt: skip
    tagger = UnitTagger(weights)
    assert tagger.spans("我是蓼河县的村民") == ["蓼河县"]
    assert tagger.unit("我是蓼河县的村民") is None


def test_a_generic_word_tagged_alone_is_no_unit_and_the_next_unit_is_taken():
    weights = {"format": FORMAT, "labels": ["O", "B", "I"], "transitions": [[0, 0, -9], [0, -9, 1], [0, -9, 1]],
               "attributes": {"b": [1.0, 0.0, 0.0], "c=乡": [0.0, 5.0, 0.0], "c=里": [0.0, 0.0, 5.0],
                              "c=站": [0.0, 0.0, 5.0], "c=农": [0.0, 0.0, 5.0]}}  # fmt: skip
    tagger = UnitTagger(weights)
    assert tagger.spans("乡里说的，后来找乡农站") == ["乡里", "乡农站"]
    assert tagger.unit("乡里说的，后来找乡农站") == "乡农站"
    assert tagger.unit("乡里说的") is None


def test_a_town_tagged_alone_is_taken_with_the_body_named_after_it():
    names = [Name("鹭门乡政府", "unit", 0, 5), Name("鹭门乡", "place", 9, 12), Name("鹭门乡党委", "unit", 20, 25)]
    names.append(Name("鹭门乡政府", "unit", 30, 35))
    assert body_of_town("鹭门乡", names) == "鹭门乡政府"  # named twice
    assert body_of_town("鹭门乡", [Name("鹭门乡", "place", 0, 3)]) == "鹭门乡"
    assert body_of_town("石磨村", [Name("石磨村村委会", "unit", 0, 6)]) == "石磨村"  # a village is a unit


def test_a_verb_written_before_a_tagged_name_is_cut():
    assert tidy("致芦溪镇派出所") == "芦溪镇派出所"
    assert tidy("打自来水公司") == "自来水公司"
    assert tidy("可澄溪县畜牧兽医站") == "澄溪县畜牧兽医站"


def test_a_conjunction_written_before_a_tagged_name_is_cut():
    assert tidy("而教育局") == "教育局"
    assert tidy("但西地省") == "西地省"


def test_a_company_named_as_private_is_private_even_with_a_city_in_its_name():
    assert is_private("K市景树卫生材料有限公司") and is_private("D市酬天拓兴房地产公司")
    assert not is_private("县城投公司") and not is_private("中国电信股份有限公司M5市分公司")
    assert not is_private("A7县润三燃气公司")


def test_a_state_investment_company_of_a_county_and_a_village_collective_are_public():
    assert not is_private("潭口县城市建设投资有限公司") and not is_private("县城乡建设投资集团有限公司党委")
    assert not is_private("芝麻岭村股份经济合作社")
    assert is_private("鑫源投资集团有限公司")  # no county, city or district in its name


def test_generic_words_private_firms_and_words_after_a_conjunction_are_never_the_unit():
    for name in ("有关部门", "当地政府", "贵局", "有限公司", "而教育局", "A市三人行快运有限公司"):
        assert is_never_unit(name), name
    for name in ("县教育局", "西地省人事考试院", "D9县政府主管部门", "校长"):
        assert not is_never_unit(name), name


def test_a_candidate_that_is_never_a_unit_is_not_offered_to_the_ranker():
    weights = {"format": FORMAT, "labels": ["O", "B", "I"], "transitions": [[0, 0, -9], [0, -9, 1], [0, -9, 1]],
               "attributes": {"b": [1.0, 0.0, 0.0], "c=有": [0.0, 5.0, 0.0], "c=限": [0.0, 0.0, 5.0],
                              "c=公": [0.0, 0.0, 5.0], "c=司": [0.0, 0.0, 5.0]},
               "ranker": {"coef": {"tagged": 3.0}, "intercept": 0.0, "threshold": 0.0}}  # fmt: skip
    tagger = UnitTagger(weights)
    text = "鑫隆有限公司占道经营"
    assert "有限公司" in tagger.spans(text)
    candidates, _ = tagger.candidates(text, None, None, [])
    assert all(not is_never_unit(c.text) for c in candidates)
    assert tagger.unit(text) is None


@pytest.mark.optional
def test_training_twice_gives_the_same_bytes():
    pytest.importorskip("sklearn_crfsuite", reason="the crf extra is not installed")
    import json

    from textmine.text.unit_training import train_unit_tagger

    examples = [
        ("县水务局局长收受红包", "县水务局局长"),
        ("邻居吵架", None),
        ("向县住房和城乡建设局反映", "县住房和城乡建设局"),
    ]
    first, second = (train_unit_tagger(examples * 3, max_iterations=20) for _ in range(2))
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert any(name.startswith("al=") for name in first["attributes"])


def test_label_chances_match_every_path_of_a_small_chain_summed_by_hand():
    import itertools

    import numpy as np

    from textmine.text.units import _marginals

    rng = np.random.default_rng(3)
    emissions, transitions = rng.normal(size=(4, 3)) * 3, rng.normal(size=(3, 3)) * 2
    expected = np.zeros_like(emissions)
    for path in itertools.product(range(3), repeat=4):
        score = sum(emissions[k, label] for k, label in enumerate(path))
        score += sum(transitions[a, b] for a, b in itertools.pairwise(path))
        for k, label in enumerate(path):
            expected[k, label] += np.exp(score)
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.allclose(_marginals(emissions, transitions), expected)
