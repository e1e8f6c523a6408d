import numpy as np

from textmine.cluster import NearDuplicateFinder, ProblemClusterer
from textmine.cluster.duplicates import jaccard, join_contained, shingles

LETTER = "我们柳塘村的村会计王某某，去年把修村道的集资款三万多元挪去给他儿子买车，到现在都没有还，村民多次去问他都说过几天，请上级部门查一查。"


def test_resubmission_with_small_edits_is_found_and_points_to_the_first():
    edited = LETTER.replace("。", "！").replace("请上级部门查一查", "恳请上级部门尽快查一查") + "联系人：张某。"
    texts = ["邻居家装修太吵", LETTER, "镇里要求每天在工作群打卡拍照", edited, LETTER]
    assert NearDuplicateFinder().fit(texts).duplicate_of_.tolist() == [-1, -1, -1, 1, 1]


def test_different_records_are_not_duplicates():
    other = "我们柳塘村的村支书从来不开支部大会，三会一课都是补记录，党员意见很大，请上级部门查一查。"
    assert jaccard(shingles(LETTER), shingles(other)) < 0.6
    assert NearDuplicateFinder().fit([LETTER, other]).duplicate_of_.tolist() == [-1, -1]


def test_empty_and_punctuation_only_texts_are_never_duplicates():
    assert NearDuplicateFinder().fit(["", "", "。。。", "！"]).duplicate_of_.tolist() == [-1, -1, -1, -1]


def test_exact_copies_found_whatever_the_threshold():
    assert NearDuplicateFinder(threshold=0.99).fit([LETTER, LETTER + " "]).duplicate_of_.tolist() == [-1, 0]


def test_shingles_are_the_distinct_character_ngrams():
    assert len(shingles("村会计，村会计")) == 3  # 村会计 会计村 计村会
    assert len(shingles("村会计挪用", size=4)) == 2
    assert jaccard(shingles("村会计挪用"), shingles("村会计挪用")) == 1.0
    assert jaccard(shingles("村会计挪用"), shingles("镇长开会")) == 0.0


def test_longer_shingles_still_find_edited_copies():
    edited = LETTER.replace("三万多元", "三万余元")
    finder = NearDuplicateFinder(shingle_size=5, threshold=0.8)
    assert finder.fit([LETTER, "镇里要求每天打卡", edited]).duplicate_of_.tolist() == [-1, -1, 0]


PASTED = "我们小区的垃圾站紧挨着三号楼，夏天臭气熏天，蚊蝇成群，物业多次答应搬走却一直没有动静"


def test_message_pasted_into_a_longer_one_of_its_cluster_is_a_resubmission():
    longer = "再次反映：" + PASTED + "。上次的回复只说正在协调，到现在已经三个月了，请领导过问。"
    texts = ["邻居装修噪音扰民", PASTED, longer]
    assert join_contained(texts, [0, 1, 1], np.array([-1, -1, -1])).tolist() == [-1, -1, 1]
    assert join_contained(texts, [0, 1, 2], np.array([-1, -1, -1])).tolist() == [-1, -1, -1]  # other clusters


def test_containment_keeps_earlier_sets_and_ignores_short_or_partly_shared_texts():
    half = PASTED[: len(PASTED) // 2] + "，另外楼道灯坏了半年没人修，电梯也经常停运，业主们意见很大"
    texts = [PASTED, PASTED + "！", half, "垃圾站"]
    joined = join_contained(texts, [0, 0, 0, 0], np.array([-1, 0, -1, -1]))
    assert joined.tolist() == [-1, 0, -1, -1]


def test_clusterer_counts_a_pasted_copy_as_a_resubmission():
    longer = "再次反映：" + PASTED + "。上次的回复只说正在协调，到现在已经三个月了，请领导过问。"
    texts = [PASTED, longer, PASTED.replace("三号楼", "五号楼") + "，希望尽快解决", "路灯坏了", "学校乱收费"]
    with_containment = ProblemClusterer(min_cluster_size=2).fit(texts)
    without = ProblemClusterer(min_cluster_size=2, containment=None).fit(texts)
    assert with_containment.labels_[0] == with_containment.labels_[1] >= 0
    assert with_containment.duplicate_of_[1] == 0 and without.duplicate_of_[1] == -1
