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


def split(records: list[dict], seed: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    by_stratum: dict[str, list[list[dict]]] = defaultdict(list)
    for component in components(records):
        by_stratum[stratum(component)].append(component)
    out: dict[str, list[dict]] = {name: [] for name in SHARES}
    for key in sorted(by_stratum):
        parts = by_stratum[key]
        rng.shuffle(parts)
        parts.sort(key=len, reverse=True)  # place big components first, fill with small ones
        total = sum(len(p) for p in parts)
        taken = dict.fromkeys(SHARES, 0)
        for part in parts:
            name = max(SHARES, key=lambda s: SHARES[s] * total - taken[s])
            out[name].extend(part)
            taken[name] += len(part)
    order = {r["id"]: i for i, r in enumerate(records)}
    return {name: sorted(part, key=lambda r: order[r["id"]]) for name, part in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpora"))
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    records = [json.loads(line) for path in args.parts for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name, part in split(records, args.seed).items():
        lines = [json.dumps(r, ensure_ascii=False) for r in part]
        (args.out / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(name, len(part))


if __name__ == "__main__":
    main()
