"""Check the labelled corpus: schema, ids, taxonomy, splits, coverage counts and near-copies.

    python scripts/validate_corpus.py            # checks, prints the counts table, exit 1 on failure
    python scripts/validate_corpus.py --markdown # the counts table only, as Markdown

It reads the taxonomy file directly, so it runs without textmine installed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textmine.errors import TextmineError  # noqa: E402
from textmine.io.real_messages import read_real_messages  # noqa: E402

SPLITS = ("train", "dev", "test")
SOURCES = (
    "letter", "petition", "hotline", "online", "interview", "finding", "report", "notice", "feedback", "rectification",
    "workorder",
)  # fmt: skip
HARD_TAGS = {
    "negation", "rule_kept", "praise", "reported_speech", "self_defence", "indirect",
    "typo_homophone", "traditional", "mixed_script", "abbreviation", "media_reference",
}  # fmt: skip
FIELDS = {
    "id": str, "text": str, "labels": list, "subtypes": list, "source": str, "unit": (str, type(None)),
    "place": (str, type(None)), "date": (str, type(None)), "group": (str, type(None)),
    "dup_of": (str, type(None)), "hard": list,
}  # fmt: skip
MINIMUM = {
    "records": 2400, "per_source": 100, "per_label": 250, "per_subtype": 20, "groups": 40, "duplicates": 80,
    "multi_label_share": 0.25, "no_label_share": 0.15, "hard_share": 0.10, "short": 10, "long": 10,
}  # fmt: skip
SPLIT_SHARE = {"train": 0.70, "dev": 0.15, "test": 0.15}
MAX_JACCARD = 0.6
MAX_TRIGGER_COVERAGE = 0.6  # of a label's records, those holding one of its 3 most label-specific bigrams


def load_taxonomy(path: Path) -> tuple[list[str], dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    labels = [entry["id"] for entry in data["labels"]]
    parents = {sub["id"]: entry["id"] for entry in data["labels"] for sub in entry.get("subtypes") or []}
    return labels, parents


def load_splits(folder: Path, names: tuple[str, ...] = SPLITS) -> dict[str, list[dict]]:
    splits = {}
    for name in names:
        path = folder / f"{name}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        splits[name] = [json.loads(line) for line in lines if line.strip()]
    return splits


def check_schema(record: dict, labels: list[str], parents: dict[str, str]) -> list[str]:
    rid = record.get("id")
    errors = []
    for name, kind in FIELDS.items():
        if name not in record:
            errors.append(f"{rid}: missing field {name!r}")
        elif not isinstance(record[name], kind):
            errors.append(f"{rid}: field {name!r} has the wrong type")
    if errors:
        return errors
    if not record["text"].strip():
        errors.append(f"{rid}: empty text")
    if record["source"] not in SOURCES:
        errors.append(f"{rid}: unknown source {record['source']!r}")
    errors += [f"{rid}: unknown label {x!r}" for x in record["labels"] if x not in labels]
    errors += [f"{rid}: unknown subtype {x!r}" for x in record["subtypes"] if x not in parents]
    if {parents.get(s) for s in record["subtypes"]} != set(record["labels"]):
        errors.append(f"{rid}: subtypes {record['subtypes']} do not match labels {record['labels']}")
    errors += [f"{rid}: unknown hard-case tag {x!r}" for x in record["hard"] if x not in HARD_TAGS]
    if record["date"] is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"]):
        errors.append(f"{rid}: date {record['date']!r} is not YYYY-MM-DD")
    return errors


def check_structure(splits: dict[str, list[dict]]) -> list[str]:
    errors = []
    split_of: dict[str, str] = {}
    for name, records in splits.items():
        for record in records:
            if record["id"] in split_of:
                errors.append(f"id {record['id']} appears twice")
            split_of[record["id"]] = name
    group_splits: dict[str, set[str]] = defaultdict(set)
    for name, records in splits.items():
        for record in records:
            if record["dup_of"] is not None and split_of.get(record["dup_of"]) != name:
                errors.append(f"{record['id']}: dup_of {record['dup_of']} is not a record of the {name} split")
            if record["group"] is not None:
                group_splits[record["group"]].add(name)
    errors += [f"group {g} is spread over {sorted(s)}" for g, s in group_splits.items() if len(s) > 1]
    return errors


def dup_families(records: list[dict]) -> dict[str, str]:
    """Each record's duplicate family: the id at the root of its dup_of chain."""
    parent = {r["id"]: r["dup_of"] for r in records}

    def root(rid: str) -> str:
        seen = set()
        while parent.get(rid) and rid not in seen:
            seen.add(rid)
            rid = parent[rid]
        return rid

    return {rid: root(rid) for rid in parent}


