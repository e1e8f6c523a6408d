"""The cluster summary as the workbook shows it."""

import pandas as pd

from textmine.cluster.files import cluster_frame, summary_table


def entry(texts):
    return {
        "cluster": 0, "size": len(texts), "resubmissions": 0, "keywords": ["挪用"], "places": [], "units": [],
        "date_span": None, "record_ids": [str(k) for k in range(len(texts))],
        "representatives": [{"id": str(k), "text": text} for k, text in enumerate(texts)],
    }  # fmt: skip


def test_representative_records_are_shown_from_the_sentence_that_states_the_problem():
    texts = ["尊敬的县纪委监委领导：\n我是石桥村的村民，不敢写名字。村会计挪用修路款三万元。", "村会计挪用低保金" * 40]
    shown = summary_table([entry(texts)]).iloc[0]["代表性记录"].split("\n")
    assert shown[0] == "[0] …村会计挪用修路款三万元。"
    assert shown[1].startswith("[1] 村会计挪用低保金") and len(shown[1]) == len("[1] ") + 200


def test_records_without_any_word_cluster_to_nothing_alone_or_within_labels():
    punctuation = pd.DataFrame({"id": ["1", "2"], "text": ["。。。", "！！"], "labels": ["", ""]})
    clustered, result = cluster_frame(punctuation, "text", "id")
    assert clustered["cluster"].tolist() == [-1, -1] and not result.summary
    labelled = pd.DataFrame(
        {
            "id": ["1", "2", "3", "4"],
            "text": ["村会计挪用修路款三万元", "村会计挪用修路款三万元", "书记收受红包", ""],
            "labels": ["corruption", "corruption", "hedonism", ""],
        }
    )
    clustered, _ = cluster_frame(labelled, "text", "id", within_labels=True)
    assert clustered["id"].tolist() == ["1", "2", "3", "4"] and clustered["duplicate_of"].tolist()[1] == "1"
