"""The shipped sample, classified with the shipped model and clustered, as the report's input; and two
periods built from the corpus's recurring-problem groups, for tracking."""

import random
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


def make_periods(records: list[dict], others: int, seed: int = 0) -> tuple[list[dict], list[dict], set[str]]:
    """Two periods from the corpus's recurring-problem groups, and the groups that continue into period 2.

    Period 1 holds the first half of every group (rounded up), every fifth group whole (a problem that does
    not come back) and ``others`` records outside any group; period 2 the rest of each group and as many
    other records. A group continues when a record raises a problem in each period (a later record saying
    the problem was fixed raises none).
    """
    groups: dict[str, list[dict]] = {}
    for record in records:
        if record["group"]:
            groups.setdefault(record["group"], []).append(record)
    first, second, continuing = [], [], set()
    for k, (name, members) in enumerate(sorted(groups.items())):
        if k % 5 == 4:
            first += members
            continue
        half = (len(members) + 1) // 2
        first, second = first + members[:half], second + members[half:]
        if any(r["labels"] for r in members[:half]) and any(r["labels"] for r in members[half:]):
            continuing.add(name)
    related = {r["dup_of"] for r in records if r["dup_of"]} | {r["id"] for r in records if r["dup_of"]}
    singles = [r for r in records if not r["group"] and r["id"] not in related]
    random.Random(seed).shuffle(singles)
    return first + singles[:others], second + singles[others : 2 * others], continuing
