"""Split labelled records into train/dev/test (about 70/15/15), stratified by label, keeping every
recurring-problem group and every duplicate family inside one split.

    python scripts/split_corpus.py PART.jsonl [PART.jsonl ...] --out corpora --seed 13

Once written, ``corpora/test.jsonl`` is frozen: new records go into train (or dev) by hand, then
``python scripts/validate_corpus.py``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}


def components(records: list[dict]) -> list[list[dict]]:
    """Records joined by a shared group or a dup_of link, as lists."""
    parent = {r["id"]: r["id"] for r in records}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    first_of_group: dict[str, str] = {}
    for record in records:
        if record.get("dup_of") in parent:
            union(record["id"], record["dup_of"])
        group = record.get("group")
        if group:
            union(record["id"], first_of_group.setdefault(group, record["id"]))
    joined: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        joined[find(record["id"])].append(record)
    return list(joined.values())


def stratum(component: list[dict]) -> str:
    """The most common label of a component ('none' for no label), used for stratification."""
    counts = Counter(label for r in component for label in (r["labels"] or ["none"]))
    return min(counts, key=lambda label: (-counts[label], label))


def _assign(parts: list[list[dict]], out: dict[str, list[dict]], weight) -> None:
    """Give each component to the split furthest below its share, measured by ``weight``."""
    total = sum(weight(p) for p in parts)
    taken = dict.fromkeys(SHARES, 0.0)
    for part in parts:
        name = max(SHARES, key=lambda s: SHARES[s] * total - taken[s])
        out[name].extend(part)
        taken[name] += weight(part)


def split(records: list[dict], seed: int) -> dict[str, list[dict]]:
    """Components with a recurring-problem group or a resubmission are shared out by count (so dev
    and test get their share of both), then the other records by number, within label strata."""
    rng = random.Random(seed)
    grouped: dict[str, list[list[dict]]] = defaultdict(list)
    resubmitted: dict[str, list[list[dict]]] = defaultdict(list)
    plain: dict[str, list[list[dict]]] = defaultdict(list)
    for component in components(records):
        if any(r.get("group") for r in component):
            target = grouped
        elif any(r.get("dup_of") for r in component):
            target = resubmitted
        else:
            target = plain
        target[stratum(component)].append(component)
    out: dict[str, list[dict]] = {name: [] for name in SHARES}
    for special in (grouped, resubmitted):
        ordered = [c for key in sorted(special) for c in sorted(special[key], key=lambda c: c[0]["id"])]
        rng.shuffle(ordered)
        _assign(ordered, out, weight=lambda part: 1)
    for key in sorted(plain):
        parts = sorted(plain[key], key=lambda c: c[0]["id"])
        rng.shuffle(parts)
        parts.sort(key=len, reverse=True)
        _assign(parts, out, weight=len)
    total = len(records)
    for name in SHARES:  # even out what the groups tipped
        extra = len(out[name]) - round(SHARES[name] * total)
        if extra > 0 and name != "train":
            movable = [r for r in out[name] if not r.get("group") and not r.get("dup_of")]
            dup_targets = {r.get("dup_of") for r in out[name]}
            movable = [r for r in movable if r["id"] not in dup_targets][-extra:]
            moved = {r["id"] for r in movable}
            out[name] = [r for r in out[name] if r["id"] not in moved]
            out["train"].extend(movable)
    order = {r["id"]: i for i, r in enumerate(records)}
    return {name: sorted(part, key=lambda r: order[r["id"]]) for name, part in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpora"))
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    records = [
        json.loads(line)
        for path in args.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for name, part in split(records, args.seed).items():
        lines = [json.dumps(r, ensure_ascii=False) for r in part]
        (args.out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(name, len(part))


if __name__ == "__main__":
    main()
