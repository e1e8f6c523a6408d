"""Matching new records to the register's problems."""

from textmine.report.matching import Kept, ProblemMatcher

EMBEZZLED = Kept("柳河村会计挪用修路款三万元，村民多次反映至今没有归还。", "村会计", ("柳河村",), frozenset({"corruption"}),
                 frozenset({"corruption.embezzlement"}))  # fmt: skip
RECEPTION = Kept("县教育局在县宾馆超标准接待检查组，每桌上茅台酒。", "县教育局", (), frozenset({"extravagance"}),
                 frozenset({"extravagance.over_standard_reception"}))  # fmt: skip
CHECK_INS = Kept("石门乡要求村干部每天在工作群打卡拍照上传，一天报三次。", "石门乡政府", (), frozenset({"formalism"}),
                 frozenset({"formalism.digital_formalism"}))  # fmt: skip


def matcher(**settings) -> ProblemMatcher:
    return ProblemMatcher(**settings).fit(["Q1", "Q2", "Q3"], [EMBEZZLED, RECEPTION, CHECK_INS])


def test_a_resubmission_matches_its_problem_whatever_the_thresholds():
    strict = matcher(min_similarity=0.99, name_similarity=0.99)
    assert strict.match([Kept("柳河村会计挪用修路款三万元，村民多次反映，至今没有归还！")]) == ["Q1"]


def test_text_and_names_decide_and_unrelated_records_stay_new():
    found = matcher().match(
        [
            Kept(
                "柳河村会计把修路款挪去放贷了",
                "会计",
                ("柳河村",),
                frozenset({"corruption"}),
                frozenset({"corruption.embezzlement"}),
            ),
            Kept("县住房和城乡建设局局长的儿子办升学宴", "县住建局局长", (), frozenset({"extravagance"})),
            Kept("邻居家的狗半夜叫个不停"),
        ]
    )
    assert found == ["Q1", None, None]


def test_a_shared_place_needs_the_same_kind_of_problem():
    branch = Kept("柳河村党支部三年没开党员大会", "柳河村党支部", ("柳河村",), frozenset({"party_building"}),
                  frozenset({"party_building.organizational_life"}))  # fmt: skip
    assert matcher(min_similarity=0.9).match([branch]) == [None]


def test_a_stable_cluster_id_counts_as_a_shared_name():
    kept = Kept(
        "县医院收红包", "县医院", (), frozenset({"corruption"}), frozenset({"corruption.bribery_extortion"}), "c4"
    )
    new = Kept(
        "县人民医院医生收红包", "", (), frozenset({"corruption"}), frozenset({"corruption.bribery_extortion"}), "c4"
    )
    similarity = ProblemMatcher().fit(["Q1"], [kept]).similarities([new])[0, 0]
    with_ids = ProblemMatcher(min_similarity=0.99, name_similarity=similarity - 0.01)
    assert with_ids.fit(["Q1"], [kept]).match([new]) == ["Q1"]
    without = ProblemMatcher(min_similarity=0.99, name_similarity=similarity - 0.01, use_clusters=False)
    assert without.fit(["Q1"], [kept]).match([new]) == [None]
