"""Choose the split similarity below which a cluster is flagged ``mixed`` (``textmine.cluster.coherence``).

    python scripts/coherence_threshold.py                      # dev: choose; the test splits are only measured
    python scripts/coherence_threshold.py --real ../shared/data/tipdm2020c/messages_labelled.jsonl

Coherent examples are the gold groups (two or more distinct records) of the written corpus and, with ``--real``, the
real topics; mixed examples are the unions of two gold groups of the same label (the hard case: one category,
two problems). Each input is clustered as ``textmine cluster`` would, so the features and generic words are those of
a real run. The threshold is the cut with the best balanced accuracy on the dev examples; the test examples are
scored at that cut and never used to choose it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.cluster.coherence import cluster_coherence, distinctive_rows  # noqa: E402
from textmine.cluster.model import ProblemClusterer  # noqa: E402
from textmine.retrain.records import join_title  # noqa: E402

MAX_MIXED = 400


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def examples(texts, groups, labels, seed=0) -> tuple[list[float], list[float]]:
    """Split similarity of each gold group and of unions of two same-label groups."""
    clusterer = ProblemClusterer().fit(texts)
    distinctive = distinctive_rows(clusterer.vectors_)
    distinct = clusterer.duplicate_of_ < 0
    members: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        if group and distinct[i]:
            members.setdefault(group, []).append(i)
    members = {g: m for g, m in members.items() if len(m) >= 2}
    score = lambda rows: cluster_coherence(distinctive, np.array(rows))["split_similarity"]  # noqa: E731
    coherent = [score(m) for m in members.values()]
    label_of = {g: labels[m[0]] for g, m in members.items()}
    pairs = [(a, b) for a, b in itertools.combinations(sorted(members), 2) if label_of[a] == label_of[b]]
    rng = np.random.default_rng(seed)
    chosen = rng.permutation(len(pairs))[:MAX_MIXED]
    mixed = [score(members[pairs[k][0]] + members[pairs[k][1]]) for k in chosen]
    return coherent, mixed


def balanced_accuracy(coherent, mixed, cut: float) -> float:
    return 0.5 * (np.mean(np.array(coherent) >= cut) + np.mean(np.array(mixed) < cut))


def written(split: str):
    rows = read_jsonl(ROOT / "corpora" / f"{split}.jsonl")
    return [r["text"] for r in rows], [r.get("group") for r in rows], [(r.get("labels") or ["none"])[0] for r in rows]


def real(path: str, split: str):
    rows = read_jsonl(path)
    topics = {
        t["key"]: t["topic"] for t in read_jsonl(ROOT / "corpora" / "real" / "topics.jsonl") if t["split"] == split
    }
    texts = [join_title(r.get("title"), r.get("text")) for r in rows]
    return texts, [topics.get(r["key"]) for r in rows], [r.get("label") or "none" for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", help="the labelled real messages (messages_labelled.jsonl)")
    args = parser.parse_args()
    found = {}
    for split in ("dev", "test"):
        sets = [("written", written(split))] + ([("real", real(args.real, split))] if args.real else [])
        for name, data in sets:
            found[(name, split)] = examples(*data)
    dev_coherent = [c for (name, split), (co, _) in found.items() if split == "dev" for c in co]
    dev_mixed = [m for (name, split), (_, mi) in found.items() if split == "dev" for m in mi]
    cuts = np.round(np.arange(0.01, 0.3, 0.01), 2)
    best = max(cuts, key=lambda cut: (balanced_accuracy(dev_coherent, dev_mixed, cut), -cut))
    curve = ", ".join(f"{cut:.2f}: {balanced_accuracy(dev_coherent, dev_mixed, cut):.3f}" for cut in cuts[:20])
    print(f"balanced accuracy on dev by cut: {curve}")
    print(f"chosen on dev: mixed below {best:.2f}")
    for (name, split), (coherent, mixed) in found.items():
        print(
            f"{name} {split}: {len(coherent)} gold groups (median split similarity {np.median(coherent):.3f}, "
            f"{np.mean(np.array(coherent) < best):.1%} flagged), {len(mixed)} same-label unions (median "
            f"{np.median(mixed):.3f}, {np.mean(np.array(mixed) < best):.1%} flagged), balanced accuracy "
            f"{balanced_accuracy(coherent, mixed, best):.3f}"
        )


if __name__ == "__main__":
    main()
