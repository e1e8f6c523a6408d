import numpy as np
import pytest
import scipy.sparse as sp

from textmine import load_classifier
from textmine.classify.linear.model import LinearClassifier
from textmine.classify.linear.neighbours import NeighbourVote, blend
from textmine.taxonomy import infer_taxonomy

TEXTS = ["伊景园小区车位捆绑销售", "学校乱收费", "路灯坏了没人修", "补课收费太高", "公交线路太少", "老师体罚学生"] * 4
LABELS = [["城建"], ["教育"], ["交通"], ["教育"], ["交通"], ["教育"]] * 4


def single_label_model(**settings) -> LinearClassifier:
    taxonomy = infer_taxonomy(["城建", "交通", "教育"])
    return LinearClassifier(taxonomy=taxonomy, min_df=1, threshold_folds=0, **settings).fit(TEXTS, LABELS)


def test_vote_goes_to_the_labels_of_the_most_similar_rows():
    train = sp.csr_matrix(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]]))
    votes = NeighbourVote.fit(train, np.eye(3)[[0, 1, 1, 2]]).vote(sp.csr_matrix(np.array([[0.1, 1.0, 0.0]])), k=2)
    assert votes.argmax() == 1 and votes.sum() == pytest.approx(1.0)


def test_vote_is_zero_for_a_record_sharing_no_term_and_blocks_give_the_same_votes(monkeypatch):
    rng = np.random.default_rng(0)
    train = sp.random(50, 30, density=0.2, format="csr", random_state=1)
    vote = NeighbourVote.fit(train, np.eye(4)[rng.integers(0, 4, 50)])
    queries = sp.vstack([sp.random(20, 30, density=0.2, format="csr", random_state=2), sp.csr_matrix((1, 30))])
    whole = vote.vote(queries, k=5)
    monkeypatch.setattr("textmine.classify.linear.neighbours.BLOCK_CELLS", 60)  # blocks of one row
    np.testing.assert_allclose(vote.vote(queries, k=5), whole)
    assert whole[-1].sum() == 0 and np.allclose(whole[:-1].sum(axis=1), 1.0)


def test_blend_keeps_scores_in_the_unit_interval():
    mixed = blend(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]), 0.3)
    assert mixed.max() == pytest.approx(1.0) and mixed.min() == 0.0


def test_single_label_model_votes_and_multilabel_model_does_not(small_model):
    assert small_model.neighbours_ is None
    voting = single_label_model()
    plain = single_label_model(neighbour_weight=0)
    assert voting.neighbours_ is not None and plain.neighbours_ is None
    texts = ["伊景园小区车位捆绑销售问题", "今天天气不错"]
    assert not np.allclose(voting.predict_proba(texts), plain.predict_proba(texts))
    scores = [result.scores for result in voting.classify(texts)]
    np.testing.assert_allclose([list(s.values()) for s in scores], voting.predict_proba(texts), atol=1e-6)


def test_saved_vote_loads_and_gives_the_same_scores(tmp_path):
    model = single_label_model(neighbours=3, neighbour_weight=0.5)
    model.save(tmp_path / "a")
    again = load_classifier(tmp_path / "a")
    assert (again.neighbours, again.neighbour_weight) == (3, 0.5)
    texts = ["小区车位捆绑", "老师体罚"]
    np.testing.assert_allclose(again.predict_proba(texts), model.predict_proba(texts), atol=1e-6)
    again.save(tmp_path / "b")
    for name in ("model.json", "weights.safetensors", "card.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
