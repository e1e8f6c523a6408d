"""Agreement of the two independent annotation passes over the real messages: Cohen's kappa per label and
for "no label", and how many records the third pass settled.

    python scripts/real_agreement.py            # reads corpora/real/passes.jsonl
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from textmine.io.jsonfile import read_jsonl
from textmine.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent


def agreement_rows(rows: list[dict], labels: list[str]) -> list[tuple[str, int, int, int, float]]:
    """(label, pass A count, pass B count, both, kappa) for each label and for no label."""
    table = []
    for label in [*labels, "no label"]:
        a = [(not r["pass_a"]) if label == "no label" else (label in r["pass_a"]) for r in rows]
        b = [(not r["pass_b"]) if label == "no label" else (label in r["pass_b"]) for r in rows]
        both = sum(x and y for x, y in zip(a, b))
        table.append((label, sum(a), sum(b), both, round(float(cohen_kappa_score(a, b)), 3)))
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=Path, default=ROOT / "corpora" / "real" / "passes.jsonl")
    args = parser.parse_args(argv)
    rows = read_jsonl(args.passes)
    print("| label | pass A | pass B | both | Cohen's kappa |")
    print("|---|---|---|---|---|")
    for label, a, b, both, kappa in agreement_rows(rows, list(load_taxonomy().label_ids)):
        print(f"| {label} | {a} | {b} | {both} | {kappa:.3f} |")
    settled = Counter(r["settled"] for r in rows)
    print(
        f"\n{len(rows)} messages: {settled['agreed']} agreed on labels and subtypes, {settled['adjudicated']} settled"
    )


if __name__ == "__main__":
    main()
