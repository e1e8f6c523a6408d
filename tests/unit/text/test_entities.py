"""Places, units and posts found in running text with the shipped dictionary's tagger."""

import pytest

from textmine.text import Segmenter, normalize
from textmine.text.entities import entity_words, find_names, is_oversight, roles_in, written_names


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter.default()


def names(segmenter, text, kind):
    text = normalize(text)
    found = find_names(text, segmenter.tagged(text), segmenter.tokenizer.FREQ)
    return [n.post for n in found if n.kind == kind]


@pytest.mark.parametrize(
    "text,places",
    [
        ("石碾镇桑园村村委会2022年有5笔支出以白条入账", ["石碾镇桑园村"]),
        ("我是鹤岭乡下洼村的一名村干部", ["鹤岭乡下洼村"]),
        ("砚湖县住建局副局长王某在保障房维修工程中", ["砚湖县"]),
        ("泓源县统计局局长办公室面积达42平方米", ["泓源县"]),
        ("南溪街道柘林社区居委会主任胡某某", ["南溪街道柘林社区"]),
    ],
)
def test_places_including_names_jieba_cuts_apart(segmenter, text, places):
    assert names(segmenter, text, "place") == places


@pytest.mark.parametrize(
    "text",
    [
        "县农业农村局推进乡村振兴只转文不督办",  # 村 inside a bureau's name
        "群众反映情况村里没人管",
        "党组会议研究决定，调研组和督导组进驻",
        "在超市门口排队，城市管理不到位",
        "许多村民和社区群众都反映过",
    ],
)
def test_words_that_end_like_places_are_not_places(segmenter, text):
    assert names(segmenter, text, "place") == []


def test_units_with_the_county_character_and_their_posts(segmenter):
    units = names(segmenter, "县水务局柳河村党支部书记王某某收受红包", "unit")
    assert units == ["县水务局", "柳河村党支部书记"]


def test_a_unit_takes_in_its_place_and_name_words_before_it(segmenter):
    assert names(segmenter, "澄湖县医疗保障局服务大厅工作人员上班时间刷视频", "unit") == ["澄湖县医疗保障局"]
    assert names(segmenter, "在县政务服务中心排了一上午", "unit") == ["县政务服务中心"]


@pytest.mark.parametrize(
    "text,units",
    [
        ("乡民政办和村里的同志一起到我家核对", ["乡民政办"]),
        ("打过双河乡供水站的电话四次", ["双河乡供水站"]),
        ("我向省人社厅反映过多次", ["省人社厅"]),
        ("乡劳动保障所所长不接待", ["乡劳动保障所所长"]),
    ],
)
def test_township_offices_and_provincial_departments_are_units(segmenter, text, units):
    assert names(segmenter, text, "unit") == units


def test_a_place_does_not_begin_before_a_word_of_going_with(segmenter):
    assert names(segmenter, "这伙人的头目跟镇综治办的一个主任关系很铁", "unit") == ["镇综治办"]


def test_units_in_a_chain_stay_apart_in_order(segmenter):
    text = "县交通运输局运输管理所稽查中队的人经常接受请客"
    assert names(segmenter, text, "unit") == ["县交通运输局", "运输管理所", "稽查中队"]


def test_a_place_followed_by_a_post_is_a_post(segmenter):
    assert names(segmenter, "荷叶塘村村支书为儿子操办升学宴", "unit") == ["荷叶塘村村支书"]


def test_verbs_ending_like_units_are_not_units(segmenter):
    assert names(segmenter, "他儿子操办婚宴，在酒店举办，未办手续", "unit") == []


def test_roles_take_in_an_administrative_character(segmenter):
    text = normalize("村干部和镇干部都知道，村会计负责报账")
    assert roles_in(segmenter.tagged(text)) == ["村干部", "镇干部", "村会计"]


def test_discipline_bodies_are_told_apart():
    assert is_oversight("县纪委监委") and is_oversight("市委第三巡察组")
    assert not is_oversight("县水务局")


def test_entity_words_are_unchanged():
    assert entity_words(["杏花岭乡", "河湾村", "会计", "县水务局", "挪用", "村"]) == ["杏花岭乡", "河湾村", "县水务局"]


def test_a_verb_of_saying_or_asking_does_not_start_a_name():
    # jieba leaves 说 / 公司 and 找 / 社区 apart; joined, they read as a company and a community named 说 and 找
    assert entity_words(["他", "说", "公司", "没", "钱"]) == []
    assert entity_words(["我们", "找", "社区", "三次"]) == []
    assert entity_words(["说", "柳河村", "公司"]) == ["柳河村"]


def test_teams_and_generic_places_are_not_names():
    assert entity_words(["巡察组", "检查组", "农村", "石门乡"]) == ["石门乡"]


def test_written_names_join_no_pieces_a_stop_word_kept_apart():
    segmenter = Segmenter.default()
    text = "搅拌站从绿心范围内搬到居民区，灰尘很大。我们多次找县水利局，石碾镇柳塘村的路还是没修。"
    found = written_names(segmenter.cut(text), text, segmenter.stop_words)
    assert "搬居民区" not in found
    assert {"搅拌站", "居民区", "县水利局", "石碾镇", "柳塘村"} <= set(found)
    assert all(name in text for name in found)


def test_everyday_words_ending_like_a_unit_are_no_units():
    from textmine.text.entities import is_unit

    assert not any(is_unit(word) for word in ("格局", "大局", "厕所", "场所", "网站"))
    assert all(is_unit(word) for word in ("县水利局", "派出所", "镇水务站"))


@pytest.mark.parametrize(
    "text",
    [
        "我该怎么办呢，到处都是垃圾",
        "附近没一所学校，这几所学校都远",
        "孩子住院了，出院以后有所好转",
        "该校老师说有好处",
    ],
)
def test_pronouns_adverbs_measures_and_everyday_words_in_running_text_name_no_unit(segmenter, text):
    assert names(segmenter, text, "unit") == []


def test_a_place_written_as_a_code_keeps_its_code(segmenter):
    text = "A7县楚龙街道不作为，M市M1区蛇形山镇新洋村村民反映，F5县团洲乡中心小学乱收费。"
    assert names(segmenter, text, "place") == ["A7县楚龙街道", "M市M1区蛇形山镇新洋村", "F5县团洲乡"]
    assert "F5县团洲乡中心小学" in names(segmenter, text, "unit")
    assert names(segmenter, "ABC市的IBM公司", "place") == []


def test_a_place_does_not_begin_with_the_unit_of_a_date_before_it(segmenter):
    assert names(segmenter, "2019年西地省教育厅发了文件", "place") == ["西地省"]
