import numpy as np
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline

from textmine import LinearClassifier


def test_fit_predict_shapes_and_learned_attributes(small_model, corpus_train):
    texts = [r["text"] for r in corpus_train[600:700]]
    proba = small_model.predict_proba(texts)
    assert proba.shape == (100, 6)
    assert ((proba >= 0) & (proba <= 1)).all()
    predicted = small_model.predict(texts)
    assert set(np.unique(predicted)) <= {0, 1}
    assert small_model.multilabel_ is True
    assert small_model.thresholds_.shape == (6,)
    assert small_model.coef_.shape[0] == 6


def test_held_out_records_are_mostly_right(small_model, corpus_train):
    held_out = corpus_train[600:900]
    predicted = small_model.predict([r["text"] for r in held_out])
    truth = np.array([[label in r["labels"] for label in small_model.classes_] for r in held_out])
    micro_f1 = 2 * (predicted & truth).sum() / (predicted.sum() + truth.sum())
    assert micro_f1 > 0.7


def test_classify_gives_names_scores_subtypes_and_evidence(small_model):
    [result] = small_model.classify(["村会计张某把三万多元征地补偿款挪去给儿子买车，至今没有归还集体"])
    assert "corruption" in result.label_ids
    label = next(x for x in result.labels if x.id == "corruption")
    assert label.name == "腐败问题"
    assert label.subtypes and all(s.id.startswith("corruption.") for s in label.subtypes)
    assert label.evidence and all(len(term) >= 2 for term in label.evidence)
    assert set(result.scores) == set(small_model.classes_)


def test_empty_text_is_flagged_with_no_label(small_model):
    [result] = small_model.classify(["  "])
    assert result.label_ids == [] and result.error == "empty text"


def test_single_label_data_gives_exactly_one_label_per_record():
    texts = ["道路坑洼无人修", "学校乱收费", "路灯坏了", "补课收费太高", "公交线路太少", "老师体罚学生"] * 4
    labels = [["交通"], ["教育"], ["交通"], ["教育"], ["交通"], ["教育"]] * 4
    from textmine.taxonomy import infer_taxonomy

    model = LinearClassifier(taxonomy=infer_taxonomy(["交通", "教育"]), min_df=1, threshold_folds=0)
    model.fit(texts, labels)
    assert model.multilabel_ is False
    assert (model.predict(["马路上全是坑", "今天天气不错"]).sum(axis=1) == 1).all()


def test_works_inside_pipeline_and_cross_val_score(corpus_train):
    records = corpus_train[:240]
    texts = [r["text"] for r in records]
    Y = np.array(
        [
            [
                label in r["labels"]
                for label in ("formalism", "bureaucratism", "hedonism", "extravagance", "corruption", "party_building")
            ]
            for r in records
        ],
        dtype=int,
    )
    pipeline = Pipeline([("clf", LinearClassifier(threshold_folds=0))])
    scores = cross_val_score(pipeline, texts, Y, cv=3, scoring="f1_micro")
    every_label = DummyClassifier(strategy="constant", constant=np.ones(Y.shape[1], dtype=int))
    trivial = cross_val_score(every_label, texts, Y, cv=3, scoring="f1_micro")  # about 0.37; no label scores 0
    assert scores.shape == (3,) and scores.min() > trivial.max() + 0.2


def test_unknown_label_in_training_data_is_rejected():
    with pytest.raises(ValueError, match="not one of"):
        LinearClassifier(min_df=1, threshold_folds=0).fit(["一", "二"], [["corruption"], ["交通"]])


def test_learned_weights_are_read_only_and_new_ones_are_used(small_model):
    import copy

    assert not small_model.coef_.flags.writeable
    with pytest.raises(ValueError):
        small_model.coef_[0, 0] = 1.0
    text = "村会计张某把三万多元征地补偿款挪去给儿子买车"
    model = copy.copy(small_model)  # shares the read-only arrays (and what prediction keeps of them)
    before = model.classify([text])[0]
    corruption = list(model.classes_).index("corruption")
    flipped = model.coef_.copy()
    flipped[corruption] *= -1  # a new array: prediction must notice it
    model.coef_ = flipped
    after = model.classify([text])[0]
    assert "corruption" in before.label_ids and "corruption" not in after.label_ids


def test_sample_weights_decide_what_the_model_learns(corpus_train):
    records = corpus_train[:400]
    texts, labels = [r["text"] for r in records], [r["labels"] for r in records]
    party = [i for i, ls in enumerate(labels) if "party_building" in ls]
    weights = [0.001 if i in set(party) else 1.0 for i in range(len(records))]
    plain = LinearClassifier(threshold_folds=0, min_df=1, class_weight=None).fit(texts, labels)
    column = list(plain.classes_).index("party_building")
    unweighted_recall = plain.predict([texts[i] for i in party])[:, column].mean()
    silenced = LinearClassifier(threshold_folds=0, min_df=1, class_weight=None).fit(
        texts, labels, sample_weight=weights
    )
    silenced_recall = silenced.predict([texts[i] for i in party])[:, column].mean()
    assert len(party) >= 20 and unweighted_recall > 0.9 and silenced_recall < 0.2
