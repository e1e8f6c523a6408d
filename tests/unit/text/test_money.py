"""Amounts of money read from complaint wording and normalised to yuan."""

import pytest

from textmine.text.money import find_amounts, stated_total


def yuan(text: str) -> list[float]:
    return [a.yuan for a in find_amounts(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("收受红包3万多元", [30000.0]),
        ("报销了12800元的招待费", [12800.0]),
        ("违规发放补贴1.2万，用于购物卡", [12000.0]),
        ("扣了三万四，说是工作经费", [34000.0]),
        ("每户一万五的补助只发了一半", [15000.0]),
        ("八百块钱的加班补助", [800.0]),
        ("工程款1,250,000元", [1250000.0]),
        ("奖补资金二〇二三年拨付三十一万元", [310000.0]),
        ("涉及资金2.46万元", [24600.0]),
    ],
)
def test_amounts_are_read_in_yuan(text, expected):
    assert yuan(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "吸引游客十万人次",  # a count of people, not money
        "征用土地136亩，涉及农户3万多户",
        "〔2023〕15号文件要求2023年10月16日前整改",
        "今年元旦期间",
        "承包了三块地",
        "千万不要声张",  # 千万 as an adverb
        "全县2万余名党员",
    ],
)
def test_numbers_that_are_not_money(text):
    assert find_amounts(text) == []


def test_the_stated_total_wins_over_its_parts():
    amounts = find_amounts("有5笔共6.3万元支出以白条入账，其中2.1万元被挪去购车")
    assert [a.is_total for a in amounts] == [True, False]
    assert stated_total(amounts) == 63000.0


def test_without_a_marked_total_the_largest_amount_is_taken():
    assert stated_total(find_amounts("聘请演艺公司41万元，焰火6万元")) == 410000.0
    assert stated_total([]) is None


def test_amount_positions_point_into_the_text():
    text = "退缴违规费用2.46万元。"
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == amount.text == "2.46万元"
