import pytest

from tests.unit.classify.fitting import fit_with_dev


@pytest.fixture(scope="session")
def spacy_model(corpus_train):
    """A bag-of-words spaCy model trained for a few epochs on 240 corpus records."""
    pytest.importorskip("spacy", reason="the spacy extra is not installed")
    from textmine.classify.spacy.model import SpacyClassifier

    train, dev = corpus_train[:240], corpus_train[240:300]
    model = SpacyClassifier(architecture="bow", max_epochs=4, patience=2, batch_size=16, n_evidence=3)
    return fit_with_dev(model, train, dev)
