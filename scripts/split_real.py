"""Split the annotations of real messages into train/dev/test, stratified by label (rarest labels first),
keeping a message and its near-copies (reposts) in one split.

    python scripts/split_real.py ANNOTATIONS.jsonl --out corpora/real --test 850 --dev 650 --seed 7
    python scripts/split_real.py MORE.jsonl --out corpora/real --extend

ANNOTATIONS holds one ``{"key", "labels", "subtypes", "note", "sample"}`` per message. Near-copies are
found on the texts, read from the shared data folder. Once written, ``test.jsonl`` is frozen: ``--extend``
deals further annotations to train and dev only (in the proportion the two already have). A new message
that is a near-copy of one already split joins that message's split; one that is a near-copy of a test
message goes to ``near_test.jsonl`` instead, so that no test message is learnt from through its copy.
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


def extend(splits: dict[str, list[dict]], new: list[dict], texts: dict[str, str], seed: int) -> dict[str, list]:
    """The new rows dealt to train and dev (and near_test); ``splits`` is left unchanged."""
    split_of = {r["key"]: name for name, rows in splits.items() for r in rows}
    fresh: list[list[dict]] = []
    out: dict[str, list[dict]] = {"train": [], "dev": [], "near_test": []}
    for family in families([r for rows in splits.values() for r in rows] + new, texts):
        old = sorted({split_of[r["key"]] for r in family if r["key"] in split_of}, key=("test", "dev", "train").index)
        added = [r for r in family if r["key"] not in split_of]
        if not added:
            continue
        if old:
            out["near_test" if old[0] == "test" else old[0]].extend(added)
        else:
            fresh.append(added)
    n = sum(len(f) for f in fresh)
    share = len(splits["dev"]) / (len(splits["dev"]) + len(splits["train"]))
    dealt = assign(fresh, {"train": n - round(n * share), "dev": round(n * share)}, seed)
    for name, rows in dealt.items():
        out[name].extend(rows)
    return out


def write_split(path: Path, rows: list[dict]) -> None:
    """``rows`` as the annotation lines of one split, with the split's counts printed."""
    write_jsonl(path, ({f: r[f] for f in FIELDS} for r in rows))
    counts = Counter(label for r in rows for label in (r["labels"] or ["none"]))
    print(path.stem, len(rows), dict(sorted(counts.items())))


def main_extend(rows: list[dict], out: Path, seed: int) -> None:
    """Append ``rows`` to the train, dev and near_test files of ``out``; test is not touched."""
    splits = {name: read_jsonl(out / f"{name}.jsonl") for name in ("train", "dev", "test")}
    texts = {m.key: m.full_text for m in read_real_messages()}
    order = {r["key"]: i for i, r in enumerate(rows)}
    held = out / "near_test.jsonl"
    before = {"train": splits["train"], "dev": splits["dev"], "near_test": read_jsonl(held) if held.exists() else []}
    for name, added in extend(splits, rows, texts, seed).items():
        added.sort(key=lambda r: order[r["key"]])
        write_split(out / f"{name}.jsonl", before[name] + added)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", type=Path)
    parser.add_argument("--out", type=Path, default=Path("corpora/real"))
    parser.add_argument("--test", type=int, default=850)
    parser.add_argument("--dev", type=int, default=650)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--extend", action="store_true", help="add to train and dev; test stays as it is")
    args = parser.parse_args(argv)
    rows = read_jsonl(args.annotations)
    if args.extend:
        main_extend(rows, args.out, args.seed)
        return
    texts = {m.key: m.full_text for m in read_real_messages()}
    sizes = {"train": len(rows) - args.test - args.dev, "dev": args.dev, "test": args.test}
    splits = assign(families(rows, texts), sizes, args.seed)
    order = {r["key"]: i for i, r in enumerate(rows)}
    for name, members in splits.items():
        members.sort(key=lambda r: order[r["key"]])
        write_split(args.out / f"{name}.jsonl", members)


if __name__ == "__main__":
    main()
