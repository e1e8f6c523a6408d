"""``textmine classify``: classify every record of a file, here or on a Dask cluster (``--engine dask``)."""

from __future__ import annotations

import argparse
import sys
import time

from textmine.cli.common import add_input_options, add_model_option, load_model
from textmine.engines import classify_file
from textmine.errors import TextmineError
from textmine.lazy import lazy_module
from textmine.optional import require

dask_engine = lazy_module("textmine.engines.dask")  # imports Dask: only for --engine dask
ENGINES = ("local", "dask")


def register(commands) -> None:
    parser = commands.add_parser("classify", help="classify every record of a file")
    parser.add_argument(
        "input",
        help="a .csv/.tsv/.xlsx/.jsonl/.json/.parquet file, a folder of .txt/.docx, or -; with --engine dask also a "
        "folder or glob of Parquet/CSV files",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="result file: .csv, .xlsx, .jsonl or .parquet (--engine dask: or a folder)",
    )
    add_input_options(parser)
    add_model_option(parser)
    parser.add_argument("--taxonomy", help="a taxonomy YAML file the model must match")
    parser.add_argument("--chunk-size", type=int, default=2000, help="records per chunk (default 2000)")
    parser.add_argument("--no-bom", action="store_true", help="write CSV without the UTF-8 BOM Excel needs")
    parser.add_argument("--jobs", type=int, help="worker processes (default: all cores for large inputs)")
    parser.add_argument("--resume", action="store_true", help="keep finished chunks; continue a killed run")
    parser.add_argument(
        "--redact", action="store_true", help="mask phones, ID and bank cards, e-mails, informants' names"
    )
    parser.add_argument("--engine", choices=ENGINES, default="local", help="local processes (default) or Dask")
    parser.add_argument(
        "--scheduler",
        help="--engine dask: the scheduler's address, tcp://HOST:8786 (default: a cluster of --jobs workers on this "
        "machine)",
    )
    parser.add_argument("--partitions", type=int, help="--engine dask: split the input into this many partitions")
    parser.add_argument(
        "--extract", action="store_true", help="add the columns units, places, amount_yuan and dates to every record"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    _check_options(args)
    model = load_model(args.model, args.taxonomy)
    if args.engine == "dask":
        summary = _run_dask(args)
    else:
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
            jobs=args.jobs,
            resume=args.resume,
            redact=args.redact,
            header_row=args.header_row,
            extract=args.extract,
        )
    if not args.quiet:
        taxonomy = model.taxonomy_
        names = {label: taxonomy.name_of(label) for label in taxonomy.label_ids}
        for line in summary.lines(names):
            print(line, file=sys.stderr)
        print(f"wrote {args.output} in {summary.seconds:.1f}s", file=sys.stderr)
    return 0


def _run_dask(args: argparse.Namespace):
    require("dask", "dask")
    require("distributed", "dask")
    _check_dask_options(args)
    dask_engine.check_paths(args.input, args.output)  # before a cluster is started for nothing
    started = time.perf_counter()
    with dask_engine.cluster(args.scheduler, args.jobs, quiet=args.quiet) as client:
        summary = dask_engine.classify_files(
            args.input,
            args.output,
            client,
            model=args.model,
            text_column=args.text_column,
            id_column=args.id_column,
            partitions=args.partitions,
            encoding=args.encoding,
            redact=args.redact,
            progress=not args.quiet,
            sheet=args.sheet,
            header_row=args.header_row,
            extract=args.extract,
            bom=not args.no_bom,
            chunk_size=args.chunk_size,
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _check_options(args: argparse.Namespace) -> None:
    """One plain sentence for an option the chosen engine would not use."""
    if args.engine != "dask":
        for given, option in ((args.scheduler, "--scheduler"), (args.partitions, "--partitions")):
            if given is not None:
                raise TextmineError(f"{option} is used only with --engine dask")


def _check_dask_options(args: argparse.Namespace) -> None:
    """One plain sentence for an option ``--engine dask`` cannot honour, or a count below 1."""
    if str(args.input) == "-":
        raise TextmineError("Dask cannot read standard input; save it to a file first, or leave out --engine dask")
    if args.resume:
        raise TextmineError(
            "--resume is not used with --engine dask; Dask retries a failed partition, and a run started again "
            "starts over"
        )
    if args.scheduler and args.jobs is not None:
        raise TextmineError(
            "--jobs is not used with --scheduler; the cluster's workers are started with it (dask worker --nworkers)"
        )
    for value, option in ((args.partitions, "--partitions"), (args.jobs, "--jobs"), (args.chunk_size, "--chunk-size")):
        if value is not None and value < 1:
            raise TextmineError(f"{option} must be at least 1, not {value}")
