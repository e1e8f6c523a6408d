"""Problems from records: clusters, resubmissions and single records."""

import pandas as pd
import pytest

from textmine.report.problems import PROBLEM_COLUMNS, is_problem, problem_keys, problem_table
from textmine.report.records import prepare_records


@pytest.fixture(scope="module")
def records(extractor):
    return lambda **columns: make_records(extractor, **columns)


def make_records(extractor, **columns):
    base = {
        "id": ["1", "2", "3", "4", "5"],
        "text": [
            "柳河村会计挪用修路款3万元。请查处！",
            "柳河村会计把修路款3万元挪去放贷。",
            "石门乡要求每天打卡拍照。",
            "石门乡要求每天打卡拍照！",
            "给医院点个赞。",
        ],
        "labels": ["corruption", "corruption", "formalism", "formalism", ""],
        "score_corruption": [0.9, 0.8, 0.1, 0.1, 0.0],
        "score_formalism": [0.1, 0.1, 0.7, 0.6, 0.0],
    }
    base.update(columns)
    return prepare_records(pd.DataFrame(base), extractor=extractor)


def test_without_cluster_columns_each_record_is_a_problem_but_no_label_is_none(records):
    table = problem_table(records())
    assert len(table) == 4
    assert list(table.columns) == ["_key", *PROBLEM_COLUMNS]
    assert table["反映件数"].tolist() == [1, 1, 1, 1]


def test_clusters_and_resubmissions_make_one_problem_each(records):
    table = problem_table(records(cluster=[0, 0, -1, -1, -1], duplicate_of=["", "", "", "3", ""]))
    assert table["记录编号"].tolist() == ["1;2", "3;4"]
    assert table["反映件数"].tolist() == [2, 2]
    assert table["重复件数"].tolist() == [0, 1]
    first = table.iloc[0]
    assert first["问题类别"] == "腐败问题" and first["涉及金额"] == 30000.0
    assert first["问题摘要"] == "柳河村会计挪用修路款3万元。"  # the most confident record's first sentence
    assert table["序号"].tolist() == [1, 2]


def test_duplicate_links_are_followed_and_cycles_stop(records):
    assert problem_keys(records(duplicate_of=["2", "1", "", "3", ""])).tolist() == ["r0", "r0", "r2", "r2", None]
    chain = problem_keys(records(labels=["corruption"] * 5, duplicate_of=["", "1", "2", "x", "3"]))
    assert chain.tolist() == ["r0", "r0", "r0", "r3", "r0"]  # 5 → 3 → 2 → 1; an unknown id is its own


def test_records_that_share_an_id_are_separate_problems(records):
    shared = records(id=["1", "2", "1", "2", "5"], labels=["corruption", "formalism", "hedonism", "formalism", ""])
    table = problem_table(shared)
    assert table["反映件数"].tolist() == [1, 1, 1, 1]
    assert sorted(table["问题类别"].tolist()) == sorted(["腐败问题", "形式主义", "享乐主义", "形式主义"])
    linked = problem_keys(records(id=["1", "2", "1", "2", "5"], duplicate_of=["", "", "", "1", ""]))
    assert linked.tolist() == ["r0", "r1", "r2", "r2", None]  # 1 is the nearest earlier record with that id


def test_records_with_an_error_are_not_problems(records):
    labels = ["corruption", "corruption", "formalism", "formalism", ""]
    errors = ["", "text of 30000 characters; classified on the first 20000", "", "NUL bytes removed", ""]
    flagged = records(error=errors, labels=labels)
    assert problem_table(flagged)["记录编号"].tolist() == ["1", "3"]
    assert [is_problem(record) for _, record in flagged.iterrows()] == [True, False, True, False, False]
    assert problem_table(records(labels=labels))["记录编号"].tolist() == ["1", "2", "3", "4"]


def test_the_summary_is_the_sentence_that_states_the_problem_not_the_letters_opening(records):
    letter = "尊敬的县纪委领导：\n我是柳河村的村民，不敢写名字。柳河村会计挪用修路款3万元。请查处！"
    texts = [letter, "柳河村会计把修路款3万元挪去放贷。", "甲" * 200, "甲" * 199 + "！", "给医院点个赞。"]
    table = problem_table(records(text=texts, cluster=[0, 0, 1, 1, -1]))
    summaries = dict(zip(table["记录编号"], table["问题摘要"]))
    assert summaries["1;2"] == "柳河村会计挪用修路款3万元。"
    assert summaries["3;4"].endswith("…") and len(summaries["3;4"]) == 80


def test_a_problem_lists_only_subtypes_of_its_own_categories(records):
    table = problem_table(
        records(
            cluster=[0, 0, 0, -1, -1],
            labels=["corruption", "corruption", "formalism", "formalism", ""],
            subtypes=["", "", "formalism.falsification", "", ""],
        )
    )
    first = table.iloc[0]
    assert first["问题类别"] == "腐败问题" and first["子类"] == ""  # 弄虚作假 belongs to 形式主义, not listed
