import numpy as np
import scipy.sparse as sp

from textmine.cluster.authors import author_groups, habit_discount
from textmine.cluster.model import ProblemClusterer

STYLE = "在国家大力倡导以人民为中心的大背景下，不知市委市政府有何具体政策和行动？刻不容缓！"
ONE_AUTHOR = [
    "地处时代倾城小区的自来水烧开后有水垢，重金属超标。" + STYLE,
    "地处银杉路旁的考古遗址公园多年杂草丛生，盗墓频发。" + STYLE,
    "地处星城的民办幼儿园老师工资待遇最低，流失严重。" + STYLE,
    "地处河西的高铁西站规划多年还不见动静。" + STYLE,
]
OTHERS = ["柳塘村会计挪用修路集资款三万元", "柳塘村会计把修路集资款挪去放贷了", "邻居家狗半夜叫"]


def test_one_authors_phrasing_alone_does_not_join_records():
    texts = ONE_AUTHOR + OTHERS
    clusterer = ProblemClusterer(distance_threshold=0.75)
    together = clusterer.fit(texts).labels_
    assert len(set(together[:4].tolist())) == 1 and together[0] >= 0  # the shared style joins them
    apart = ProblemClusterer(distance_threshold=0.75).fit(texts, authors=["u1"] * 4 + ["u2", "u3", "u4"]).labels_
    assert (apart[:4] == -1).all()
    assert apart[4] == apart[5] >= 0  # two authors telling one problem still join


def test_one_authors_records_about_one_place_still_join():
    texts = [
        "西湖街道茶场村五组什么时候启动征收？" + STYLE,
        "请问西湖街道茶场村五组是如何规划的？" + STYLE,
        "地处河西的高铁西站规划多年还不见动静。" + STYLE,
        "地处星城的民办幼儿园老师工资待遇最低。" + STYLE,
        *OTHERS,
    ]
    labels = ProblemClusterer(distance_threshold=0.75).fit(texts, authors=["u1"] * 4 + ["u2", "u3", "u4"]).labels_
    assert labels[0] == labels[1] >= 0
    assert labels[2] != labels[0] and labels[3] != labels[0]


def test_discount_only_between_records_of_one_author():
    rows = sp.csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.0, 0.8], [0.6, 0.8, 0.0], [0.6, 0.8, 0.0]]))
    discount = habit_discount(rows, ["u1", "u1", "u1", "u2"], ["倡导", "停水", "修路"], share=0.6).toarray()
    assert discount[0, 1] > 0 and discount[0, 3] == 0 and discount[3, 0] == 0
    place = sp.csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.8, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]))
    names = ["名:柳河村", "柳河", "停水"]
    assert habit_discount(place, ["u1"] * 3 + [""], names, share=0.6).max() == 0  # a rare place is evidence
    assert habit_discount(place, ["u1"] * 3 + [""], ["名:市政府", "市政", "停水"], share=0.6).max() == 0
    common = sp.csr_matrix(np.array([[0.6, 0.8, 0.0], [0.6, 0.8, 0.0], [0.6, 0.8, 0.0], [0.6, 0.0, 0.8]]))
    assert habit_discount(common, ["u1"] * 3 + [""], ["名:市政府", "市政", "停水"], share=0.6).max() > 0


def test_authors_with_too_few_records_and_blank_authors_are_left_alone():
    assert [g.tolist() for g in author_groups(["a", "a", "", None, float("nan"), "b"], 2)] == [[0, 1]]
    rows = sp.csr_matrix(np.eye(2, dtype=np.float32))
    assert habit_discount(rows, ["u1", "u1"], ["a", "b"], min_records=3).nnz == 0


def test_a_problem_in_two_of_five_records_is_not_a_habit():
    # columns: the author's style (in all five records), one problem (two records), three other problems
    rows = sp.csr_matrix(
        np.array(
            [
                [0.6, 0.8, 0.0, 0.0, 0.0],
                [0.6, 0.8, 0.0, 0.0, 0.0],
                [0.6, 0.0, 0.8, 0.0, 0.0],
                [0.6, 0.0, 0.0, 0.8, 0.0],
                [0.6, 0.0, 0.0, 0.0, 0.8],
            ]
        )
    )
    names = ["倡导", "停水", "修路", "学校", "高铁"]
    discount = habit_discount(rows, ["u1"] * 5, names).toarray()
    assert discount[0, 1] == 0  # the shared problem keeps its whole similarity
    assert discount[0, 2] > 0  # the style alone is taken off
    assert habit_discount(rows, ["u1"] * 5, names, share=0.3).toarray()[0, 1] > 0  # at 30% the problem was a habit