def too_similar(records: list[dict]) -> list[tuple[str, str, float]]:
    """Pairs outside a declared duplicate family with character-3-gram Jaccard above the limit."""
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, record in enumerate(records):
        text = re.sub(r"\s+", "", record["text"])
        grams = {text[k : k + 3] for k in range(len(text) - 2)}
        for gram in grams:
            rows.append(i)
            cols.append(vocabulary.setdefault(gram, len(vocabulary)))
    matrix = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(records), len(vocabulary)))
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    overlap = (matrix @ matrix.T).tocoo()
    family = dup_families(records)
    found = []
    for i, j, shared in zip(overlap.row, overlap.col, overlap.data):
        if i >= j:
            continue
        union = sizes[i] + sizes[j] - shared
        score = shared / union if union else 0.0
        a, b = records[i]["id"], records[j]["id"]
        if score > MAX_JACCARD and family[a] != family[b]:
            found.append((a, b, float(score)))
    return found


def trigger_coverage(records: list[dict], labels: list[str]) -> dict[str, tuple[list[str], float]]:
    """For each label, its three most label-specific character bigrams (seen 15+ times) and the share
    of its records that contain one of them: a check that a label is not carried by a few trigger words."""
    grams = [{t[i : i + 2] for i in range(len(t) - 1)} for t in (re.sub(r"\W+", "", r["text"]) for r in records)]
    seen_in = Counter(g for doc in grams for g in doc)
    found = {}
    for label in labels:
        members = [k for k, r in enumerate(records) if label in r["labels"]]
        inside = Counter(g for k in members for g in grams[k])
        precision = {g: inside[g] / seen_in[g] for g in inside if inside[g] >= 15}
        top = sorted(precision, key=lambda g: (-precision[g], -inside[g], g))[:3]
        share = sum(1 for k in members if grams[k] & set(top)) / max(len(members), 1)
        found[label] = (top, share)
    return found


def counts(splits: dict[str, list[dict]], labels: list[str], parents: dict[str, str]) -> dict:
    records = [r for part in splits.values() for r in part]
    lengths = [len(r["text"]) for r in records]
    group_members = Counter(r["group"] for r in records if r["group"] and not r["dup_of"])
    return {
        "records": len(records),
        "splits": {name: len(part) for name, part in splits.items()},
        "sources": Counter(r["source"] for r in records),
        "labels": Counter(x for r in records for x in r["labels"]),
        "subtypes": Counter(x for r in records for x in r["subtypes"]),
        "label_names": labels,
        "subtype_names": list(parents),
        "multi_label": sum(len(r["labels"]) > 1 for r in records),
        "no_label": sum(not r["labels"] for r in records),
        "hard": sum(bool(r["hard"]) for r in records),
        "hard_tags": Counter(x for r in records for x in r["hard"]),
        "short": sum(n < 20 for n in lengths),
        "long": sum(n > 1200 for n in lengths),
        "median_length": statistics.median(lengths) if lengths else 0,
        "groups": group_members,
        "duplicates": sum(r["dup_of"] is not None for r in records),
        "triggers": trigger_coverage(records, labels),
    }


