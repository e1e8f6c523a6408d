"""``textmine export``: records as Hugging Face datasets, Parquet files or spaCy DocBins.

    textmine export corpora/train.jsonl corpora/dev.jsonl --format hf -o out/corpus
    textmine export letters.xlsx --classify --format spacy -o out/letters

Each input file becomes a split named after the file (``train``, ``dev`` …). Records keep their own
labels, or with ``--classify`` get a model's labels, scores and evidence.
"""

from __future__ import annotations

import argparse
import re
import sys
from enum import StrEnum
from pathlib import Path

from textmine.cli.common import load_model
from textmine.errors import TextmineError

CHUNK = 2000


class ExportFormat(StrEnum):
    HF = "hf"  # DatasetDict.save_to_disk: a folder for datasets.load_from_disk
    PARQUET = "parquet"  # one <split>.parquet per input, with the class names in its metadata
    SPACY = "spacy"  # one <split>.spacy DocBin per input


def register(commands) -> None:
    parser = commands.add_parser("export", help="write records as HF datasets, Parquet or spaCy DocBins")
    parser.add_argument("inputs", nargs="+", help="input files; each becomes a split named after the file")
    parser.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    parser.add_argument("-o", "--output", required=True, help="the folder to write")
    parser.add_argument("--classify", action="store_true", help="export a model's results, not the files' labels")
    parser.add_argument("--model", help="with --classify: a model folder (default: the shipped model)")
    parser.add_argument("--taxonomy", help="the taxonomy of the files' labels (default: the built-in one)")
    parser.add_argument("--text-column", help="the text column (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--label-column", default="labels", help="the labels column (default: labels)")
    parser.set_defaults(run=run)


def split_name(path: str) -> str:
    """A split name from a file name: its stem, with characters other than letters and digits as _."""
    return re.sub(r"\W+", "_", Path(path).stem).strip("_") or "records"


def classify_all(model, texts: list[str]) -> list:
    return [result for start in range(0, len(texts), CHUNK) for result in model.classify(texts[start : start + CHUNK])]


def read_splits(args: argparse.Namespace, taxonomy, model) -> dict[str, tuple]:
    """``{split: (records, results or None)}`` for every input file."""
    from textmine.io.records import read_records

    splits: dict[str, tuple] = {}
    for path in args.inputs:
        name = split_name(path)
        if name in splits:
            raise TextmineError(f"two inputs would both be the split {name!r}; rename one of the files")
        try:
            records = read_records(
                [path],
                taxonomy,
                args.text_column,
                args.label_column,
                id_column=args.id_column,
                require_labels=model is None,
            )
        except TextmineError as err:
            hint = (
                "; pass --classify to export a model's labels" if "column with the records' labels" in str(err) else ""
            )
            raise TextmineError(f"{err}{hint}") from None
        splits[name] = (records, classify_all(model, records.texts) if model is not None else None)
    return splits


def write(fmt: ExportFormat, splits: dict[str, tuple], taxonomy, output: Path) -> None:
    if fmt is ExportFormat.SPACY:
        from textmine.io.docbin import records_docbin, save_docbin
        from textmine.text import Segmenter

        segmenter = Segmenter.default(taxonomy.cue_words())
        for name, (records, results) in splits.items():
            save_docbin(records_docbin(records, taxonomy.label_ids, segmenter, results), output / f"{name}.spacy")
        return
    from textmine.io.hf_datasets import records_dataset, save_dataset_dict, save_parquet

    datasets = {name: records_dataset(records, taxonomy, results) for name, (records, results) in splits.items()}
    if fmt is ExportFormat.HF:
        save_dataset_dict(datasets, output)
    else:
        save_parquet(datasets, output)


def run(args: argparse.Namespace) -> int:
    from textmine.taxonomy import load_taxonomy

    fmt = ExportFormat(args.format)
    if args.model and not args.classify:
        raise TextmineError("--model is only used with --classify")
    model = load_model(args.model) if args.classify else None
    taxonomy = model._taxonomy() if model is not None else load_taxonomy(args.taxonomy)
    splits = read_splits(args, taxonomy, model)
    write(fmt, splits, taxonomy, Path(args.output))
    counts = ", ".join(f"{name} {len(records)}" for name, (records, _) in splits.items())
    print(f"wrote {args.output} ({fmt.value}): {counts}", file=sys.stderr)
    return 0
