import numpy as np

from textmine.classify.metrics import merge_groups, score_indicators
from textmine.retrain.evaluate import evaluate_model, format_scores, indicator, no_label_scores, score_predictions
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
    assert set(result) == {"labels", "groups", "no_label"}
    truth = indicator([r["labels"] for r in records], small_model.classes_)
    every_label = score_predictions(truth, np.ones_like(truth), small_model)
    nothing = score_predictions(truth, np.zeros_like(truth), small_model)
    assert result["labels"]["macro_f1"] > every_label["labels"]["macro_f1"] + 0.25
    assert result["labels"]["macro_f1"] > nothing["labels"]["macro_f1"] + 0.5
    assert list(result["groups"]["per_label"]) == ["形式主义官僚主义", "享乐主义奢靡之风", "腐败", "党建"]


def test_no_label_is_scored_as_a_class_of_its_own():
    truth = np.array([[0, 0], [0, 0], [1, 0], [0, 1]])
    predicted = np.array([[0, 0], [1, 0], [0, 0], [0, 1]])
    assert no_label_scores(truth, predicted) == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}


def test_domains_get_a_row_each_and_the_table_shows_them(small_model, corpus_train):
    records = corpus_train[600:700]
    domains = [r["source"] for r in records]
    result = evaluate_model(small_model, [r["text"] for r in records], [r["labels"] for r in records], domains)
    assert set(result["by_domain"]) == set(domains)
    assert sum(row["n_records"] for row in result["by_domain"].values()) == len(records)
    table = format_scores(result)
    assert "no label: precision" in table and all(domain in table for domain in set(domains))
