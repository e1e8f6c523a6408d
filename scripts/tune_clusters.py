"""Clustering settings scored on the dev splits (to choose) and the test splits (only measured, never to choose).

    python scripts/tune_clusters.py --real ../shared/data/tipdm2020c/messages_labelled.jsonl
    python scripts/tune_clusters.py --char-weights 0.4 0.5 0.6 --entity-weights 1.0 --pair-similarities 0.3

Each combination of the character-block weight, the name-block weight and the pair similarity clusters the
written split (its ``group`` fields as gold) and, with ``--real``, all the labelled real messages (the real topics
of the split as gold), and prints the adjusted Rand index, V-measure and resubmission-pair precision and recall.
``--test`` adds the test splits' scores for the same settings. ``--train-parts K`` adds the written train split's
groups, cut into K parts of about the dev split's size (each group whole in one part, the records that belong to no
group dealt round), scored part by part: more groups to choose on than the dev split's 13, none of them from a test
split.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.cluster.evaluate import score_clusters, score_duplicates  # noqa: E402
from textmine.cluster.run import cluster_texts  # noqa: E402
from textmine.cluster.vectors import WordVectors  # noqa: E402
from textmine.retrain.records import join_title  # noqa: E402


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def written(split: str):
    rows = read_jsonl(ROOT / "corpora" / f"{split}.jsonl")
    ids = [r["id"] for r in rows]
    return ids, [r["text"] for r in rows], [r.get("group") for r in rows], [r.get("dup_of") for r in rows]


def train_parts(k: int, seed: int = 0) -> list[tuple]:
    """The train split in ``k`` parts, as :func:`written` gives a split: every group whole in one part."""
    ids, texts, groups, dups = written("train")
    rng = random.Random(seed)
    names = sorted({g for g in groups if g})
    rng.shuffle(names)
    part_of_group = {g: n % k for n, g in enumerate(names)}
    loose = [i for i, g in enumerate(groups) if not g]
    rng.shuffle(loose)
    part_of = {i: n % k for n, i in enumerate(loose)} | {i: part_of_group[g] for i, g in enumerate(groups) if g}
    parts = []
    for part in range(k):
        rows = [i for i in range(len(ids)) if part_of[i] == part]
        parts.append(tuple([column[i] for i in rows] for column in (ids, texts, groups, dups)))
    return parts


def real(rows: list[dict], split: str):
    gold = [t for t in read_jsonl(ROOT / "corpora" / "real" / "topics.jsonl") if t["split"] == split]
    topic = {t["key"]: t["topic"] for t in gold}
    repost = {t["key"]: t["dup_of"] for t in gold if t.get("dup_of")}
    ids = [r["key"] for r in rows]
    texts = [join_title(r.get("title"), r.get("text")) for r in rows]
    return ids, texts, [topic.get(i) for i in ids], [repost.get(i) for i in ids]


def score(data, settings: dict) -> str:
    ids, texts, groups, dups = data
    vectorizer = WordVectors(
        entity_weight=settings["entity_weight"], char_weight=settings["char_weight"], name_runs=settings["name_runs"]
    )
    merge = None if settings["merge_shared"] < 0 else settings["merge_shared"]
    result = cluster_texts(
        ids, texts, vectorizer=vectorizer, pair_similarity=settings["pair_similarity"], merge_shared=merge
    )
    scored = [k for k, g in enumerate(groups) if g]
    in_gold = {ids[k] for k in scored}
    found = [result.duplicate_of[k] if result.duplicate_of[k] in in_gold else None for k in scored]
    c = score_clusters(groups, result.clusters)
    d = score_duplicates([ids[k] for k in scored], [dups[k] for k in scored], found)
    return f"ARI {c['adjusted_rand']:.3f} V {c['v_measure']:.3f} dup P/R {d['precision']:.3f}/{d['recall']:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", help="the labelled real messages (messages_labelled.jsonl)")
    parser.add_argument("--char-weights", type=float, nargs="+", default=[0.4])
    parser.add_argument("--entity-weights", type=float, nargs="+", default=[0.6])
    parser.add_argument("--pair-similarities", type=float, nargs="+", default=[0.3])
    parser.add_argument("--merge-shared", type=int, nargs="+", default=[2], help="-1: no joining of clusters")
    parser.add_argument("--name-runs", type=int, nargs="+", default=[0], help="0: place and unit words alone")
    parser.add_argument("--test", action="store_true", help="also measure the test splits")
    parser.add_argument("--train-parts", type=int, default=0, help="also score the train split's groups in K parts")
    args = parser.parse_args()
    splits = ["dev", "test"] if args.test else ["dev"]
    sets = {f"written {s}": written(s) for s in splits}
    sets.update({f"written train part {n + 1}": part for n, part in enumerate(train_parts(args.train_parts))})
    if args.real:
        rows = read_jsonl(args.real)
        sets.update({f"real {s}": real(rows, s) for s in splits})
    grid = itertools.product(
        args.char_weights, args.entity_weights, args.pair_similarities, args.merge_shared, args.name_runs
    )
    for char_weight, entity_weight, pair_similarity, merge_shared, name_runs in grid:
        settings = {"char_weight": char_weight, "entity_weight": entity_weight, "pair_similarity": pair_similarity}
        settings |= {"merge_shared": merge_shared, "name_runs": bool(name_runs)}
        for name, data in sets.items():
            print(f"{settings} {name}: {score(data, settings)}", flush=True)


if __name__ == "__main__":
    main()
