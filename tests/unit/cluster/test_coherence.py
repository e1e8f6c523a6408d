import numpy as np

from textmine.cluster.coherence import MIXED_BELOW, cluster_coherence, distinctive_rows, is_mixed
from textmine.cluster.model import ProblemClusterer
from textmine.cluster.run import cluster_texts

GENERIC = "尊敬的市政府领导，反映一个问题，希望相关部门尽快处理解决。"
COHERENT = [
    "柳塘村会计挪用修路集资款三万元",
    "柳塘村会计把修路集资款挪去放贷",
    "柳塘村会计私自挪用村民修路集资款",
]
OTHER_PROBLEM = ["石门乡工作群天天要求打卡拍照", "石门乡要求干部每天打卡拍照上传"]
FILLER = [GENERIC + f"第{i}号楼下水道堵塞{i}天无人疏通" for i in range(40)]


def _score(members, texts):
    clusterer = ProblemClusterer().fit(texts)
    return cluster_coherence(distinctive_rows(clusterer.vectors_), np.array(members))


def test_a_coherent_cluster_is_not_mixed():
    texts = [GENERIC + t for t in COHERENT + OTHER_PROBLEM] + FILLER
    shared = _score([0, 1, 2], texts)
    assert shared["split_similarity"] >= MIXED_BELOW and not is_mixed(shared["split_similarity"])
    assert shared["top_term_share"] == 1.0


def test_a_cluster_held_together_by_generic_words_is_mixed():
    texts = [GENERIC + t for t in COHERENT + OTHER_PROBLEM] + FILLER
    shared = _score([0, 1, 2, 3, 4], texts)
    assert is_mixed(shared["split_similarity"])
    assert shared["coherence"] < _score([0, 1, 2], texts)["coherence"]


def test_the_summary_carries_coherence_and_the_flag():
    texts = [GENERIC + t for t in COHERENT + OTHER_PROBLEM] + FILLER
    ids = [str(i) for i in range(len(texts))]
    result = cluster_texts(ids, texts, distance_threshold=1.0)  # a loose cut merges the problems
    merged = next(e for e in result.summary if {"0", "3"} <= set(e["record_ids"]))
    assert merged["mixed"] is True and 0 <= merged["coherence"] <= 1
    tight = cluster_texts(ids, texts)
    own = next(e for e in tight.summary if "0" in e["record_ids"])
    assert own["mixed"] is False and "3" not in own["record_ids"]
