import pytest

from textmine.text.entities import find_names
from textmine.text.segment import Segmenter
from textmine.text.unit_choice import Candidate, UnitRanker, candidate_features, unit_candidates
from textmine.text.units import AnswerForm, UnitTagger, first_answerable

TEXT = "我们向县纪委反映过，县住建局局长收了开发商的红包。"


def test_candidates_come_from_the_tagger_and_the_finder_in_their_answer_form():
    segmenter = Segmenter.default()
    tagged = segmenter.tagged(TEXT)
    names = find_names(TEXT, tagged, segmenter.tokenizer.FREQ)
    found = unit_candidates(TEXT, ["县住建局"], names, AnswerForm(TEXT, names))
    by_text = {c.text: c for c in found}
    assert by_text["县住建局局长"].tagged and by_text["县住建局局长"].start == TEXT.index("县住建局")
    assert "县住建局" in by_text  # the mention as tagged is a candidate too
    assert [c.start for c in found if c.start >= 0] == sorted(c.start for c in found if c.start >= 0)
    assert all(not c.tagged for c in found if c.text.startswith("县纪委"))


def test_a_county_alone_or_a_private_shop_has_no_answer_form_and_stays_a_rejected_candidate():
    form = AnswerForm("苘川县的鑫隆装饰工程有限公司", [])
    assert form("苘川县") is None
    assert form("鑫隆装饰工程有限公司") is None
    [county] = unit_candidates("苘川县", ["苘川县"], [], form)
    assert (county.text, county.how, county.tagged) == ("苘川县", "rejected", False)


def test_candidates_include_shorter_names_inside_and_the_office_written_after():
    text = "县住建局物业管理科科长不回电话"
    found = {c.text: c.how for c in unit_candidates(text, ["县住建局"], [], lambda u: u)}
    assert found["县住建局"] == "tagged"
    assert found["县住建局物业管理科"] == "longer"
    assert "县住建局物业管理科科长" not in found  # only the first two longer forms
    inner = {c.text: c.how for c in unit_candidates(text, ["县住建局物业管理科"], [], lambda u: u)}
    assert inner["县住建局"] == "cut"


def test_candidates_carry_the_taggers_chances_at_their_surest_mention():
    import numpy as np

    text = "县住建局和县住建局"
    inside = np.array([0.2, 0.2, 0.2, 0.2, 0.0, 0.9, 0.9, 0.9, 0.9])
    begins = np.array([0.2, 0, 0, 0, 0, 0.9, 0, 0, 0])
    [unit] = [c for c in unit_candidates(text, ["县住建局"], [], lambda u: u, (inside, begins)) if c.text == "县住建局"]
    assert unit.start == 0 and unit.inside == pytest.approx(0.9) and unit.begins == pytest.approx(0.9)
    assert unit.ends == 1.0


def test_features_say_where_a_candidate_stands_and_what_surrounds_it():
    first = Candidate("县纪委", TEXT.index("县纪委"), tagged=True, tag_rank=0)
    second = Candidate("县住建局局长", TEXT.index("县住建局"), tagged=True, tag_rank=1)
    feats = candidate_features(TEXT, second, [first, second], pick="县住建局局长")
    assert {"rule_pick", "order=1", "tag_rank=1", "end2=局长", "count=1"} <= set(feats)
    assert "oversight" in candidate_features(TEXT, first, [first, second], pick="县住建局局长")
    assert "unwritten" in candidate_features(TEXT, Candidate("县住建局副局长", -1), [first], pick=None)


def test_the_ranker_answers_the_best_candidate_or_none_under_its_threshold():
    candidates = [Candidate("县纪委", 5, tagged=True), Candidate("县住建局局长", 10, tagged=True, tag_rank=1)]
    weights = {"coef": {"oversight": -4.0, "tagged": 1.0}, "intercept": 0.0}
    assert UnitRanker(weights | {"threshold": 0.5}).choose(TEXT, candidates) == "县住建局局长"
    assert UnitRanker(weights | {"threshold": 0.9}).choose(TEXT, candidates) is None
    assert UnitRanker(weights).choose(TEXT, []) is None
    chances = UnitRanker(weights).probabilities(TEXT, candidates)
    assert chances[0] < 0.5 < chances[1]


def test_without_a_ranker_the_tagger_answers_the_first_unit_that_is_no_discipline_body():
    assert first_answerable(TEXT, ["县纪委", "县住建局"], []) == "县住建局局长"
    assert first_answerable(TEXT, ["县纪委"], []) == "县纪委"
    assert first_answerable(TEXT, [], []) is None


def test_the_shipped_tagger_answers_through_its_ranker_when_it_has_one():
    tagger = UnitTagger.default()
    answer = tagger.unit(TEXT)
    assert answer is not None and answer.startswith("县住建局")


@pytest.mark.optional
def test_a_ranker_learns_to_pass_over_the_discipline_body():
    pytest.importorskip("sklearn_crfsuite", reason="the crf extra is not installed")
    from textmine.text.unit_training import fit_ranker

    oversight = Candidate("县纪委", 2, tagged=True, tag_rank=0)
    bureau = Candidate("县住建局", 9, tagged=True, tag_rank=1)
    examples = [("向县纪委反映县住建局的问题", [oversight, bureau], "县住建局", "县住建局")] * 20
    weights = fit_ranker(examples, c=1.0)
    assert weights["coef"].get("oversight", 0) < 0
    assert UnitRanker(weights).choose("向县纪委反映县住建局的问题", [oversight, bureau]) == "县住建局"


def test_a_tagger_file_without_a_ranker_answers_by_the_first_answerable_rule():
    import json

    from textmine.text.units import DEFAULT_PATH

    weights = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert "ranker" in weights
    plain = UnitTagger({k: v for k, v in weights.items() if k != "ranker"})
    assert plain.ranker_ is None and UnitTagger(weights).ranker_ is not None
    segmenter = Segmenter.default()
    tagged, freq = segmenter.tagged(TEXT), segmenter.tokenizer.FREQ
    names = find_names(TEXT, tagged, freq)
    assert plain.unit(TEXT, tagged, freq) == first_answerable(TEXT, plain.spans(TEXT, tagged, freq), names)


def test_a_span_longer_than_any_unit_is_no_candidate_and_a_repeated_span_keeps_its_first_rank():
    text = "县住建局" * 20 + "，县水利局"
    calls = []

    def form(mention):
        calls.append(mention)
        return mention

    found = unit_candidates(text, ["县住建局" * 20, "县住建局", "县水利局", "县住建局"], [], form)
    assert "县住建局" * 20 not in [c.text for c in found]
    ranks = {c.text: c.tag_rank for c in found if c.tagged}
    assert ranks == {"县住建局": 1, "县水利局": 2}
    assert calls.count("县住建局") == 1  # each mention's answer form is found once
