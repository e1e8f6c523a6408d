"""``textmine run``: the whole job in one step — classify, extract, cluster and report into one folder."""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from textmine.cli.common import add_input_options, add_model_option, load_model
from textmine.engines.job import STAGES, JobOptions, JobProgress, run_job
from textmine.report import DEFAULT_TITLE

DESCRIPTIONS = {
    "results": "classified records",
    "clusters": "cluster summary (for --update)",
    "clusters_table": "cluster summary",
    "report": "report",
    "problems": "problem list",
    "summary": "summary",
}


def register(commands) -> None:
    parser = commands.add_parser(
        "run", help="classify, extract, cluster and report a file in one step; every output into one folder"
    )
    parser.add_argument("input", help="a .csv/.tsv/.xlsx/.jsonl/.json/.parquet file or a folder of .txt/.docx")
    parser.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="the folder for the outputs")
    add_model_option(parser)
    parser.add_argument("--title", help=f"the report's title (default: {DEFAULT_TITLE})")
    parser.add_argument(
        "--redact", action="store_true", help="mask phones, ID and bank cards, e-mails, names in every file"
    )
    parser.add_argument("--within-labels", action="store_true", help="cluster inside each record's first label")
    add_input_options(parser)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for classifying (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or closing lines")
    parser.set_defaults(run=run)


class ProgressBar:
    """One bar over the whole job, labelled with the stage in progress."""

    def __init__(self, enabled: bool) -> None:
        self.bar = tqdm(total=100, unit="%", file=sys.stderr, disable=not enabled,
                        bar_format="{desc:<16}{percentage:3.0f}%|{bar}| {elapsed}")  # fmt: skip

    def __call__(self, progress: JobProgress) -> None:
        step = STAGES.index(progress.stage) + 1
        self.bar.set_description_str(f"{step}/{len(STAGES)} {progress.stage}", refresh=False)
        self.bar.update(round(progress.fraction * 100) - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def run(args: argparse.Namespace) -> int:
    model = load_model(args.model)
    options = JobOptions(
        title=args.title or DEFAULT_TITLE,
        redact=args.redact,
        within_labels=args.within_labels,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
        jobs=max(1, args.jobs),
    )
    bar = ProgressBar(enabled=not args.quiet)
    try:
        result = run_job(args.input, args.output, model=model, options=options, progress=bar)
    finally:
        bar.close()
    if not args.quiet:
        summary = result.summary
        print(
            f"records: {summary['records']}, flagged: {summary['flagged']}, problems: {summary['problems']}, "
            f"clusters: {summary['clusters']}, resubmissions: {summary['resubmissions']} "
            f"({summary['seconds']:.1f}s)",
            file=sys.stderr,
        )
        for kind, path in result.files.items():
            print(f"  {DESCRIPTIONS[kind]:<32}{path}", file=sys.stderr)
    return 0
