"""Score extraction against the corpus records' ``unit``, ``place`` and ``date`` fields.

    python scripts/score_extraction.py                 # train and dev (for development)
    python scripts/score_extraction.py --split test    # the final number
    python scripts/score_extraction.py --real --split dev     # the unit on annotated real messages

For each field, the record's one predicted value (the unit the record is about, from the unit tagger;
the first place; the record's own date) is compared with the annotated one. ``exact`` needs the
same string; ``alias`` the same string after alias normalisation (``县住建局`` for ``县住房和城乡建设局``,
both normalised as the extractor reads text); ``overlap`` also accepts one inside the other after it
(``县水利局`` for ``县水利局局长``). Precision counts records with a prediction, recall records with an
annotation. The unit tagger was trained on the train and dev splits; the test split is only scored.

``--real`` scores the unit on the real citizen messages of ``corpora/real/units.jsonl`` instead (keys only; the
texts are read from ``../shared/data/tipdm2020c``, and the script says so when that folder is absent); it also
prints how far the annotators' two independent passes agree, the ceiling a tagger could be held to.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.errors import TextmineError  # noqa: E402
from textmine.io.real_messages import read_real_messages  # noqa: E402
from textmine.text.aliases import canonical_unit  # noqa: E402
from textmine.text.extract import EntityExtractor  # noqa: E402
from textmine.text.normalize import normalize  # noqa: E402
from textmine.text.units import UnitTagger  # noqa: E402

FIELDS = ("unit", "place", "date")


def read(split: str) -> list[dict]:
    path = ROOT / "corpora" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_real(splits: list[str]) -> list[dict]:
    """The annotated real messages of ``splits`` as records: the message's text, its ``unit`` and the two
    passes' units. The file holds each unit as its character span in the message (title, newline, body), so
    that no text of the message is stored; the names are read back from the text."""
    path = ROOT / "corpora" / "real" / "units.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {m.key: m.full_text for m in read_real_messages()}

    def named(text: str, span: list[int] | None) -> str | None:
        return None if span is None else text[span[0] : span[1]]

    records = []
    for r in rows:
        if r["split"] in splits:
            text = texts[r["key"]]
            passes = (named(text, r["pass_a"]), named(text, r["pass_b"]))
            records.append({"id": r["key"], "text": text, "unit": named(text, r["unit"]), "passes": passes})
    return records


MODES = ("exact", "alias", "overlap")


def matches(predicted: str, gold: str, mode: str) -> bool:
    if mode == "exact":
        return predicted == gold
    predicted, gold = canonical_unit(normalize(predicted)), canonical_unit(normalize(gold))
    return predicted == gold if mode == "alias" else predicted in gold or gold in predicted


def score(pairs: list[tuple[str | None, str | None]], mode: str) -> dict[str, float]:
    predicted = sum(p is not None for p, _ in pairs)
    annotated = sum(g is not None for _, g in pairs)
    hits = sum(p is not None and g is not None and matches(p, g, mode) for p, g in pairs)
    precision = hits / predicted if predicted else 0.0
    recall = hits / annotated if annotated else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": predicted, "annotated": annotated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", nargs="+", help="splits to score (default: train and dev; dev with --real)")
    parser.add_argument("--show-misses", type=int, default=0, help="print this many misses per field")
    parser.add_argument("--no-tagger", action="store_true", help="the first unit named instead of the unit tagger's")
    parser.add_argument("--real", action="store_true", help="the unit on the annotated real messages instead")
    parser.add_argument("--tagger", help="a unit tagger's JSON file to score instead of the shipped one")
    args = parser.parse_args()
    args.split = args.split or (["dev"] if args.real else ["train", "dev"])
    try:
        records = read_real(args.split) if args.real else [r for split in args.split for r in read(split)]
    except TextmineError as error:
        sys.exit(str(error))
    tagger = UnitTagger.load(args.tagger) if args.tagger else "default"
    extractor = EntityExtractor(unit_tagger=None if args.no_tagger else tagger).fit()
    started = time.perf_counter()
    found = [extractor.extract(r["text"]) for r in records]
    seconds = time.perf_counter() - started
    predicted = {
        "unit": [f.unit for f in found],
        "place": [f.place for f in found],
        "date": [f.record_date for f in found],
    }
    print(f"splits: {', '.join(args.split)}; records: {len(records)}; {len(records) / seconds:.0f} records/s")
    print(f"{'field':6} {'mode':8} {'precision':>9} {'recall':>7} {'F1':>6} {'predicted':>9} {'annotated':>9}")
    for name in ("unit",) if args.real else FIELDS:
        pairs = [(p, r.get(name) or None) for p, r in zip(predicted[name], records)]
        for mode in MODES:
            s = score(pairs, mode)
            print(
                f"{name:6} {mode:8} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} "
                f"{s['predicted']:9d} {s['annotated']:9d}"
            )
        misses = [(r["id"], p, g) for (p, g), r in zip(pairs, records) if not (p and g and matches(p, g, "overlap"))]
        misses = [m for m in misses if m[1] or m[2]]
        for miss in misses[: args.show_misses]:
            print("   miss", *miss)
    if args.real:
        passes = [r["passes"] for r in records]
        agreed = score(passes, "alias")["f1"], score(passes, "overlap")["f1"]
        print(f"the two annotation passes agree at alias-exact F1 {agreed[0]:.3f} and overlap F1 {agreed[1]:.3f}")


if __name__ == "__main__":
    main()
