"""Train the unit tagger on the corpus's train and dev splits and write ``textmine/resources/unit_tagger.json``.

    python scripts/train_unit_tagger.py                  # train on train + dev, write the shipped tagger
    python scripts/train_unit_tagger.py --cv 3 --margin 4 6 8   # score settings on dev folds (nothing written)
    python scripts/train_unit_tagger.py --cv 3 --dev-only

Needs the ``crf`` extra (sklearn-crfsuite). The ``unit`` field of every split follows the unit guideline of
``corpora/README.md``; ``--expand-train`` brings the train split's annotations further toward it (the places
right before and the post right after taken in, see ``expand``), as was needed for its earlier annotations,
and ``--dev-only`` leaves the train split out. With ``--cv K`` the dev split is cut into K folds; each fold is tagged by a tagger trained on train
and the other folds, and the unit ``UnitTagger.unit`` gives is scored as ``scripts/score_extraction.py``
does. The folds keep each recurring-problem group (the ``group`` field) together (``--folds group``, the
default: reposts of one problem on both sides would flatter the score); ``--folds position`` cuts by
position (record k in fold k % K), as earlier numbers were measured. The defaults (dev weighed three times, margin 6,
the L1 and L2 penalties c1 0.05 and c2 0.1) are the shipped tagger's; the margin was chosen on three dev folds, and c2
on the written and real dev splits scored by taggers trained on the train splits alone. The test split is never read.

The annotated real messages of the real train split (``corpora/real/units.jsonl``; their texts are read from
``../shared/data/tipdm2020c``) are trained on too, each weighed ``--real-copies`` times (3, chosen on the written dev
folds and the real dev messages together; 0 leaves them out and needs no shared data). Real dev and test are never
read here: ``scripts/score_extraction.py --real`` scores them.

The saved tagger carries a ranker that picks the record's unit among its candidates
(:mod:`textmine.text.unit_choice`). It learns from candidates the tagger could not have memorised: train and
dev are cut into three group folds, and each fold's candidates come from a tagger trained on the other two.
``--rank-cv`` scores rankers fitted on two folds' candidates on the third (each ``--ranker-c`` and
``--threshold``) against the first-answerable rule, and writes nothing; the defaults were chosen so.
``--no-ranker`` saves the tagger without one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from score_extraction import read_real  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from textmine.errors import TextmineError  # noqa: E402
from textmine.optional import require  # noqa: E402

require("sklearn_crfsuite", "crf")  # a plain sentence with the install hint when the extra is missing

from textmine.text.aliases import canonical_unit  # noqa: E402
from textmine.text.entities import ROLE_SUFFIXES, _chain, place_spans  # noqa: E402
from textmine.text.normalize import normalize  # noqa: E402
from textmine.text.segment import Segmenter  # noqa: E402
from textmine.text.unit_choice import UnitRanker  # noqa: E402
from textmine.text.unit_training import export_weights, fit_crf, fit_ranker, gold_tags, ranker_rows  # noqa: E402
from textmine.text.units import DEFAULT_PATH, UnitTagger, char_features, places_before  # noqa: E402


def read(split: str) -> list[dict]:
    path = ROOT / "corpora" / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_real_units(split: str) -> list[dict]:
    """The real messages of one split whose unit was annotated, as records (``score_extraction.read_real``);
    a plain exit when the shared folder is absent."""
    try:
        return read_real([split])
    except TextmineError as error:
        sys.exit(f"{error}; run with --real-copies 0 to train on the corpus alone")


NOT_POSTS = {
    "干部",
    "工作人员",
    "职工",
    "老师",
    "教师",
    "医生",
    "护士",
    "司机",
    "保安",
    "民警",
    "辅警",
    "网格员",
    "负责人",
}
POSTS = sorted(
    (set(ROLE_SUFFIXES) - NOT_POSTS) | {"副局长", "副主任", "副书记", "副所长", "副站长", "副镇长", "副乡长", "副县长",
                                        "副院长", "副校长", "党支部书记", "支部书记", "组织委员", "纪检委员", "宣传委员"},
    key=len, reverse=True,
)  # fmt: skip
RANKER_FOLDS = 3
NOT_IN_NAMES = set("转称可令日跟向对在把被给和与及的了是说头目责")


def expand(text: str, unit: str | None, segmenter: Segmenter) -> str | None:
    """An older annotation brought toward the guideline: the places written right before it and the post
    right after it taken in (团山村 → 蓼河县田坝镇团山村, 县交通运输局 → 县交通运输局副局长); the longest
    such mention. On dev, whose units were annotated by the guideline, this turns 406 older annotations
    equal to the new ones into 448."""
    if not unit or unit not in text:
        return unit
    spans = _chain(place_spans(text, segmenter.tagged(text), segmenter.tokenizer.FREQ))
    best, start = unit, text.find(unit)
    while start >= 0:
        begin, end = places_before(text, start, spans, NOT_IN_NAMES), start + len(unit)
        post = next((p for p in POSTS if text.startswith(p, end) and not unit.endswith(p)), "")
        if end + len(post) - begin > len(best):
            best = text[begin : end + len(post)]
        start = text.find(unit, start + 1)
    return best


def featurise(records: list[dict], segmenter: Segmenter, expand_units: bool = False) -> list[tuple[str, list, list]]:
    rows = []
    for record in records:
        text = normalize(record["text"])
        unit = normalize(record["unit"]) if record["unit"] else None
        if expand_units:
            unit = expand(text, unit, segmenter)
        rows.append(
            (text, char_features(text, segmenter.tagged(text), segmenter.tokenizer.FREQ), gold_tags(text, unit))
        )
    return rows


def main_unit(tagger: UnitTagger, text: str, segmenter: Segmenter, margin: float = 0.0) -> str | None:
    """The unit the tagger gives the record, as the extractor asks for it (with the margin to score)."""
    tagger.margin_ = margin
    return tagger.unit(text, segmenter.tagged(text), segmenter.tokenizer.FREQ)


def score(pairs: list[tuple[str | None, str | None]]) -> dict[str, float]:
    out = {}
    for mode in ("alias", "overlap"):
        predicted = sum(p is not None for p, _ in pairs)
        annotated = sum(g is not None for _, g in pairs)
        hits = 0
        for p, g in pairs:
            if p is None or g is None:
                continue
            a, b = canonical_unit(p), canonical_unit(normalize(g))
            hits += a == b if mode == "alias" else (a in b or b in a)
        precision, recall = hits / max(predicted, 1), hits / max(annotated, 1)
        out[mode] = 2 * precision * recall / (precision + recall) if hits else 0.0
        out[mode + "_p"], out[mode + "_r"] = precision, recall
    return out


def dev_folds(records: list[dict], k: int, by: str = "group") -> list[int]:
    """The fold of each dev record: by ``group`` (GroupKFold on the recurring-problem group, a record without
    one its own group, so that reposts of one problem never sit on both sides) or by ``position`` (k % K)."""
    if by == "position":
        return [n % k for n in range(len(records))]
    groups = [r.get("group") or r["id"] for r in records]
    folds = [0] * len(records)
    for fold, (_, held) in enumerate(GroupKFold(n_splits=k).split(records, groups=groups)):
        for n in held:
            folds[n] = fold
    return folds


def fit(rows, c1: float, c2: float, iterations: int) -> UnitTagger:
    return UnitTagger(export_weights(fit_crf([r[1] for r in rows], [r[2] for r in rows], c1, c2, iterations)))


def out_of_fold_candidates(records: list[dict], rows: list, weights: list[int], segmenter: Segmenter, args):
    """(text, candidates, first-answerable pick, annotated unit) for every record, its candidates found by a
    tagger trained on the other group folds (each row weighed as in the saved tagger: ``weights``); and each
    record's fold."""
    folds = dev_folds(records, RANKER_FOLDS)
    examples: list = [None] * len(records)
    for fold in range(RANKER_FOLDS):
        rest = [row for k, row in enumerate(rows) if folds[k] != fold for _ in range(weights[k])]
        tagger = fit(rest, args.c1[0], args.c2[0], args.iterations)
        tagger.margin_ = args.margin[0]
        for k, (text, _, _) in enumerate(rows):
            if folds[k] == fold:
                examples[k] = (text, *ranker_rows(tagger, text, segmenter), records[k]["unit"])
        print(f"candidates of fold {fold + 1}/{RANKER_FOLDS} found", flush=True)
    return examples, folds


