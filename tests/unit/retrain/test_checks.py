from textmine.retrain.checks import CheckReport, Suspect, exact_key, find_conflicts, find_duplicates

BASE = ["柳河村会计把三万元修路款挪去放贷，至今没有归还。", "青石镇中心小学向学生乱收补课费，每人每月三百元。"]
NEW = [
    "柳河村会计把三万元修路款挪去放贷,至今没有归还!",  # the first base record, other punctuation
    "南岗乡采石场夜里偷偷排放黑烟，呛得村民睡不着觉。",
    "南岗乡采石场夜里偷偷排放黑烟，呛得村民睡不着觉，请查处。",  # a near copy of the one before
    "北山镇公交班次太少，老人看病出行很困难。",
    "北山镇公交班次太少，老人看病出行很困难。",  # an exact copy
]


def test_exact_key_ignores_punctuation_width_and_spacing():
    assert exact_key("村会计 挪用，公款！") == exact_key("村会计挪用,公款!") == "村会计挪用公款"


def test_duplicates_inside_the_new_records_and_against_the_base():
    index = find_duplicates(NEW, BASE, threshold=0.7, base_test=[False, True])
    found = {(d.index, d.kind, d.in_base) for d in index.found}
    assert found == {(0, "exact", True), (2, "near", False), (4, "exact", False)}
    assert index.group[1] == index.group[2] and index.group[3] == index.group[4]
    assert len(set(index.group.tolist())) == 3
    assert index.copies_base_test == frozenset()  # the copied base record is a training record


def test_copies_of_base_test_records_are_marked():
    index = find_duplicates(NEW, BASE, threshold=0.7, base_test=[True, False])
    assert index.copies_base_test == frozenset({0})


def test_conflicts_are_the_same_text_with_other_labels():
    texts = [BASE[0], NEW[0], NEW[3], NEW[4], NEW[1]]
    labels = [["corruption"], ["formalism"], ["交通"], ["交通"], ["环境"]]
    conflicts = find_conflicts(texts, labels, ["b1", "n1", "n4", "n5", "n2"], first_new=1)
    assert [(c.sources, c.labels) for c in conflicts] == [(["b1", "n1"], [["corruption"], ["formalism"]])]
    assert find_conflicts(texts[:1] * 2, [["a"], ["b"]], ["b1", "b2"], first_new=2) == []  # base against base


def test_report_lines_count_and_show_what_was_found():
    index = find_duplicates(NEW, BASE, threshold=0.7)
    report = CheckReport(n_records=5, n_base=2, duplicates=index.found, label_check="5-fold cross-validation")
    report.suspects = [Suspect("cases.xlsx record 9", "某段文字", ["交通"], ["教育"], 0.12)]
    text = "\n".join(report.lines())
    assert "exact duplicates: 2 (1 of base records)" in text and "near duplicates: 1 (0 of base records)" in text
    assert "labels that look wrong: 1 (5-fold cross-validation)" in text
    assert "review: cases.xlsx record 9 某段文字 — given 交通, model says 教育" in text
    assert "index" not in report.to_dict()["duplicates"][0]
