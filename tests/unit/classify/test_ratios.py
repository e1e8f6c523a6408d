import json

import numpy as np
import pytest
import scipy.sparse as sp

from tests.unit.classify.test_neighbours import single_label_model
from textmine import load_classifier
from textmine.classify.linear.ratios import log_count_ratio, scaled


def test_a_feature_only_the_label_has_gets_a_positive_ratio_and_presence_is_what_counts():
    features = sp.csr_matrix(np.array([[5.0, 0.0, 1.0], [0.1, 0.0, 1.0], [0.0, 2.0, 1.0], [0.0, 0.3, 1.0]]))
    ratio = log_count_ratio(features, np.array([1, 1, 0, 0]))
    assert ratio[0] > 0 > ratio[1]
    assert ratio[0] == pytest.approx(-ratio[1]) and ratio[2] == pytest.approx(0.0, abs=1e-6)
    weighted = log_count_ratio(features, np.array([1, 1, 0, 0]), weights=np.array([1.0, 1.0, 3.0, 3.0]))
    assert weighted[1] < ratio[1]  # the negatives' presences weigh three times


def test_scaling_multiplies_columns():
    features = sp.csr_matrix(np.array([[1.0, 2.0], [0.0, 4.0]]))
    np.testing.assert_allclose(scaled(features, np.array([2.0, -0.5])).toarray(), [[2.0, -1.0], [0.0, -2.0]])


def test_single_label_models_scale_by_default_and_the_ratio_is_folded_into_the_weights(small_model):
    assert not small_model.ratio_scaled_  # multi-label: the shipped model's way is unchanged
    ratio_model = single_label_model(neighbour_weight=0)
    plain = single_label_model(neighbour_weight=0, log_count_ratio=False)
    assert ratio_model.ratio_scaled_ and not plain.ratio_scaled_
    assert not np.allclose(ratio_model.coef_, plain.coef_)
    texts = ["伊景园小区车位捆绑销售问题", "学校补课收费"]
    features = ratio_model.featurizer_.transform(texts)
    np.testing.assert_allclose(
        ratio_model.decision_function(texts), features @ ratio_model.coef_.T + ratio_model.intercept_
    )
    assert [ratio_model.classes_[i] for i in ratio_model.predict(texts).argmax(axis=1)] == ["城建", "教育"]


def test_saved_scaled_model_says_so_and_round_trips(tmp_path):
    model = single_label_model(ratio_C=0.5)
    model.save(tmp_path / "a")
    described = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    assert described["log_count_ratio"] == {"log_count_ratio": True, "ratio_C": 0.5}
    again = load_classifier(tmp_path / "a")
    assert again.ratio_scaled_ and again.ratio_C == 0.5
    np.testing.assert_allclose(again.predict_proba(["老师体罚"]), model.predict_proba(["老师体罚"]), atol=1e-6)
    again.save(tmp_path / "b")
    for name in ("model.json", "weights.safetensors", "card.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    plain = single_label_model(log_count_ratio=False)
    plain.save(tmp_path / "c")
    assert "log_count_ratio" not in json.loads((tmp_path / "c" / "model.json").read_text(encoding="utf-8"))
    assert not load_classifier(tmp_path / "c").ratio_scaled_
