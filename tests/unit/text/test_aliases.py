"""Unit aliases."""

from textmine.text.aliases import ALIASES, canonical_unit, merge_units, same_unit


def test_short_and_full_forms_are_one_unit():
    pairs = [
        ("县住建局", "县住房和城乡建设局"), ("镇政府", "镇人民政府"), ("村委会", "村民委员会"), ("县人社局", "县人力资源和社会保障局"),
        ("市场监管局", "市场监督管理局"), ("县卫健委", "县卫生健康委员会"), ("村支书", "村党支部书记"), ("县文旅局", "县文化广电和旅游局"),
        ("苘川县残联", "苘川县残疾人联合会"), ("镇综治办", "镇综合治理办公室"), ("县城投公司", "县城市建设投资公司"),
    ]  # fmt: skip
    for short, full in pairs:
        assert canonical_unit(short) == canonical_unit(full), (short, full)
        assert same_unit(short, full)


def test_different_units_stay_apart():
    assert not same_unit("县住建局", "县教育局")
    assert not same_unit("柳河村党支部书记", "桃园村党支部书记")
    assert not same_unit("派出所", "稻香镇派出所") and not same_unit("", "县住建局")
    assert same_unit("县住建局", "桦岭县住建局") and same_unit("碾盘村党支部书记", "沙坝镇碾盘村党支部书记")


def test_every_alias_maps_to_a_fixed_point():
    for full, short in ALIASES.items():
        assert canonical_unit(short) == short, (full, short)


def test_counting_merges_forms_within_a_batch():
    merged = merge_units(["县住建局", "县住房和城乡建设局", "桦岭县住建局", "县教育局", "县教育局"])
    assert len({merged[n] for n in ("县住建局", "县住房和城乡建设局", "桦岭县住建局")}) == 1
    assert merged["县教育局"] == "县教育局"


def test_the_party_prefix_does_not_make_another_unit():
    assert same_unit("中共县市场监督管理局党组", "县市场监管局党组")
    assert canonical_unit("中共") == "中共"  # nothing left after it: kept as written
