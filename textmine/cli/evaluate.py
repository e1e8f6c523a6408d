"""``textmine evaluate``: score a model on labelled records."""

from __future__ import annotations

import argparse
import json

from textmine.cli.common import load_model


def register(commands) -> None:
    parser = commands.add_parser("evaluate", help="score a model on labelled records")
    parser.add_argument("--data", required=True, help="a file with text and labels columns")
    parser.add_argument(
        "--model", help="a model folder or registry name (default: the active model, else the shipped one)"
    )
    parser.add_argument("--text-column", help="the text column (found by itself when left out)")
    parser.add_argument("--label-column", default="labels", help="the labels column (default: labels)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from textmine.evaluate import evaluate_model, format_scores, read_labelled

    model = load_model(args.model)
    texts, labels = read_labelled(args.data, model._taxonomy(), args.text_column, args.label_column)
    result = evaluate_model(model, texts, labels)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_scores(result))
    return 0
