import numpy as np
import pandas as pd
import pytest

pytest.importorskip("spacy", reason="the spacy extra is not installed")

from textmine import classify_dataframe, load_classifier
from textmine.retrain.evaluate import evaluate_model, indicator, score_predictions

pytestmark = pytest.mark.optional


def test_learns_the_training_records(spacy_model, corpus_train):
    records = corpus_train[:240]
    predicted = spacy_model.predict([r["text"] for r in records])
    truth = np.array([[label in r["labels"] for label in spacy_model.classes_] for r in records])
    micro_f1 = 2 * (predicted & truth).sum() / (predicted.sum() + truth.sum())
    every_label = 2 * truth.sum() / (truth.size + truth.sum())  # the micro-F1 of predicting every label, about 0.37
    assert micro_f1 > every_label + 0.4
    assert [h["epoch"] for h in spacy_model.history_] == list(range(1, len(spacy_model.history_) + 1))
    assert spacy_model.thresholds_.shape == (6,)


def test_save_load_save_gives_identical_bytes(spacy_model, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    spacy_model.save(first)
    load_classifier(first).save(second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert {"textmine.json", "card.json"} <= {str(f) for f in files}
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_reloaded_model_predicts_the_same(spacy_model, corpus_train, tmp_path):
    texts = [r["text"] for r in corpus_train[400:460]]
    spacy_model.save(tmp_path)
    again = load_classifier(tmp_path)
    assert type(again).__name__ == "SpacyClassifier"
    np.testing.assert_allclose(again.predict_proba(texts), spacy_model.predict_proba(texts), atol=1e-6)


def test_pipeline_keeps_its_dictionary_after_reloading(spacy_model, tmp_path):
    spacy_model.save(tmp_path)
    assert "三会一课" in (tmp_path / "pipeline" / "tokenizer" / "dictionary.txt").read_text(encoding="utf-8")
    again = load_classifier(tmp_path)
    assert "三会一课" in [t.text for t in again.nlp_("支部三会一课不落实")]


def test_same_output_columns_as_the_linear_model(spacy_model, default_model):
    frame = pd.DataFrame({"反映内容": ["村会计把三万元修路款挪去放贷，至今没有归还", ""]})
    ours = classify_dataframe(frame, model=spacy_model)
    linear = classify_dataframe(frame, model=default_model)
    assert list(ours.columns) == list(linear.columns)
    assert ours["error"][1] == "empty text"


def test_evaluate_takes_the_model(spacy_model, corpus_train):
    records = corpus_train[400:460]
    result = evaluate_model(spacy_model, [r["text"] for r in records], [r["labels"] for r in records])
    truth = indicator([r["labels"] for r in records], spacy_model.classes_)
    every_label = score_predictions(truth, np.ones_like(truth), spacy_model)["labels"]["macro_f1"]  # about 0.30
    no_label = score_predictions(truth, np.zeros_like(truth), spacy_model)["labels"]["macro_f1"]
    assert result["labels"]["n_records"] == 60
    assert result["labels"]["macro_f1"] > max(every_label, no_label) + 0.2
