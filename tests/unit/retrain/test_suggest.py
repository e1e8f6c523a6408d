import numpy as np
import scipy.sparse as sp

from tests.cases import make_cases
from textmine.classify import LinearClassifier
from textmine.retrain.suggest import margin_uncertainty, pick_diverse, suggest, threshold_uncertainty
from textmine.taxonomy import infer_taxonomy


def test_uncertainty_is_highest_near_a_tie_or_a_threshold():
    margin = margin_uncertainty(np.array([[0.9, 0.05, 0.05], [0.45, 0.45, 0.1], [0.0, 0.0, 0.0]]))
    assert margin[1] > margin[0] and margin[1] == 1.0 and margin[2] == 1.0
    near = threshold_uncertainty(np.array([[0.9, 0.1], [0.42, 0.1], [0.9, 0.39]]), np.array([0.4, 0.4]))
    assert near.argmax() == 2 and near[0] < near[1]


def test_diverse_pick_skips_near_copies_of_what_it_already_took():
    vectors = sp.csr_matrix(np.array([[1, 0, 0], [1, 0.01, 0], [0, 1, 0], [0, 0, 1]], dtype=float))
    uncertainty = np.array([0.9, 0.89, 0.5, 0.2])
    assert pick_diverse(vectors, uncertainty, n=3) == [0, 2, 3]
    assert pick_diverse(vectors, uncertainty, n=2, pool_factor=1) == [0]  # the pool held only a copy besides


def test_suggestions_are_distinct_records_with_their_predicted_labels():
    cases = make_cases(12, seed=2)
    taxonomy = infer_taxonomy([label for _, label in cases])
    model = LinearClassifier(taxonomy=taxonomy, min_df=1, threshold_folds=0)
    model.fit([t for t, _ in cases], [[label] for _, label in cases])
    pool = [t for t, _ in make_cases(15, seed=9)] + ["", "  "]
    picked = suggest(model, pool, n=8)
    assert len(picked) == 8 and len({s.index for s in picked}) == 8
    assert all(pool[s.index].strip() for s in picked)
    predicted = model.predict(pool)
    for s in picked:
        assert s.labels == [taxonomy.label_ids[int(np.argmax(predicted[s.index]))]] and 0 < s.score <= 1
