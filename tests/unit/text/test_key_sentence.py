"""The sentence that states a record's problem."""

import pytest

from textmine.text.key_sentence import key_sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("尊敬的县纪委监委领导：\n我是石桥村的村民。村会计挪用修路款三万元。", "村会计挪用修路款三万元。"),
        (
            "谈话对象：镇文化站站长。\n谈话时间：2023年5月6日。\n他说站里的经费都拿去买了购物卡。",
            "他说站里的经费都拿去买了购物卡。",
        ),
        ("问：您今天来办什么业务？\n答：抵押注销，这是第三次来了。", "抵押注销，这是第三次来了。"),
        ("来电人称，县政务大厅窗口让他来回跑了五趟。", "县政务大厅窗口让他来回跑了五趟。"),
    ],
)
def test_openings_are_passed_over(text, expected):
    assert key_sentence(text) == expected


def test_a_writer_introducing_themselves_stays_when_the_sentence_says_what_they_report():
    assert (
        key_sentence("我是大坳村的老党员，反映村里发展党员不规范。村里其他方面都还好。")
        == "我是大坳村的老党员，反映村里发展党员不规范。"
    )
    assert key_sentence("我是大坳村的老党员，入党三十年了。村里发展党员不规范。") == "村里发展党员不规范。"


def test_a_record_of_openings_only_answers_its_first_sentence_and_long_ones_are_cut():
    assert key_sentence("尊敬的县纪委监委领导：\n谈话时间：5月6日上午。") == "尊敬的县纪委监委领导："
    assert key_sentence("甲" * 100, limit=20) == "甲" * 19 + "…"
    assert key_sentence("") == ""


def test_a_title_line_comes_with_the_sentence_after_it():
    text = "关于石碾村党支部软弱涣散问题的调研报告\n\n尊敬的领导同志们好：\n石碾村党员大会两年未开。另有其他。"
    assert key_sentence(text) == "关于石碾村党支部软弱涣散问题的调研报告\n石碾村党员大会两年未开。"
    assert key_sentence("诉求人：枫林村村民 任某某\n内容：任某某家的棚子被强拆。") == "内容：任某某家的棚子被强拆。"
