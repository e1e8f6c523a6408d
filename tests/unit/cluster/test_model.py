import json

import numpy as np

from tests.paths import ROOT
from textmine.cluster import ProblemClusterer
from textmine.cluster.evaluate import score_clusters, score_duplicates
from textmine.cluster.linkage import average_linkage


def dev_records() -> list[dict]:
    return [json.loads(line) for line in (ROOT / "corpora" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]


def test_recurring_problems_in_the_dev_split_are_found():
    records = dev_records()
    model = ProblemClusterer().fit([r["text"] for r in records])
    scores = score_clusters([r["group"] for r in records], model.labels_)
    assert scores["adjusted_rand"] > 0.6 and scores["v_measure"] > 0.75
    ids = [r["id"] for r in records]
    found = [ids[j] if j >= 0 else None for j in model.duplicate_of_]
    dups = score_duplicates(ids, [r["dup_of"] for r in records], found)
    assert dups["precision"] >= 0.95 and dups["recall"] >= 0.9
    assert (model.labels_ == -1).sum() > len(records) / 2  # most records recur nowhere


def test_same_input_and_seed_give_the_same_clusters():
    texts = [r["text"] for r in dev_records()[:200]]
    first = ProblemClusterer(seed=3).fit(texts).labels_
    again = ProblemClusterer(seed=3).fit(texts).labels_
    assert np.array_equal(first, again)


def test_cluster_ids_are_numbered_by_size_and_small_clusters_dropped():
    texts = ["柳塘村会计挪用修路集资款", "柳塘村会计把修路集资款挪用了", "柳塘村会计挪用村里修路的集资款",
             "石门乡要求工作群每天打卡", "石门乡工作群天天打卡拍照", "邻居吵架"]  # fmt: skip
    labels = ProblemClusterer(min_cluster_size=3).fit(texts).labels_.tolist()
    assert labels[:3] == [0, 0, 0]
    assert labels[3:] == [-1, -1, -1]


def test_average_linkage_splits_where_no_pair_is_close():
    import scipy.sparse as sp

    X = sp.csr_matrix(np.array([[1.0, 0, 0], [0.96, 0.28, 0], [0, 0, 1.0], [0, 0.6, 0.8]]))
    labels = average_linkage(X, threshold=0.3)
    assert labels[0] == labels[1] and labels[2] == labels[3] and labels[0] != labels[2]


def test_a_pair_is_kept_only_when_its_two_records_tell_the_same_problem():
    same = ["柳河村会计把修路款挪去放贷，村民多次反映无人管", "柳河村会计把修路款挪去放贷了，村民反映多次无人管"]
    theme = ["石门乡干部天天要求打卡拍照", "县教育局要求老师每天在群里报数打卡"]
    model = ProblemClusterer(distance_threshold=0.95, pair_similarity=0.3).fit(same + theme)
    assert model.labels_[0] == model.labels_[1] >= 0
    assert (model.labels_[2:] == -1).all()
    loose = ProblemClusterer(distance_threshold=0.95, pair_similarity=0.0).fit(same + theme)
    assert loose.labels_[2] == loose.labels_[3] >= 0  # without the check the themed pair would be a "problem"
