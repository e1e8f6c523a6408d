import numpy as np

from tests.cases import make_cases
from textmine.classify import LinearClassifier
from textmine.retrain.label_check import find_disagreements, fold_splitter, out_of_fold_scores
from textmine.taxonomy import infer_taxonomy


def test_single_label_suspects_are_confident_disagreements():
    Y = np.eye(3, dtype=int)[[0, 0, 0, 1, 1, 1, 2, 2, 2, 0]]
    scores = np.array([[0.9, 0.05, 0.05]] * 3 + [[0.1, 0.8, 0.1]] * 3 + [[0.1, 0.1, 0.8]] * 3 + [[0.05, 0.9, 0.05]])
    scores[2] = [0.5, 0.4, 0.1]  # unsure, but the given label still leads: not a suspect
    found = find_disagreements(Y, scores, single_label=True)
    assert [(i.index, i.suggested) for i in found] == [(9, (0, 1, 0))]
    assert found[0].given_score < 0.1


def test_multilabel_suspects_name_the_missing_and_the_extra_label():
    Y = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 1], [1, 1], [0, 0], [0, 1]])
    scores = np.array([[0.9, 0.1], [0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.2, 0.9], [0.9, 0.9], [0.1, 0.1], [0.9, 0.8]])
    found = {i.index: i.suggested for i in find_disagreements(Y, scores, single_label=False)}
    assert found == {7: (1, 1)}
    scores[5] = [0.9, 0.05]  # labelled with both, the second one confidently absent
    found = {i.index: i.suggested for i in find_disagreements(Y, scores, single_label=False)}
    assert found[5] == (1, 0)


def test_folds_fall_back_to_plain_folds_for_rare_patterns():
    Y = np.array([[1, 0]] * 6 + [[0, 1]])
    assert sum(1 for _ in fold_splitter(Y, 3, seed=0)) == 3


def test_flipped_labels_are_found_by_cross_validation():
    cases = make_cases(24, seed=1)
    names = sorted({label for _, label in cases})
    given = [label for _, label in cases]
    flipped = [3, 17, 40]
    for i in flipped:
        given[i] = names[(names.index(given[i]) + 1) % 3]
    taxonomy = infer_taxonomy(names)
    Y = np.array([[int(label == name) for name in names] for label in given])
    scores = out_of_fold_scores(
        lambda: LinearClassifier(taxonomy=taxonomy, multilabel=False, min_df=1, threshold_folds=3),
        [text for text, _ in cases],
        Y,
        folds=4,
    )
    doubts = find_disagreements(Y, scores, single_label=True)
    found = {doubt.index for doubt in doubts}
    assert len(found & set(flipped)) >= 2 and len(found - set(flipped)) <= 1
    for doubt in doubts:
        if doubt.index in flipped:
            assert names[doubt.suggested.index(1)] == cases[doubt.index][1]  # it points back to the true label
