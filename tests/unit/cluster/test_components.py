import numpy as np

from textmine.cluster.components import connected, smallest_joined


def test_items_joined_through_others_take_the_smallest_of_them():
    assert smallest_joined(6, [(5, 3), (3, 4), (2, 1)]).tolist() == [0, 1, 1, 3, 3, 3]


def test_no_pairs_and_no_items():
    assert smallest_joined(3, []).tolist() == [0, 1, 2]
    assert connected(0, np.zeros((0, 2), dtype=np.int64)).tolist() == []
    assert smallest_joined(0, []).tolist() == []