def check_counts(c: dict) -> list[str]:
    n = max(c["records"], 1)
    errors = []
    if c["records"] < MINIMUM["records"]:
        errors.append(f"{c['records']} records, fewer than {MINIMUM['records']}")
    errors += [
        f"source {s}: {c['sources'][s]} records, fewer than {MINIMUM['per_source']}"
        for s in SOURCES
        if c["sources"][s] < MINIMUM["per_source"]
    ]
    errors += [
        f"label {x}: {c['labels'][x]} records, fewer than {MINIMUM['per_label']}"
        for x in c["label_names"]
        if c["labels"][x] < MINIMUM["per_label"]
    ]
    errors += [
        f"subtype {x}: {c['subtypes'][x]} records, fewer than {MINIMUM['per_subtype']}"
        for x in c["subtype_names"]
        if c["subtypes"][x] < MINIMUM["per_subtype"]
    ]
    for key in ("multi_label", "no_label", "hard"):
        if c[key] / n < MINIMUM[f"{key}_share"]:
            errors.append(f"{key}: {c[key] / n:.1%} of records, below {MINIMUM[f'{key}_share']:.0%}")
    for key, what in (("short", "under 20 characters"), ("long", "over 1,200 characters")):
        if c[key] < MINIMUM[key]:
            errors.append(f"{c[key]} records {what}, fewer than {MINIMUM[key]}")
    if not 150 <= c["median_length"] <= 300:
        errors.append(f"median length {c['median_length']} is outside 150-300")
    sized = [g for g, k in c["groups"].items() if 3 <= k <= 10]
    errors += [f"group {g} has {k} records (3-10 wanted)" for g, k in c["groups"].items() if not 3 <= k <= 10]
    if len(sized) < MINIMUM["groups"]:
        errors.append(f"{len(sized)} groups of 3-10 records, fewer than {MINIMUM['groups']}")
    if c["duplicates"] < MINIMUM["duplicates"]:
        errors.append(f"{c['duplicates']} declared duplicates, fewer than {MINIMUM['duplicates']}")
    for label, (top, share) in c["triggers"].items():
        if share > MAX_TRIGGER_COVERAGE:
            errors.append(f"label {label}: {share:.0%} of its records hold one of {top}; vary the vocabulary")
    for name, share in SPLIT_SHARE.items():
        actual = c["splits"][name] / n
        if abs(actual - share) > 0.04:
            errors.append(f"split {name} holds {actual:.1%} of records, {share:.0%} wanted")
    return errors


