"""Split the annotations of real messages into train/dev/test, stratified by label (rarest labels first),
keeping a message and its near-copies (reposts) in one split.

    python scripts/split_real.py ANNOTATIONS.jsonl --out corpora/real --test 850 --dev 650 --seed 7

ANNOTATIONS holds one ``{"key", "labels", "subtypes", "note", "sample"}`` per message. Near-copies are
found on the texts, read from the shared data folder. Once written, ``test.jsonl`` is frozen.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from pathlib import Path

from textmine.cluster.duplicates import NearDuplicateFinder
from textmine.io.jsonfile import read_jsonl, write_jsonl
from textmine.io.real_messages import read_real_messages

FIELDS = ("key", "labels", "subtypes", "note", "sample")


def families(rows: list[dict], texts: dict[str, str]) -> list[list[dict]]:
    """Messages joined with their near-copies (shingle Jaccard of 0.6 or more)."""
    finder = NearDuplicateFinder(threshold=0.6)
    first = finder.fit([texts[r["key"]] for r in rows]).duplicate_of_
    joined: dict[int, list[dict]] = defaultdict(list)
    for i, row in enumerate(rows):
        joined[int(first[i]) if first[i] >= 0 else i].append(row)
    return list(joined.values())


def stratum(family: list[dict], counts: Counter) -> str:
    """The family's rarest label (counted over all messages), 'none' when it has none."""
    labels = {label for r in family for label in r["labels"]}
    return min(labels, key=lambda label: (counts[label], label)) if labels else "none"


def assign(families_: list[list[dict]], sizes: dict[str, int], seed: int) -> dict[str, list[dict]]:
    """Each stratum's families dealt to the splits in proportion to their sizes."""
    counts = Counter(label for f in families_ for r in f for label in r["labels"])
    by_stratum: dict[str, list[list[dict]]] = defaultdict(list)
    for family in families_:
        by_stratum[stratum(family, counts)].append(family)
    total = sum(sizes.values())
    out: dict[str, list[dict]] = {name: [] for name in sizes}
    rng = random.Random(seed)
    for name in sorted(by_stratum, key=lambda s: (s == "none", counts[s], s)):
        group = by_stratum[name]
        rng.shuffle(group)
        n = sum(len(f) for f in group)
        taken = dict.fromkeys(sizes, 0)
        for family in group:
            split = max(sizes, key=lambda s: sizes[s] / total * n - taken[s])
            out[split].extend(family)
            taken[split] += len(family)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpora/real"))
    parser.add_argument("--test", type=int, default=850)
    parser.add_argument("--dev", type=int, default=650)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows = read_jsonl(args.annotations)
    texts = {m.key: m.full_text for m in read_real_messages()}
    sizes = {"train": len(rows) - args.test - args.dev, "dev": args.dev, "test": args.test}
    splits = assign(families(rows, texts), sizes, args.seed)
    order = {r["key"]: i for i, r in enumerate(rows)}
    for name, members in splits.items():
        members.sort(key=lambda r: order[r["key"]])
        write_jsonl(args.out / f"{name}.jsonl", ({f: r[f] for f in FIELDS} for r in members))
        counts = Counter(label for r in members for label in (r["labels"] or ["none"]))
        print(name, len(members), dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
