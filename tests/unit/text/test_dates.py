"""Dates, periods and the date a record carries."""

from textmine.text.dates import find_dates, find_periods, record_date


def test_dates_at_the_precision_written():
    assert find_dates("2023年10月16日抽查，2022年3月以来未整改，2021年全年") == ["2023-10-16", "2022-03", "2021"]


def test_month_and_day_take_the_last_year_named():
    assert find_dates("2023年7月14日晚上喝酒，8月2日又去了") == ["2023-07-14", "2023-08-02"]


def test_a_month_alone_or_a_count_is_not_a_date():
    assert find_dates("整改了3个月，拖了12月") == []
    assert find_dates("入党四十多年，工作了20年") == []


def test_iso_and_chinese_numeral_years():
    assert find_dates("来电时间2024-05-06 10:20") == ["2024-05-06"]
    assert find_dates("二〇二三年五月") == ["2023"]  # a month in Chinese numerals is not read
    assert find_dates("二〇二三年5月12日") == ["2023-05-12"]


def test_periods():
    text = "2023年春节期间收受购物卡，去年中秋又收了月饼，2021年以来多次违规，2022年4月至2023年8月未入账"
    assert find_periods(text) == ["2023年春节期间", "去年中秋", "2021年以来", "2022年4月至2023年8月"]


def test_record_date_prefers_the_signature():
    letter = "2023年10月2日在青枫大酒店举办婚礼，酒席摆了58桌。请领导调查。\n实名举报人 2023年10月9日"
    assert record_date(letter) == "2023-10-09"
    assert record_date("2023年5月12日回访，问题已办结，当事人签字确认满意。") == "2023-05-12"
    assert record_date("反映2023年5月村干部的问题") is None
