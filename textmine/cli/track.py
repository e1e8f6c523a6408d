"""``textmine track``: a new period's records checked against the problem list (回头看), carried into a new one."""

from __future__ import annotations

import argparse
import sys

from textmine.cli.common import add_input_options
from textmine.report.register import NUMBER
from textmine.report.review import DEFAULT_REVIEW_TITLE, write_review_report
from textmine.report.track import track_file
from textmine.taxonomy import load_taxonomy


def register(commands) -> None:
    parser = commands.add_parser(
        "track",
        help="match a new period's classified records to the problem list: rebounds, continuing and new problems",
    )
    parser.add_argument("input", help="the new period's records: the output of textmine classify (or cluster)")
    parser.add_argument("--register", required=True, help="the problem list (问题清单.xlsx) of the last period")
    parser.add_argument("-o", "--output", required=True, help="the new problem list, an .xlsx file")
    parser.add_argument("--report", help="also write the 回头看 report to this .html file")
    parser.add_argument("--title", help=f"the report's title (default: {DEFAULT_REVIEW_TITLE})")
    parser.add_argument("--redact", action="store_true", help="hide phone, ID and card numbers, e-mails, names")
    parser.add_argument("--taxonomy", help="the taxonomy YAML file the labels come from (default: the shipped one)")
    add_input_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else None
    result, records = track_file(
        args.input,
        args.register,
        args.output,
        taxonomy=taxonomy,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
    )
    if args.report:
        write_review_report(
            result,
            records,
            args.report,
            title=args.title or DEFAULT_REVIEW_TITLE,
            redact=args.redact,
            taxonomy=taxonomy,
        )
    counts = "，".join(f"{name} {count}" for name, count in result.counts().items())
    kept = len(result.staff_edits)
    already = f" ({result.already_kept} already in the register, not counted again)" if result.already_kept else ""
    if result.repeated_numbers:
        shown = "、".join(result.repeated_numbers[:5]) + (" …" if len(result.repeated_numbers) > 5 else "")
        print(
            f"note: {NUMBER} {shown} stands on more than one row; only the first such row was tracked", file=sys.stderr
        )
    print(
        f"{len(records)} records{already}; {counts}; {kept} cells typed by staff kept; wrote {args.output}"
        + (f" and {args.report}" if args.report else ""),
        file=sys.stderr,
    )
    return 0
