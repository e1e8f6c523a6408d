from textmine.retrain.split import heldout_split


def test_heldout_is_stratified_and_keeps_copies_together():
    labels = [["a"]] * 30 + [["b"]] * 20
    groups = list(range(50))
    groups[1] = groups[0] = 0  # two copies
    train, held = heldout_split(labels, groups, fraction=0.2, seed=0)
    assert sorted(train + held) == list(range(50)) and 8 <= len(held) <= 12
    assert {tuple(labels[i]) for i in held} == {("a",), ("b",)}
    assert (0 in held) == (1 in held)


def test_a_label_training_would_not_see_stays_in_training():
    labels = [["a"]] * 20 + [["b"]] * 20 + [["rare"]]
    for seed in range(5):
        train, _ = heldout_split(labels, list(range(41)), fraction=0.2, seed=seed)
        assert 40 in train


def test_excluded_records_are_in_neither_part_and_tiny_data_is_not_split():
    labels = [["a"], ["b"]] * 10
    train, held = heldout_split(labels, list(range(20)), 0.25, seed=0, excluded=frozenset({0, 1}))
    assert 0 not in train + held and 1 not in train + held and len(train + held) == 18
    assert heldout_split([["a"]] * 6, list(range(6)), 0.2, seed=0) == (list(range(6)), [])
    assert heldout_split(labels, list(range(20)), 0.0, seed=0) == (list(range(20)), [])
