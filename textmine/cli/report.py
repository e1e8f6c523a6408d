"""``textmine report``: the inspection report (HTML) and problem list (Excel) of a file; records that are not
classified yet are classified first with the active model (or ``--model``)."""

from __future__ import annotations

import argparse
import sys

from textmine.cli.common import add_input_options, add_model_option
from textmine.engines.classified import report_file
from textmine.report import DEFAULT_TITLE
from textmine.taxonomy import load_taxonomy


def register(commands) -> None:
    parser = commands.add_parser(
        "report", help="write the HTML report and the Excel problem list of a classified (and clustered) file"
    )
    parser.add_argument("input", help="the output of textmine classify or cluster, or a register to classify first")
    parser.add_argument("-o", "--output", required=True, help="the report, an .html file")
    parser.add_argument("--xlsx", help="also write the problem list (问题清单) to this .xlsx file")
    parser.add_argument("--title", help="the report's title (default: 巡察信访问题分析报告)")
    parser.add_argument("--redact", action="store_true", help="hide phone, ID and card numbers, e-mails, names")
    parser.add_argument("--taxonomy", help="the taxonomy YAML file the labels come from (default: the shipped one)")
    add_input_options(parser)
    add_model_option(parser, "for input that is not classified yet: ")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    made = report_file(
        args.input,
        args.output,
        xlsx=args.xlsx,
        model=args.model,
        title=args.title or DEFAULT_TITLE,
        redact=args.redact,
        taxonomy=load_taxonomy(args.taxonomy) if args.taxonomy else None,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
        header_row=args.header_row,
    )
    data = made.data
    if made.classified_first:
        print(f"classified {made.classified_first} records first (the input had no labels column)", file=sys.stderr)
    print(
        f"{data.n_records} records, {data.n_problem_records} raising a problem, {data.n_problems} problems; "
        f"wrote {args.output}" + (f" and {args.xlsx}" if args.xlsx else ""),
        file=sys.stderr,
    )
    return 0
