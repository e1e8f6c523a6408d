"""The ``textmine`` command line.

    textmine run letters.xlsx -o out/
    textmine classify letters.xlsx -o results.xlsx
    textmine evaluate --data corpora/test.jsonl
    textmine cluster letters.xlsx -o clustered.xlsx --summary clusters.json --summary clusters.xlsx
    textmine report clustered.xlsx -o report.html --xlsx problems.xlsx
    textmine track may_clustered.xlsx --register problems.xlsx -o problems_may.xlsx --report review.html
    textmine train --data cases.xlsx --out models/2024-06
    textmine train --backend spacy --data corpora/train.jsonl --dev corpora/dev.jsonl --out models/spacy
    textmine models list
    textmine suggest --input unlabelled.xlsx --n 200 -o to_label.xlsx
    textmine export corpora/train.jsonl --format hf -o out/corpus
    textmine serve --port 8000

Each subcommand lives in its own module here with a ``register(commands)`` function. Errors a
user can cause are printed as one sentence with a non-zero exit; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from textmine.cli import classify, cluster, evaluate, export, models, report, run, serve, suggest, track, train
from textmine.errors import TextmineError, os_error_sentence

EXIT_USER_ERROR = 2
SUBCOMMANDS = (run, classify, evaluate, cluster, report, track, train, models, suggest, export, serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textmine", description="Classify and cluster inspection-office text.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in SUBCOMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s", stream=sys.stderr)
    try:
        return args.run(args)
    except TextmineError as err:
        if args.debug:
            raise
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as err:  # a full disk, a folder one may not write in: the system's words, made plain
        if args.debug:
            raise
        print(f"error: {os_error_sentence(err)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted; no output file was written", file=sys.stderr)
        return 130
