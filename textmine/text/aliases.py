"""Unit aliases: one name for the short and full forms of a unit, so that counts add up.

``县住建局`` and ``县住房和城乡建设局`` are one unit; so are ``镇政府`` and ``镇人民政府``, ``村委会`` and
``村民委员会``, ``村支书`` and ``村党支部书记``. :func:`canonical_unit` rewrites the parts of a name it
knows into their short form (the table :data:`ALIASES`, full form → short form, longest first) and
drops the character noise (spaces, brackets). Names are compared after it; the text is never changed.

:func:`merge_units` goes one step further for counting inside one batch: a name without its county or
town (``县住建局``) is counted with the one full name that ends the same way (``桦岭县住建局``) when there
is exactly one.

>>> canonical_unit("县住房和城乡建设局"), canonical_unit("县住建局")
('县住建局', '县住建局')
>>> canonical_unit("沙坝镇人民政府"), canonical_unit("碾盘村村民委员会"), canonical_unit("碾盘村支书")
('沙坝镇政府', '碾盘村委会', '碾盘村党支部书记')
>>> merge_units(["县住房和城乡建设局", "桦岭县住建局", "县教育局"])
{'县住房和城乡建设局': '桦岭县住建局', '桦岭县住建局': '桦岭县住建局', '县教育局': '县教育局'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ALIASES: dict[str, str] = {
    # government departments: full form → the short form people write
    "住房和城乡建设局": "住建局", "住房城乡建设局": "住建局", "住房与城乡建设局": "住建局", "住建委": "住建局",
    "人力资源和社会保障局": "人社局", "人力资源社会保障局": "人社局",
    "卫生健康委员会": "卫健委", "卫生健康委": "卫健委", "卫生和健康委员会": "卫健委", "卫生健康局": "卫健局",
    "发展和改革委员会": "发改委", "发展改革委员会": "发改委", "发展和改革局": "发改局", "发展改革局": "发改局",
    "自然资源和规划局": "自然资源局", "自然资源与规划局": "自然资源局", "国土资源局": "国土局",
    "市场监督管理局": "市场监管局", "市场监督管理所": "市场监管所",
    "文化和旅游局": "文旅局", "文化广电和旅游局": "文旅局", "文化广电旅游局": "文旅局", "文化旅游局": "文旅局",
    "教育和体育局": "教体局", "教育体育局": "教体局",
    "城市管理综合执法局": "城管局", "城市管理局": "城管局", "综合行政执法局": "综合执法局",
    "交通运输局": "交通局", "生态环境分局": "环境分局", "环境保护局": "环保局",
    "农业农村局": "农业农村局", "农业和农村局": "农业农村局", "农业局": "农业农村局",
    "应急管理局": "应急局", "医疗保障局": "医保局", "退役军人事务局": "退役军人局",
    "林业和草原局": "林业局", "水利局": "水利局", "水务局": "水务局", "乡村振兴局": "乡村振兴局",
    "行政审批服务局": "行政审批局", "政务服务和数据管理局": "政数局", "政务服务管理局": "政务服务局",
    "不动产登记中心": "不动产登记中心", "公共资源交易中心": "公共资源交易中心",
    "机关事务管理局": "机关事务局", "城乡规划局": "规划局", "民族宗教事务局": "民宗局",
    "社会保险事业管理局": "社保局", "社会保险局": "社保局", "社会保险中心": "社保中心",
    "公安局交通警察大队": "交警大队", "交通警察大队": "交警大队", "公安派出所": "派出所",
    "人民法院": "法院", "人民检察院": "检察院", "人民医院": "医院", "中医医院": "中医院",
    "卫生服务中心": "卫生服务中心", "供电公司": "供电公司", "供电所": "供电所",
    "残疾人联合会": "残联", "疾病预防控制中心": "疾控中心", "住房公积金管理中心": "公积金中心",
    "城市建设投资公司": "城投公司", "城市建设投资集团": "城投集团", "供销合作社联合社": "供销社",
    "综合治理办公室": "综治办", "综治中心": "综治中心", "党政综合办公室": "党政办", "党政办公室": "党政办",
    "人民代表大会常务委员会": "人大常委会", "政治协商会议": "政协",
    # provincial departments (厅): full form → short form, and the short forms people write
    "人力资源和社会保障厅": "人社厅", "人力资源社会保障厅": "人社厅", "人社厅": "人社厅",
    "住房和城乡建设厅": "住建厅", "住房城乡建设厅": "住建厅", "住建厅": "住建厅",
    "交通运输厅": "交通厅", "交通厅": "交通厅", "自然资源厅": "自然资源厅", "国土资源厅": "国土厅",
    "生态环境厅": "生态环境厅", "环境保护厅": "环保厅", "环保厅": "环保厅", "农业农村厅": "农业农村厅",
    "教育厅": "教育厅", "公安厅": "公安厅", "财政厅": "财政厅", "民政厅": "民政厅", "卫生厅": "卫生厅",
    "水利厅": "水利厅", "司法厅": "司法厅", "商务厅": "商务厅", "审计厅": "审计厅", "林业厅": "林业厅",
    "人事厅": "人事厅", "劳动厅": "劳动厅", "文化和旅游厅": "文旅厅", "文旅厅": "文旅厅",
    "市场监督管理厅": "市场监管厅", "质量技术监督局": "质监局", "人事考试院": "人事考试院",
    # party bodies
    "纪律检查委员会": "纪委", "监察委员会": "监委", "纪委监委": "纪委监委", "组织部": "组织部",
    "党总支部": "党总支", "党支部委员会": "党支部", "党委员会": "党委",
    # governments and committees
    "人民政府": "政府", "村民委员会": "村委会", "居民委员会": "居委会", "村两委": "村两委",
    "管理委员会": "管委会", "工作委员会": "工委",
    # posts
    "村支书": "村党支部书记", "党支部书记": "党支部书记", "支部书记": "党支部书记", "村主任": "村委会主任",
    "村长": "村委会主任", "村委主任": "村委会主任", "居委主任": "居委会主任",
}  # fmt: skip

PARTY_PREFIXES = ("中共", "中国共产党")  # 中共县市场监督管理局党组 is 县市场监管局党组

_PATTERN = re.compile("|".join(sorted(map(re.escape, ALIASES), key=len, reverse=True)))
_NOISE = re.compile(r"[\s\u3000()（）\[\]【】“”\"'‘’《》<>·・.,，、]")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
ADMIN_ENDINGS = ("省", "市", "县", "区", "旗", "镇", "乡", "街道")
ADMIN_CHARS = frozenset("省市县区旗镇乡")
NAMED_PLACE_CHARS = frozenset("省市县区旗镇乡村")


def canonical_unit(name: str | None) -> str:
    """The unit's name with every known long form replaced by its short one ('' for None).

    >>> canonical_unit("县文化广电和旅游局副局长"), canonical_unit("中共县市场监督管理局党组")
    ('县文旅局副局长', '县市场监管局党组')
    """
    if not name:
        return ""
    text = _NOISE.sub("", str(name))
    for prefix in PARTY_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 1:
            text = text[len(prefix) :]
    text = _PATTERN.sub(lambda m: ALIASES[m.group(0)], text)
    return text.replace("村村委会", "村委会").replace("村村党支部", "村党支部")


def _with_place(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with a county, district or town name before it (桦岭 + 县住建局,
    沙坝镇 + 碾盘村党支部书记)."""
    if len(shorter) < 3 or len(longer) <= len(shorter) or not longer.endswith(shorter):
        return False
    head = longer[: -len(shorter)]
    if not CJK.match(head) or len(head) > 8:
        return False
    if shorter[0] in ADMIN_CHARS:  # 县住建局: the county's bureau, written out as 桦岭县住建局
        return len(head) <= 4
    named = any(c in NAMED_PLACE_CHARS for c in shorter[1:])  # 碾盘村党支部书记 names its village
    return named and head.endswith(ADMIN_ENDINGS)


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two unit names name the same unit: the same canonical name, or one is the other with its
    county or town written out.

    >>> same_unit("县住建局", "桦岭县住房和城乡建设局"), same_unit("县住建局", "县教育局")
    (True, False)
    >>> same_unit("碾盘村党支部书记", "沙坝镇碾盘村党支部书记"), same_unit("党支部书记", "碾盘村党支部书记")
    (True, False)
    >>> same_unit("派出所", "稻香镇派出所")     # which town's? not the same without one
    False
    """
    ca, cb = canonical_unit(a), canonical_unit(b)
    if not ca or not cb:
        return False
    return ca == cb or _with_place(ca, cb) or _with_place(cb, ca)


def merge_units(names: Iterable[str]) -> dict[str, str]:
    """For each name, the name it is counted under within one batch: names of one canonical form go
    together (under the form seen most), and a short name joins the only longer name that ends with it."""
    names = [n for n in names if n]
    seen: dict[str, dict[str, int]] = {}
    for name in names:
        forms = seen.setdefault(canonical_unit(name), {})
        forms[name] = forms.get(name, 0) + 1
    shown = {c: max(forms, key=lambda f: (forms[f], len(f))) for c, forms in seen.items()}
    target = {}
    for canonical in seen:
        longer = [c for c in seen if _with_place(c, canonical)]
        target[canonical] = longer[0] if len(longer) == 1 else canonical
    return {name: shown[target[canonical_unit(name)]] for name in names}
