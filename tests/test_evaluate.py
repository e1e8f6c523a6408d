import numpy as np

from textmine.evaluate import evaluate_model, merge_groups, score_indicators
from textmine.taxonomy import load_taxonomy


def test_scores_of_known_predictions():
    truth = np.array([[1, 0], [0, 1], [1, 1]])
    predicted = np.array([[1, 0], [1, 1], [0, 1]])
    scores = score_indicators(truth, predicted, ["a", "b"])
    assert scores["per_label"]["a"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert scores["per_label"]["b"]["f1"] == 1.0
    assert scores["macro_f1"] == 0.75
    assert scores["subset_accuracy"] == round(1 / 3, 4)


def test_merged_groups_join_formalism_and_bureaucratism():
    tax = load_taxonomy()
    Y = np.array([[0, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0]])
    merged = merge_groups(Y, tax, tax.label_ids)
    assert merged.tolist() == [[1, 0, 0, 0], [0, 1, 0, 0]]


def test_evaluate_model_reports_labels_and_groups(small_model, corpus_train):
    records = corpus_train[600:700]
    result = evaluate_model(small_model, [r["text"] for r in records], [r["labels"] for r in records])
    assert set(result) == {"labels", "groups"}
    assert 0 < result["labels"]["macro_f1"] <= 1
    assert list(result["groups"]["per_label"]) == ["形式主义官僚主义", "享乐主义奢靡之风", "腐败", "党建"]
