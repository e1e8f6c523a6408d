import json
from pathlib import Path

import pytest

from tests.paths import ROOT


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus_train() -> list[dict]:
    return read_jsonl(ROOT / "corpora" / "train.jsonl")


@pytest.fixture(scope="session")
def default_model():
    from textmine import load_classifier

    return load_classifier()


@pytest.fixture(scope="session")
def small_model(corpus_train):
    """A model fitted on a few hundred training records, quick to build."""
    from textmine import LinearClassifier

    records = corpus_train[:600]
    model = LinearClassifier(threshold_folds=3)
    return model.fit(
        [r["text"] for r in records], [r["labels"] for r in records], subtypes=[r["subtypes"] for r in records]
    )


TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark each test by its suite: ``unit`` (tests/unit, mirroring the package) or ``integration``
    (tests/integration: commands and whole runs). Tests of the optional backends carry ``optional``."""
    for item in items:
        try:
            suite = Path(str(item.fspath)).resolve().relative_to(TESTS).parts[0]
        except ValueError:
            continue  # doctests of the package
        if suite in ("unit", "integration"):
            item.add_marker(getattr(pytest.mark, suite))


from tests.report_data import classified_sample, clustered_sample, extractor, sample_report  # noqa: E402, F401
from tests.serve_app import serve, serve_client  # noqa: E402, F401
