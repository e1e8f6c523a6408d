"""The shipped sample, classified with the shipped model and clustered, as the report's input."""

from pathlib import Path

import pandas as pd
import pytest

from tests.paths import ROOT

SAMPLE = ROOT / "corpora" / "samples" / "sample.csv"


def cluster_columns(texts: list[str], ids: list[str]) -> pd.DataFrame:
    """The columns clustering adds: cluster, cluster_keywords, duplicate_of (the id repeated)."""
    from textmine.cluster import ProblemClusterer
    from textmine.cluster.keywords import class_tfidf_keywords

    clusterer = ProblemClusterer().fit(texts)
    keywords = class_tfidf_keywords(clusterer.word_docs_, clusterer.labels_, top_n=6)
    return pd.DataFrame(
        {
            "cluster": clusterer.labels_,
            "cluster_keywords": [";".join(keywords.get(int(c), [])) for c in clusterer.labels_],
            "duplicate_of": [ids[d] if d >= 0 else "" for d in clusterer.duplicate_of_],
        }
    )


@pytest.fixture(scope="session")
def extractor():
    from textmine.text.extract import EntityExtractor

    return EntityExtractor().fit()


@pytest.fixture(scope="session")
def classified_sample(tmp_path_factory, default_model) -> Path:
    from textmine import classify_file

    path = tmp_path_factory.mktemp("sample") / "classified.csv"
    classify_file(SAMPLE, path, model=default_model, progress=False)
    return path


@pytest.fixture(scope="session")
def clustered_sample(tmp_path_factory, classified_sample) -> Path:
    frame = pd.read_csv(classified_sample, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    added = cluster_columns(frame["反映内容"].tolist(), frame["编号"].tolist())
    path = tmp_path_factory.mktemp("sample") / "clustered.csv"
    pd.concat([frame, added], axis=1).to_csv(path, index=False, encoding="utf-8-sig")
    return path


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory, clustered_sample) -> Path:
    """The clustered sample's report (r.html) and problem list (p.xlsx), made by the command line."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("report")
    args = ["report", clustered_sample, "-o", folder / "r.html", "--xlsx", folder / "p.xlsx", "--title", "样例报告"]
    done = subprocess.run(
        [sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return folder
