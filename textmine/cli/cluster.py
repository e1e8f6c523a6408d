"""``textmine cluster`` and ``textmine evaluate-clusters``: recurring problems and resubmissions."""

from __future__ import annotations

import argparse
import json
import sys

from textmine.cli.common import add_input_options, add_model_option, load_model
from textmine.cluster.evaluate import score_clusters, score_duplicates
from textmine.cluster.files import cluster_file, read_all, write_summary
from textmine.cluster.run import cluster_texts
from textmine.engines import classify_dataframe
from textmine.errors import MissingColumnError, TextmineError
from textmine.io.outputs import refuse_input_as_output


def _add_settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--distance-threshold", type=float, default=0.85, help="cosine distance at which merging stops (default 0.85)"
    )
    parser.add_argument("--min-cluster-size", type=int, default=3, help="distinct records a cluster needs (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the steps used on large inputs (default 0)")


def _settings(args: argparse.Namespace) -> dict:
    if args.min_cluster_size < 1:
        raise TextmineError(f"--min-cluster-size must be at least 1, not {args.min_cluster_size}")
    if not 0 < args.distance_threshold <= 2:
        raise TextmineError(
            f"--distance-threshold is a cosine distance above 0 and at most 2, not {args.distance_threshold}"
        )
    return {"distance_threshold": args.distance_threshold, "min_cluster_size": args.min_cluster_size, "seed": args.seed}


def register(commands) -> None:
    parser = commands.add_parser("cluster", help="group records that report the same problem; find resubmissions")
    parser.add_argument("input", help="a table file, a folder of .txt/.docx, or -")
    parser.add_argument("-o", "--output", required=True, help="records with cluster, cluster_keywords, duplicate_of")
    parser.add_argument("--summary", action="append", default=[], help="cluster summary .json or .xlsx (may repeat)")
    add_input_options(parser)
    parser.add_argument("--within-labels", action="store_true", help="classify first, then cluster inside each label")
    add_model_option(parser, "with --within-labels: ")
    parser.add_argument("--update", help="an earlier summary .json whose cluster ids are kept")
    parser.add_argument(
        "--redact", action="store_true", help="mask phones, ID and bank cards, e-mails, informants' names"
    )
    _add_settings(parser)
    parser.set_defaults(run=run)

    scorer = commands.add_parser("evaluate-clusters", help="score clustering against known groups and resubmissions")
    scorer.add_argument("--data", required=True, help="records with text, group and dup_of fields")
    scorer.add_argument("--text-column", help="the text column (found by itself when left out)")
    scorer.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_settings(scorer)
    scorer.set_defaults(run=run_evaluate)


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    for path in args.summary:
        refuse_input_as_output(path, args.input)
    model = load_model(args.model) if args.within_labels else None
    result = cluster_file(
        args.input,
        args.output,
        summary_path=None,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
        within_labels=args.within_labels,
        classify=(lambda frame, column: classify_dataframe(frame, text_column=column, model=model)) if model else None,
        update=args.update,
        redact=args.redact,
        header_row=args.header_row,
        **settings,
    )
    for path in args.summary:
        write_summary(result, path, settings | {"within_labels": args.within_labels})
    clustered = sum(1 for c in result.clusters if c >= 0)
    resubmitted = sum(1 for d in result.duplicate_of if d)
    print(
        f"records: {len(result.clusters)}, clusters: {len(result.summary)}, records in clusters: {clustered}, "
        f"resubmissions: {resubmitted}",
        file=sys.stderr,
    )
    for entry in result.summary[:10]:
        print(
            f"  cluster {entry['cluster']}: {entry['size']} records, {'、'.join(entry['keywords'][:6])}",
            file=sys.stderr,
        )
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    frame, text_column, id_column = read_all(args.data, args.text_column, "id")
    for column in ("group", "dup_of"):
        if column not in frame.columns:
            raise MissingColumnError(column, list(frame.columns))
    ids = frame[id_column].astype(str).tolist()
    result = cluster_texts(ids, frame[text_column].tolist(), **_settings(args))
    truth_dups = [None if v is None or v != v or v == "" else str(v) for v in frame["dup_of"].tolist()]
    groups = [None if v is None or v != v or v == "" else str(v) for v in frame["group"].tolist()]
    scores = {
        "clusters": score_clusters(groups, result.clusters),
        "duplicates": score_duplicates(ids, truth_dups, [d or None for d in result.duplicate_of]),
    }
    if args.json:
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        c, d = scores["clusters"], scores["duplicates"]
        print(
            f"clusters vs groups: ARI {c['adjusted_rand']:.3f}, V-measure {c['v_measure']:.3f}, "
            f"{c['grouped_left_out']} of {c['grouped_records']} grouped records left at -1"
        )
        print(
            f"duplicate pairs: precision {d['precision']:.3f}, recall {d['recall']:.3f} "
            f"({d['found_pairs']} found, {d['true_pairs']} true)"
        )
    return 0