def score_rankers(examples: list, folds: list[int], part_of: list[str], cs, thresholds) -> None:
    """Each ranker setting scored on every fold by a ranker fitted on the others, against the rule; ``part_of``
    names the part (train, dev, real) each example comes from."""
    parts = {"all": lambda k: True} | {name: (lambda k, n=name: part_of[k] == n) for name in dict.fromkeys(part_of)}

    def line(found: dict[int, str | None]) -> str:
        out = []
        for name, part in parts.items():
            s = score([(found[k], e[3]) for k, e in enumerate(examples) if part(k)])
            out.append(f"{name} {s['alias']:.3f}/{s['overlap']:.3f}")
        return ", ".join(out)

    print("alias-exact / overlap F1 over the out-of-fold records")
    print(f"first-answerable rule: {line({k: e[2] for k, e in enumerate(examples)})}")
    for c in cs:
        found: dict[float, dict[int, str | None]] = {t: {} for t in thresholds}
        for fold in range(RANKER_FOLDS):
            weights = fit_ranker([e for k, e in enumerate(examples) if folds[k] != fold], c)
            for threshold in thresholds:
                ranker = UnitRanker(weights | {"threshold": threshold})
                for k, (text, candidates, pick, _) in enumerate(examples):
                    if folds[k] == fold:
                        found[threshold][k] = ranker.choose(text, candidates, pick)
        for threshold in thresholds:
            print(f"ranker C {c} threshold {threshold}: {line(found[threshold])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", type=int, default=0, help="score on K dev folds instead of writing the tagger")
    parser.add_argument("--dev-only", action="store_true", help="leave the train split's older annotations out")
    parser.add_argument(
        "--expand-train", action="store_true", help="take in the places and post around train's annotations"
    )
    parser.add_argument("--c1", type=float, nargs="+", default=[0.05])
    parser.add_argument("--c2", type=float, nargs="+", default=[0.1])
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--dev-copies", type=int, default=3, help="times each dev record is trained on (weighs it)")
    parser.add_argument(
        "--real-copies", type=int, default=3, help="times each annotated real train message is trained on (0: none)"
    )
    parser.add_argument("--margin", type=float, nargs="+", default=[6.0], help="margins to score; the first is saved")
    parser.add_argument("--folds", choices=("group", "position"), default="group", help="how dev is cut (--cv)")
    parser.add_argument("--out", default=str(DEFAULT_PATH))
    parser.add_argument("--misses", type=argparse.FileType("w", encoding="utf-8"), help="write the misses here")
    parser.add_argument("--no-ranker", action="store_true", help="save the tagger without a ranker")
    parser.add_argument("--rank-cv", action="store_true", help="score rankers on train and dev folds (nothing written)")
    parser.add_argument("--ranker-c", type=float, nargs="+", default=[0.5], help="ranker C values; the first is saved")
    parser.add_argument(
        "--threshold", type=float, nargs="+", default=[0.25], help="ranker thresholds; the first is saved"
    )
    args = parser.parse_args()
    segmenter = Segmenter.default()
    started = time.perf_counter()
    dev_records = read("dev")
    dev = featurise(dev_records, segmenter)
    train_records = [] if args.dev_only else read("train")
    train = featurise(train_records, segmenter, expand_units=args.expand_train)
    real_records = read_real_units("train") if args.real_copies else []
    real = featurise(real_records, segmenter)
    print(
        f"features: {len(train)} train, {len(dev)} dev and {len(real)} real records in {time.perf_counter() - started:.0f}s"
    )
    parts = ["train"] * len(train) + ["dev"] * len(dev) + ["real"] * len(real)
    weights = [{"train": 1, "dev": args.dev_copies, "real": args.real_copies}[part] for part in parts]
    if args.rank_cv or not (args.cv or args.no_ranker):
        records = train_records + dev_records + real_records
        examples, folds = out_of_fold_candidates(records, train + dev + real, weights, segmenter, args)
        if args.rank_cv:
            score_rankers(examples, folds, parts, args.ranker_c, args.threshold)
            return
        score_rankers(examples, folds, parts, args.ranker_c[:1], args.threshold)  # the saved C, out of fold
        ranker = fit_ranker(examples, args.ranker_c[0]) | {"threshold": args.threshold[0]}
    if not args.cv:
        started = time.perf_counter()
        rows = train + dev * args.dev_copies + real * args.real_copies
        crf = fit_crf([r[1] for r in rows], [r[2] for r in rows], args.c1[0], args.c2[0], args.iterations)
        weights = export_weights(crf) | {"margin": args.margin[0]}
        if not args.no_ranker:
            weights["ranker"] = ranker
        Path(args.out).write_text(
            json.dumps(weights, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.out}: {len(weights['attributes'])} features, {time.perf_counter() - started:.0f}s")
        return
    for c1 in args.c1:
        for c2 in args.c2:
            pairs: dict[float, list] = {m: [] for m in args.margin}
            fold_of = dev_folds(dev_records, args.cv, args.folds)
            folded = [d for fold in range(args.cv) for k, d in enumerate(dev_records) if fold_of[k] == fold]
            for fold in range(args.cv):
                held = [r for k, r in enumerate(dev) if fold_of[k] == fold]
                rest = [r for k, r in enumerate(dev) if fold_of[k] != fold]
                tagger = fit(train + rest * args.dev_copies + real * args.real_copies, c1, c2, args.iterations)
                gold = [d["unit"] for k, d in enumerate(dev_records) if fold_of[k] == fold]
                for margin in args.margin:
                    found = [main_unit(tagger, text, segmenter, margin) for text, _, _ in held]
                    pairs[margin] += list(zip(found, gold))
            if args.misses:
                for (found, gold), record in zip(pairs[args.margin[0]], folded):
                    if (found and canonical_unit(found)) != (gold and canonical_unit(normalize(gold))):
                        print(f"   miss {record['id']} found {found!r} annotated {gold!r}", file=args.misses)
            for margin, scored in pairs.items():
                s = score(scored)
                print(
                    f"c1 {c1} c2 {c2} margin {margin}: alias-exact F1 {s['alias']:.3f} (P {s['alias_p']:.3f} "
                    f"R {s['alias_r']:.3f}), overlap F1 {s['overlap']:.3f} (P {s['overlap_p']:.3f} R {s['overlap_r']:.3f})"
                )


if __name__ == "__main__":
    main()
