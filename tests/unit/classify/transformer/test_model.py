import numpy as np
import pytest

pytest.importorskip("torch", reason="the transformers extra is not installed")
pytest.importorskip("transformers", reason="the transformers extra is not installed")
pytest.importorskip("datasets", reason="the transformers extra is not installed")

from tests.unit.classify.fitting import fit_with_dev
from textmine import classify_dataframe, load_classifier
from textmine.classify.transformer.model import TransformerClassifier
from textmine.classify.transformer.tiny_encoder import build_tiny_encoder
from textmine.errors import TextmineError
from textmine.taxonomy import Category, Taxonomy

pytestmark = pytest.mark.slow  # fine-tunes a small encoder; CI runs it with -m slow


@pytest.fixture(scope="module")
def tiny_model(corpus_train, tmp_path_factory):
    """A 2-layer BERT with 32 hidden units and a character vocabulary, fine-tuned for a few epochs."""
    train, dev = corpus_train[:64], corpus_train[64:96]
    base = build_tiny_encoder([r["text"] for r in train], tmp_path_factory.mktemp("base"), hidden_size=32)
    model = TransformerClassifier(
        base_model=str(base), max_length=64, stride=16, learning_rate=2e-3, batch_size=16, max_epochs=3, patience=3
    )
    return fit_with_dev(model, train, dev)


def test_training_lowers_the_loss_and_records_each_epoch(tiny_model):
    losses = [h["loss"] for h in tiny_model.history_]
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert tiny_model.thresholds_.shape == (6,)
    assert tiny_model.model_.config.num_labels == 6 + len(tiny_model.subtype_classes_)


def test_reloads_offline_and_predicts_the_same(tiny_model, corpus_train, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [r["text"] for r in corpus_train[200:212]]
    tiny_model.save(tmp_path)
    again = load_classifier(tmp_path)
    assert type(again).__name__ == "TransformerClassifier"
    np.testing.assert_allclose(again.predict_proba(texts), tiny_model.predict_proba(texts), atol=1e-5)
    assert [r.label_ids for r in again.classify(texts[:3])] == [r.label_ids for r in tiny_model.classify(texts[:3])]


def test_save_load_save_gives_identical_bytes(tiny_model, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    tiny_model.save(first)
    load_classifier(first).save(second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert {"textmine.json", "card.json", "encoder/model.safetensors", "encoder/config.json"} <= {str(f) for f in files}
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_same_output_columns_as_the_linear_model(tiny_model, default_model):
    import pandas as pd

    frame = pd.DataFrame({"反映内容": ["村会计把三万元修路款挪去放贷，至今没有归还", ""]})
    assert list(classify_dataframe(frame, model=tiny_model).columns) == list(
        classify_dataframe(frame, model=default_model).columns
    )


def test_missing_base_model_says_where_to_put_one(tmp_path):
    with pytest.raises(TextmineError, match="download an encoder"):
        TransformerClassifier(base_model=str(tmp_path / "bert-base-chinese")).fit(["村会计挪用"], [["corruption"]])


def test_window_overlap_must_be_under_half_a_window(tmp_path):
    base = build_tiny_encoder(["村会计挪用"], tmp_path / "base")
    with pytest.raises(TextmineError, match="stride"):
        TransformerClassifier(base_model=str(base), max_length=64, stride=40).fit(["村会计挪用"], [["corruption"]])


@pytest.mark.slow
def test_learns_a_keyword_rule_from_scratch(tmp_path):
    """Random filler text; label a when it ends with 挪用公款, b when it starts with 党费."""
    import random

    rng = random.Random(0)
    filler = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    texts, labels = [], []
    for _ in range(300):
        text, wanted = "".join(rng.choice(filler) for _ in range(20)), []
        if rng.random() < 0.4:
            text, wanted = text + "挪用公款", [*wanted, "a"]
        if rng.random() < 0.4:
            text, wanted = "党费" + text, [*wanted, "b"]
        texts.append(text)
        labels.append(wanted)
    taxonomy = Taxonomy("keywords", (Category("a", "甲"), Category("b", "乙")))
    base = build_tiny_encoder(texts, tmp_path / "base")
    model = TransformerClassifier(
        base_model=str(base), taxonomy=taxonomy, max_length=64, stride=16, learning_rate=1e-3,
        max_epochs=6, patience=6, warmup_ratio=0.0, n_evidence=0,
    )  # fmt: skip
    model.fit(texts[:240], labels[:240], None, dev=(texts[240:], labels[240:], None))
    assert max(h["dev_macro_f1"] for h in model.history_) > 0.75
