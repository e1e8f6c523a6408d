from textmine.cluster.run import cluster_texts
from textmine.cluster.topics import problem_words, topic_line, topic_place
from textmine.text import Segmenter

ESTATE = [
    "A7县伊景园滨河苑开发商捆绑销售车位，要求业主必须买车位才能收房",
    "伊景园滨河苑车位捆绑销售，广铁集团职工被迫购买",
    "投诉A7县伊景园滨河苑捆绑销售车位的问题",
]


def _docs(texts):
    segmenter = Segmenter.default()
    return [segmenter.content_words(t) for t in texts]


def test_the_place_is_the_name_the_records_share_without_the_city():
    assert topic_place(_docs(ESTATE), ESTATE) == "伊景园滨河苑"


def test_no_shared_name_gives_the_problem_alone():
    texts = ["村里的路灯坏了三个月", "路灯坏了没人修"]
    assert topic_place(_docs(texts), texts) is None
    assert " · " not in topic_line(_docs(texts), texts, ["路灯", "坏了"])


def test_problem_words_leave_out_the_place_and_keep_the_records_order():
    docs = ["滨河 苑 车位 捆绑 销售", "滨河 苑 车位 捆绑 销售", "滨河 苑 业主 车位"]
    assert problem_words(docs, ["捆绑", "滨河", "车位", "销售"], "滨河苑") == "车位捆绑销售"
    apart = ["业主 投诉 销售", "业主 销售", "销售 业主"]
    assert problem_words(apart, ["销售", "业主"], None) == "业主 销售"


def test_the_record_column_and_the_summary_carry_the_topic():
    texts = [*ESTATE, "石门乡工作群天天要求打卡拍照", "邻居家狗半夜叫"]
    result = cluster_texts([str(i) for i in range(len(texts))], texts, distance_threshold=0.9)
    entry = next(e for e in result.summary if "0" in e["record_ids"])
    assert entry["topic"].startswith("伊景园滨河苑 · ")
    assert "捆绑" in entry["topic"] and result.keywords[0] == entry["topic"]


def test_filler_words_and_counts_are_no_keywords():
    from textmine.cluster.keywords import class_tfidf_keywords

    docs = ["地处 常年 三年 千多 搅拌站 灰尘", "地处 常年 三年 千多 搅拌站 噪音", "路灯 坏 三年"]
    words = class_tfidf_keywords(docs, [0, 0, 1])[0]
    assert "搅拌站" in words
    assert not {"地处", "常年", "三年", "千多"} & set(words)