def markdown_table(c: dict) -> str:
    n = max(c["records"], 1)
    rows = [("records", c["records"]), *((f"split {k}", v) for k, v in c["splits"].items())]
    rows += [(f"source {s}", c["sources"][s]) for s in SOURCES]
    rows += [(f"label {x}", c["labels"][x]) for x in c["label_names"]]
    rows += [
        ("multi-label", f"{c['multi_label']} ({c['multi_label'] / n:.1%})"),
        ("no label", f"{c['no_label']} ({c['no_label'] / n:.1%})"),
        ("hard cases", f"{c['hard']} ({c['hard'] / n:.1%})"),
        ("under 20 characters", c["short"]),
        ("over 1,200 characters", c["long"]),
        ("median length", c["median_length"]),
        ("recurring-problem groups", len(c["groups"])),
        ("declared duplicates", c["duplicates"]),
        ("fewest records of a subtype", min(c["subtypes"][x] for x in c["subtype_names"])),
    ]
    lines = ["| count | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    lines += ["", "| label | most label-specific bigrams | share of its records holding one |", "|---|---|---|"]
    lines += [f"| {x} | {' '.join(top)} | {share:.0%} |" for x, (top, share) in c["triggers"].items()]
    lines += ["", "| subtype | records |", "|---|---|", *(f"| {x} | {c['subtypes'][x]} |" for x in c["subtype_names"])]
    return "\n".join(lines)


def validate(folder: Path, taxonomy: Path) -> tuple[list[str], dict]:
    labels, parents = load_taxonomy(taxonomy)
    splits = load_splits(folder)
    errors = [e for part in splits.values() for r in part for e in check_schema(r, labels, parents)]
    if errors:
        return errors, {}
    errors += check_structure(splits)
    everything = [r for part in splits.values() for r in part]
    errors += [f"{a} and {b} are {s:.2f} similar and not declared duplicates" for a, b, s in too_similar(everything)]
    found = counts(splits, labels, parents)
    return errors + check_counts(found), found


def real_texts(shared: Path) -> dict[str, str] | None:
    """The shared real messages' texts (title and body, as textmine reads them) by key, or None when the shared
    data is absent."""
    try:
        return {m.key: m.full_text for m in read_real_messages(shared)}
    except TextmineError:
        return None


def validate_real_units(folder: Path, texts: dict[str, str] | None) -> list[str]:
    """The unit annotations of real messages: each key once, in the real split it is annotated in, and every
    unit (the settled one and each pass's) a character span ``[start, end]`` inside the message (its title,
    a newline, its body), or null; no text is stored."""
    path = folder / "units.jsonl"
    if not path.is_file():
        return []
    split_of = {r["key"]: name for name, rows in load_splits(folder, SPLITS).items() for r in rows}
    errors, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        k = r.get("key")
        if set(r) != {"key", "split", "unit", "pass_a", "pass_b"}:
            errors.append(f"real unit {k}: fields must be key, split, unit, pass_a, pass_b (no text here)")
            continue
        if k in seen:
            errors.append(f"real unit {k} is annotated twice")
        seen.add(k)
        if split_of.get(k) != r["split"]:
            errors.append(
                f"real unit {k}: said to be in {r['split']}, but the real splits have it in {split_of.get(k)}"
            )
        text = None if texts is None else texts.get(k)
        if texts is not None and text is None:
            errors.append(f"real unit {k}: no such message in the shared data")
        for field in ("unit", "pass_a", "pass_b"):
            span = r[field]
            if span is None:
                continue
            if not (isinstance(span, list) and len(span) == 2 and all(type(x) is int for x in span)):
                errors.append(f"real unit {k}: {field} must be a [start, end] span or null, not {span!r}")
            elif not 0 <= span[0] < span[1] <= (len(text) if text is not None else span[1]):
                errors.append(f"real unit {k}: {field} {span} is not a span inside the message")
    return errors


def validate_real(folder: Path, labels: list[str], parents: dict[str, str], keys: set[str] | None) -> list[str]:
    """The annotations of real messages: known keys, labels and subtypes of the taxonomy, disjoint splits,
    no text; topics of two or more members whose reposts point inside their topic."""
    errors, seen = [], {}
    allowed = {"key", "labels", "subtypes", "note", "sample"}
    for name, rows in load_splits(folder, (*SPLITS, "near_test")).items():
        for r in rows:
            k = r.get("key")
            if set(r) - allowed:
                errors.append(f"real {name} {k}: fields {sorted(set(r) - allowed)} are not allowed (no text here)")
            if k in seen:
                errors.append(f"real {k} is in both {seen[k]} and {name}")
            seen[k] = name
            if keys is not None and k not in keys:
                errors.append(f"real {name} {k}: no such message in the shared data")
            errors += [f"real {k}: unknown label {x}" for x in r["labels"] if x not in labels]
            errors += [
                f"real {k}: subtype {x} without its label" for x in r["subtypes"] if parents.get(x) not in r["labels"]
            ]
            errors += [
                f"real {k}: label {x} without a subtype"
                for x in r["labels"]
                if not any(parents.get(s) == x for s in r["subtypes"])
            ]
    topics: dict[str, list[dict]] = {}
    path = folder / "topics.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        r = json.loads(line)
        topics.setdefault(r["topic"], []).append(r)
        if keys is not None and r["key"] not in keys:
            errors.append(f"topic {r['topic']}: no message {r['key']} in the shared data")
    for topic, members in topics.items():
        member_keys = {r["key"] for r in members}
        if len(member_keys) < 2:
            errors.append(f"topic {topic} has fewer than two messages")
        if len({r["split"] for r in members}) != 1:
            errors.append(f"topic {topic} spans splits")
        errors += [
            f"topic {topic}: {r['key']} reposts a message outside it"
            for r in members
            if r["dup_of"] and r["dup_of"] not in member_keys
        ]
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora")
    parser.add_argument("--taxonomy", type=Path, default=ROOT / "configs" / "taxonomy.yaml")
    parser.add_argument("--markdown", action="store_true", help="print only the counts table")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "tipdm2020c")
    args = parser.parse_args()
    errors, found = validate(args.corpus, args.taxonomy)
    texts = real_texts(args.shared)
    keys = None if texts is None else set(texts)
    if keys is None:
        print(f"the shared real messages are not at {args.shared}: real annotation keys are not checked")
    labels, parents = load_taxonomy(args.taxonomy)
    errors += validate_real(args.corpus / "real", labels, parents, keys)
    errors += validate_real_units(args.corpus / "real", texts)
    if found:
        print(markdown_table(found))
    if args.markdown:
        return 0
    for error in errors[:100]:
        print("FAIL", error)
    if len(errors) > 100:
        print(f"... and {len(errors) - 100} more")
    print("corpus OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
