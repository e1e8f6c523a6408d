"""What the report shows of its records."""

import pandas as pd

from textmine.report.problems import problem_table
from textmine.report.records import prepare_records
from textmine.report.summary import SHOWN_CHARS, summarise


def test_records_are_shown_from_the_sentence_that_states_the_problem(extractor):
    texts = [
        "尊敬的县纪委监委领导：\n我是石桥村的村民，不敢写名字。村会计挪用修路款三万元。",
        "村会计把低保金挪去放贷" * 20,
    ]
    frame = pd.DataFrame({"id": ["1", "2"], "text": texts, "labels": ["corruption", "corruption"],
                          "score_corruption": [0.9, 0.8]})  # fmt: skip
    records = prepare_records(frame, extractor=extractor)
    data = summarise(records, problem_table(records), title="样例")
    shown = dict((r.id, r.text) for _, rows in data.top_records for r in rows)
    assert shown["1"] == "…村会计挪用修路款三万元。"
    assert shown["2"].startswith("村会计把低保金") and len(shown["2"]) == SHOWN_CHARS
