"""Redaction: personal details go, the facts of the case stay."""

import pytest

from textmine.text.redact import find_sensitive, luhn_ok, redact


@pytest.mark.parametrize(
    "text,expected",
    [
        ("联系电话：13812345678", "联系电话：【电话】"),
        ("手机138-1234-5678，白天打", "手机【电话】，白天打"),
        ("请回电 +86 139 1234 5678", "请回电 【电话】"),
        ("办公室座机0731-84561234", "办公室座机【电话】"),
        ("身份证号430102199003071234，户籍在本村", "身份证号【身份证号】，户籍在本村"),
        ("身份证43010219900307123X", "身份证【身份证号】"),
        ("补贴打到了他的卡号6222 0212 3456 7890 128上", "补贴打到了他的卡号【银行卡号】上"),
        ("转入账户6217000010012345678", "转入账户【银行卡号】"),
        ("请回复到wang.xm@example.com", "请回复到【邮箱】"),
        ("举报人：王小明，住桑园村三组", "举报人：【姓名】，住桑园村三组"),
        ("实名举报人李建国电话13912345678", "实名举报人【姓名】电话【电话】"),
        ("来信人 张秀英", "来信人 【姓名】"),
        ("联系人欧阳明月", "联系人【姓名】"),
    ],
)
def test_personal_details_are_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "依据〔2023〕15号文件，应于2023年10月16日前整改",
        "共6.3万元支出，其中12800元以白条入账，另有1250000元工程款",
        "拨打12345热线和12388举报电话都没人管",
        "举报人称村支书挪用了低保金",
        "反映人多次来访，要求查处",
        "来信人反映的问题经核查属实",
        "联系人电话已登记",
        "举报人王某某反映村会计优亲厚友",  # already anonymised
        "2023年抽查凭证142份，金额合计3680000元",
        "案件编号XF20230512001，受理日期20230512",
        "工程合同编号20231016000123456",  # a long number that is neither a card nor an ID
    ],
)
def test_facts_of_the_case_stay(text):
    assert redact(text) == text


def test_luhn_separates_card_numbers_from_other_long_numbers():
    assert luhn_ok("6222021234567890128")
    assert not luhn_ok("20231016000123456")


def test_kinds_can_be_chosen_and_are_checked():
    text = "举报人：王小明，电话13812345678"
    assert redact(text, kinds=["phone"]) == "举报人：王小明，电话【电话】"
    assert [s.kind for s in find_sensitive(text)] == ["name", "phone"]
    with pytest.raises(ValueError, match="unknown kinds"):
        redact(text, kinds=["address"])


def test_non_text_passes_through():
    assert redact("") == "" and redact(None) is None
