"""``textmine export``: records as Hugging Face datasets, Parquet files or spaCy DocBins.

    textmine export corpora/train.jsonl corpora/dev.jsonl --format hf -o out/corpus
    textmine export letters.xlsx --classify --format spacy -o out/letters

Each input file becomes a split named after the file (``train``, ``dev`` …). Records keep their own
labels, or with ``--classify`` get a model's labels, scores and evidence.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from textmine.cli.common import add_model_option, load_model
from textmine.errors import TextmineError
from textmine.io.atomic import PART_SUFFIX, output_folder
from textmine.retrain.export import ExportFormat, export_splits
from textmine.retrain.records import RawRecords, parse_records, read_raw
from textmine.taxonomy import load_taxonomy

CHUNK = 2000


def register(commands) -> None:
    parser = commands.add_parser("export", help="write records as HF datasets, Parquet or spaCy DocBins")
    parser.add_argument("inputs", nargs="+", help="input files; each becomes a split named after the file")
    parser.add_argument("--format", required=True, choices=[f.value for f in ExportFormat])
    parser.add_argument("-o", "--output", required=True, help="the folder to write")
    parser.add_argument("--classify", action="store_true", help="export a model's results, not the files' labels")
    add_model_option(parser, "with --classify: ")
    parser.add_argument("--taxonomy", help="the taxonomy of the files' labels (default: the built-in one)")
    parser.add_argument("--text-column", help="the text column (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--label-column", help="the labels column (labels, label, 类别 … when left out)")
    parser.set_defaults(run=run)


def split_name(path: str) -> str:
    """A split name from a file name: its stem, with characters other than letters and digits as _."""
    return re.sub(r"\W+", "_", Path(path).stem).strip("_") or "records"


def read_split(args: argparse.Namespace, path: str, taxonomy, labelled: bool):
    """One input file's records; without labels (for --classify) when it has no labels column."""
    raw = read_raw(path, args.text_column, args.label_column, id_column=args.id_column, require_labels=labelled)
    if not raw.labelled or not labelled:  # with --classify the file's own labels are not read
        raw = RawRecords(raw.texts, [[] for _ in raw.texts], raw.sources, raw.skipped, raw.ids, raw.domains)
    return parse_records(raw, taxonomy)


def read_splits(args: argparse.Namespace, taxonomy, model) -> dict[str, tuple]:
    """``{split: (records, results or None)}`` for every input file."""
    splits: dict[str, tuple] = {}
    for path in args.inputs:
        name = split_name(path)
        if name in splits:
            raise TextmineError(f"two inputs would both be the split {name!r}; rename one of the files")
        try:
            records = read_split(args, path, taxonomy, labelled=model is None)
        except TextmineError as err:
            hint = "; pass --classify to export a model's labels" if "labels" in str(err) and model is None else ""
            raise TextmineError(f"{err}{hint}") from None
        splits[name] = (records, classify_all(model, records.texts) if model is not None else None)
    return splits


def classify_all(model, texts: list[str]) -> list:
    return [result for start in range(0, len(texts), CHUNK) for result in model.classify(texts[start : start + CHUNK])]


def refuse_filled_folder(output: Path) -> None:
    """A plain error when the output folder holds files already: an export never mixes with another."""
    if output.is_file():
        raise TextmineError(f"{str(output)!r} is a file; give a folder to write the export into")
    if output.is_dir() and any(output.iterdir()):
        raise TextmineError(f"{str(output)!r} already holds files; give a new or empty folder for the export")


def write_whole(output: Path, write) -> None:
    """``write(folder)`` into a hidden folder beside ``output``, renamed to it when complete: a failed export
    leaves nothing behind."""
    stage = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=PART_SUFFIX, dir=output_folder(output)))
    try:
        write(stage)
        if output.is_dir():
            output.rmdir()  # empty: refuse_filled_folder checked it
        os.replace(stage, output)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def left_out(splits: dict[str, tuple]) -> str:
    """What the summary line says of records left out for want of text (none: '')."""
    skipped = [source for records, _ in splits.values() for source in records.skipped]
    if not skipped:
        return ""
    shown = "; ".join(skipped[:3]) + (" …" if len(skipped) > 3 else "")
    return f"; {len(skipped)} without text left out ({shown})"


def run(args: argparse.Namespace) -> int:
    fmt = ExportFormat(args.format)
    if args.model and not args.classify:
        raise TextmineError("--model is only used with --classify")
    refuse_filled_folder(Path(args.output))
    model = load_model(args.model) if args.classify else None
    taxonomy = model.taxonomy_ if model is not None else load_taxonomy(args.taxonomy)
    splits = read_splits(args, taxonomy, model)
    write_whole(Path(args.output), lambda folder: export_splits(fmt, splits, taxonomy, folder))
    counts = ", ".join(f"{name} {len(records)}" for name, (records, _) in splits.items())
    print(f"wrote {args.output} ({fmt.value}): {counts}{left_out(splits)}", file=sys.stderr)
    return 0
