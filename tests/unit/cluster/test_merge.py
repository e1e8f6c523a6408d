import numpy as np

from textmine.cluster.merge import same_problem_clusters
from textmine.text import Segmenter

PARKING = [
    "伊景园滨河苑开发商捆绑销售车位，广铁集团职工必须买车位",
    "伊景园滨河苑捆绑销售车位，职工不买车位就不能收房",
    "伊景园滨河苑项目强制捆绑车位销售，广铁集团职工很无奈",
    "伊景园滨河苑项目车位捆绑销售违规，职工要求取消",
]
FEES = ["伊景园滨河苑物业费上涨一倍，业主不满", "伊景园滨河苑物业费乱涨价，物业公司不公示"]


def _docs(texts):
    segmenter = Segmenter.default()
    return [segmenter.content_words(t) for t in texts]


def test_two_clusters_of_one_estate_and_one_problem_are_joined():
    texts = PARKING + FEES
    labels = same_problem_clusters(_docs(texts), texts, [0, 0, 1, 1, 2, 2])
    assert labels[0] == labels[2]
    assert labels[4] != labels[0]


def test_clusters_of_different_places_stay_apart():
    texts = PARKING[:2] + [t.replace("伊景园滨河苑", "凯乐国际城") for t in PARKING[2:]]
    labels = same_problem_clusters(_docs(texts), texts, [0, 0, 1, 1])
    assert np.unique(labels).tolist() == [0, 1]


def test_records_in_no_cluster_stay_there():
    texts = PARKING + FEES[:1]
    labels = same_problem_clusters(_docs(texts), texts, [0, 0, 1, 1, -1])
    assert labels[-1] == -1
