"""``textmine evaluate``: score a model on labelled records, per label, per merged group, for "no label",
and per domain (the ``source`` column, or the column named with ``--group-by``)."""

from __future__ import annotations

import argparse
import json
import sys

from textmine.cli.common import add_model_option, load_model
from textmine.errors import TextmineError
from textmine.retrain.evaluate import evaluate_records, format_scores
from textmine.retrain.records import read_labelled


def register(commands) -> None:
    parser = commands.add_parser("evaluate", help="score a model on labelled records")
    parser.add_argument(
        "--data", required=True, action="append",
        help="labelled records: a table with text and labels columns, a Label Studio or doccano export, a corpus "
        "split, or annotations of the real messages (repeat for several)",
    )  # fmt: skip
    add_model_option(parser)
    parser.add_argument("--text-column", help="the text column (found by itself when left out)")
    parser.add_argument("--label-column", help="the labels column (labels, label, 类别 … when left out)")
    parser.add_argument("--group-by", help="score each value of this column apart (default: a source column)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    model = load_model(args.model)
    records = read_labelled(
        args.data, model.taxonomy_, args.text_column, args.label_column, domain_column=args.group_by
    )
    if not len(records):
        raise TextmineError(f"{', '.join(map(str, args.data))} holds no labelled record with text to score")
    if records.skipped:
        shown = "; ".join(records.skipped[:3]) + (" …" if len(records.skipped) > 3 else "")
        print(f"note: {len(records.skipped)} records without text were left out ({shown})", file=sys.stderr)
    result = evaluate_records(model, records)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_scores(result))
    return 0
