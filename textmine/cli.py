"""The ``textmine`` command line.

    textmine classify letters.xlsx -o results.xlsx
    textmine evaluate --data corpora/test.jsonl

Errors a user can cause are printed as one sentence with a non-zero exit; ``--debug`` shows the
traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from textmine.errors import TextmineError

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="textmine", description="Classify and cluster inspection-office text.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True)

    classify = commands.add_parser("classify", help="classify every record of a file")
    classify.add_argument("input", help="a .csv/.tsv/.xlsx/.jsonl/.json/.parquet file, a folder of .txt/.docx, or -")
    classify.add_argument("-o", "--output", required=True, help="result file: .csv, .xlsx, .jsonl or .parquet")
    _add_input_options(classify)
    classify.add_argument("--model", help="a model folder (default: the model shipped with textmine)")
    classify.add_argument("--taxonomy", help="a taxonomy YAML file the model must match")
    classify.add_argument("--chunk-size", type=int, default=2000, help="records per chunk (default 2000)")
    classify.add_argument("--no-bom", action="store_true", help="write CSV without the UTF-8 BOM Excel needs")
    classify.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    classify.set_defaults(run=run_classify)

    evaluate = commands.add_parser("evaluate", help="score a model on labelled records")
    evaluate.add_argument("--data", required=True, help="a file with text and labels columns")
    evaluate.add_argument("--model", help="a model folder (default: the shipped model)")
    evaluate.add_argument("--text-column", help="the text column (found by itself when left out)")
    evaluate.add_argument("--label-column", default="labels", help="the labels column (default: labels)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.set_defaults(run=run_evaluate)
    return parser


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", help="the column holding the text (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--sheet", help="Excel sheet name or 0-based index (default: the first)")
    parser.add_argument("--encoding", help="the input's encoding (detected when left out)")


def _load_model(args):
    from textmine.classify import load_classifier

    model = load_classifier(args.model)
    if getattr(args, "taxonomy", None):
        from textmine.taxonomy import load_taxonomy

        wanted = load_taxonomy(args.taxonomy)
        if list(wanted.label_ids) != [str(c) for c in model.classes_]:
            raise TextmineError(
                f"the model's labels ({', '.join(map(str, model.classes_))}) differ from the taxonomy's "
                f"({', '.join(wanted.label_ids)}); train a model for this taxonomy with textmine train"
            )
    return model


def run_classify(args) -> int:
    from textmine.batch import classify_file

    model = _load_model(args)
    summary = classify_file(
        args.input,
        args.output,
        model=model,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
        chunk_size=args.chunk_size,
        bom=not args.no_bom,
        progress=not args.quiet,
    )
    if not args.quiet:
        taxonomy = model._taxonomy()
        names = {label: taxonomy.name_of(label) for label in taxonomy.label_ids}
        for line in summary.lines(names):
            print(line, file=sys.stderr)
        print(f"wrote {args.output} in {summary.seconds:.1f}s", file=sys.stderr)
    return 0


def run_evaluate(args) -> int:
    from textmine.evaluate import evaluate_model, format_scores, read_labelled

    model = _load_model(args)
    texts, labels = read_labelled(args.data, model._taxonomy(), args.text_column, args.label_column)
    result = evaluate_model(model, texts, labels)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else format_scores(result))
    return 0


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
    except KeyboardInterrupt:
        print("interrupted; no output file was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
