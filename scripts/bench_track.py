"""Score rebound tracking on two periods built from the corpus's recurring-problem groups.

    python scripts/bench_track.py                       # train and dev groups (for tuning)
    python scripts/bench_track.py --split test          # the held-out groups
    python scripts/bench_track.py --grid                # try matcher thresholds

Period 1 holds the first half of every group (rounded up), every fifth group whole (a problem that does
not come back), and ``--others`` records outside any group; period 2 the rest of each group and as many
other, different records. Both periods are classified with the shipped model and clustered (period 2
with ``--update`` of period 1's clusters). The register of period 1 has every problem marked 已整改; then
period 2 is tracked. Rebound recall: of the groups that continue (a record raising a problem, by the corpus's labels,
in each period; a later record saying the problem was fixed raises none), the share whose period-1 problem is
flagged 整改后反弹 with one of the group's period-2 records. False rebounds: problems flagged 整改后反弹
whose new records belong to none of the groups behind them, as a share of the register's problems.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.report_data import make_periods  # noqa: E402
from textmine import load_classifier  # noqa: E402
from textmine.classify.results import result_columns  # noqa: E402
from textmine.cluster.run import cluster_texts  # noqa: E402
from textmine.report.entries import add_problems  # noqa: E402
from textmine.report.matching import ProblemMatcher  # noqa: E402
from textmine.report.problems import problem_table  # noqa: E402
from textmine.report.records import prepare_records  # noqa: E402
from textmine.report.register import REBOUND, new_register  # noqa: E402
from textmine.report.track import track  # noqa: E402


def read(splits: list[str]) -> list[dict]:
    rows = []
    for split in splits:
        path = ROOT / "corpora" / f"{split}.jsonl"
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def classified(model, period: list[dict], previous=None):
    """The period as the report reads it: classified by ``model`` (by the corpus's labels when None), clustered."""
    texts = [r["text"] for r in period]
    ids = [r["id"] for r in period]
    if model is None:
        columns = {
            "labels": [";".join(r["labels"]) for r in period],
            "subtypes": [";".join(r["subtypes"]) for r in period],
        }
    else:
        columns = result_columns(model.classify(texts), as_lists=False)
    clustering = cluster_texts(ids, texts, dates=[r["date"] or "" for r in period], previous=previous)
    frame = pd.DataFrame({"id": ids, "text": texts, "date": [r["date"] or "" for r in period], **columns})
    frame["cluster"] = clustering.clusters
    frame["duplicate_of"] = clustering.duplicate_of
    return prepare_records(frame), clustering.summary


def evaluate(result, register, group_of: dict[str, str], continuing: set[str]) -> dict[str, float]:
    stored = register.records
    old_groups = {
        n: {group_of.get(i) for i in part["编号"] if group_of.get(i)} for n, part in stored.groupby("问题编号")
    }
    period1 = {n for n in result.conclusions if n not in result.new_numbers}
    recalled, false = set(), 0
    for number in period1:
        if result.conclusions[number] != REBOUND:
            continue
        new_groups = {group_of.get(i) for i in result.matched[number]} - {None}
        hits = new_groups & old_groups.get(number, set()) & continuing
        recalled |= hits
        false += not hits
    return {
        "recall": len(recalled) / len(continuing),
        "false_share": false / len(period1),
        "false": false,
        "problems": len(period1),
        "rebounds": sum(result.conclusions[n] == REBOUND for n in period1),
        "continuing": len(continuing),
    }


def run(splits, others, matcher, model) -> dict[str, float]:
    records = read(splits)
    first, second, continuing = make_periods(records, others)
    group_of = {r["id"]: r["group"] for r in records if r["group"]}
    records1, summary1 = classified(model, first)
    register = new_register()
    for row in add_problems(register, problem_table(records1), records1, period=1):
        register.set(row, "整改状态", "已整改")
    records2, _ = classified(model, second, previous=summary1)
    result = track(register, records2, matcher=matcher)
    return evaluate(result, register, group_of, continuing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", default=["train", "dev"])
    parser.add_argument("--others", type=int, default=150, help="records outside any group in each period")
    parser.add_argument("--grid", action="store_true", help="try a grid of matcher thresholds")
    parser.add_argument("--gold-labels", action="store_true", help="the corpus's labels instead of the model's")
    args = parser.parse_args()
    model = None if args.gold_labels else load_classifier()
    settings = [ProblemMatcher()]
    if args.grid:
        settings = [
            ProblemMatcher(min_similarity=high, name_similarity=low, use_clusters=clusters)
            for clusters in (True, False)
            for high in (0.3, 0.35, 0.4, 0.45)
            for low in (0.15, 0.2, 0.25)
        ]
    for matcher in settings:
        started = time.perf_counter()
        scores = run(args.split, args.others, matcher, model)
        print(
            f"min_similarity {matcher.min_similarity:.2f} name_similarity {matcher.name_similarity:.2f} "
            f"clusters {'yes' if matcher.use_clusters else 'no '}: "
            f"rebound recall {scores['recall']:.3f} ({scores['continuing']} continuing groups), "
            f"false rebounds {scores['false']} of {scores['problems']} problems ({scores['false_share']:.1%}), "
            f"{time.perf_counter() - started:.0f}s"
        )


if __name__ == "__main__":
    main()
