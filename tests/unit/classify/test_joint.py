import numpy as np
import pytest
from sklearn.base import BaseEstimator

from textmine.classify.joint import CategorySpace, JointClassifier, split_off_dev, tuned_macro_f1
from textmine.taxonomy import load_taxonomy
from textmine.text import Segmenter


class KeywordModel(JointClassifier, BaseEstimator):
    """A fixed scorer over the real taxonomy: 挪用 means corruption.embezzlement, 党费 party dues."""

    def __init__(self, taxonomy=None, segmenter=None, n_evidence=3):
        self.taxonomy = taxonomy
        self.segmenter = segmenter
        self.n_evidence = n_evidence
        space = CategorySpace.of(load_taxonomy())
        self.classes_ = np.array(space.labels, dtype=object)
        self.subtype_classes_ = np.array(space.subtypes, dtype=object)
        self.thresholds_ = np.full(len(space.labels), 0.5, dtype=np.float32)
        self.segmenter_ = Segmenter(["挪用", "党费"])
        self.names = space.names

    def _score_all(self, texts):
        scores = np.full((len(texts), len(self.names)), 0.05, dtype=np.float32)
        for i, text in enumerate(texts):
            if "挪用" in text:
                scores[i, self.names.index("corruption")] = 0.9
                scores[i, self.names.index("corruption.embezzlement")] = 0.8
            if "党费" in text:
                scores[i, self.names.index("party_building")] = 0.7
                scores[i, self.names.index("party_building.party_dues")] = 0.3
        return scores


def test_targets_put_labels_then_subtypes():
    space = CategorySpace.of(load_taxonomy())
    targets = space.targets([["corruption"]], [["corruption.embezzlement"]])
    assert targets[0, space.names.index("corruption")] == 1
    assert targets[0, space.names.index("corruption.embezzlement")] == 1
    assert targets.sum() == 2
    with pytest.raises(ValueError):
        space.targets([["no_such_label"]], None)


def test_held_out_split_is_seeded_and_disjoint():
    train, dev = split_off_dev(100, 0.2, seed=3)
    assert len(dev) == 20 and not set(train) & set(dev) and len(train) + len(dev) == 100
    assert (split_off_dev(100, 0.2, seed=3)[1] == dev).all()
    assert not (split_off_dev(100, 0.2, seed=4)[1] == dev).all()


def test_tuned_macro_f1_is_perfect_on_separable_scores():
    truth = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    f1, thresholds = tuned_macro_f1(truth, np.array([[0.8, 0.2], [0.3, 0.6], [0.7, 0.9], [0.1, 0.1]]))
    assert f1 == 1.0 and thresholds.shape == (2,)


def test_classify_gives_labels_subtypes_evidence_like_the_linear_model():
    model = KeywordModel()
    first, second, empty = model.classify(["村会计挪用修路款", "村会计挪用公款，党员党费长期不交", "  "])
    assert first.label_ids == ["corruption"]
    assert first.labels[0].subtypes[0].id == "corruption.embezzlement"
    assert first.labels[0].evidence == ["挪用"]
    assert second.label_ids == ["corruption", "party_building"]
    assert second.labels[1].subtypes[0].id == "party_building.party_dues"  # best one when none reaches 0.5
    assert empty.error == "empty text" and empty.label_ids == []
    assert set(first.to_record()) >= {"labels", "labels_zh", "subtypes", "score_corruption", "evidence", "error"}


def test_predict_uses_the_thresholds():
    model = KeywordModel()
    assert model.predict(["挪用"]).sum() == 1
    model.thresholds_[model.classes_.tolist().index("corruption")] = 0.95
    assert model.predict(["挪用"]).sum() == 0
    assert model.predict_proba(["挪用", ""]).shape == (2, 6)
