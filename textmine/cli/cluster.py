"""``textmine cluster`` and ``textmine evaluate-clusters``: recurring problems and resubmissions."""

from __future__ import annotations

import argparse
import json
import sys

from textmine.cli.common import add_input_options, add_model_option
from textmine.cluster.evaluate import largest_cluster_purity, score_clusters, score_duplicates
from textmine.cluster.files import cluster_file, read_all, write_summary
from textmine.cluster.run import cluster_texts
from textmine.engines.classified import Classify
from textmine.errors import MissingColumnError, TextmineError
from textmine.io.jsonfile import read_jsonl
from textmine.io.outputs import refuse_input_as_output
from textmine.retrain.records import join_title


def _add_settings(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--distance-threshold",
        type=float,
        help="cosine distance at which merging stops (default: chosen from the number of records)",
    )
    parser.add_argument("--min-cluster-size", type=int, default=2, help="records a cluster needs (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the steps used on large inputs (default 0)")


def _settings(args: argparse.Namespace) -> dict:
    if args.min_cluster_size < 1:
        raise TextmineError(f"--min-cluster-size must be at least 1, not {args.min_cluster_size}")
    if args.distance_threshold is not None and not 0 < args.distance_threshold <= 2:
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
    parser.add_argument("--within-labels", action="store_true", help="cluster inside each record's first label")
    parser.add_argument(
        "--author-column",
        help="the column naming each record's author (found by itself: user, 用户, 留言用户 …); one author's records "
        "join only on what they share beyond that author's habits",
    )
    add_model_option(parser, "for input that is not classified yet: ")
    parser.add_argument("--update", help="an earlier summary .json whose cluster ids are kept")
    parser.add_argument(
        "--redact", action="store_true", help="mask phones, ID and bank cards, e-mails, informants' names"
    )
    _add_settings(parser)
    parser.set_defaults(run=run)

    scorer = commands.add_parser("evaluate-clusters", help="score clustering against known groups and resubmissions")
    scorer.add_argument("--data", required=True, help="records with text (and group, dup_of fields without --gold)")
    scorer.add_argument(
        "--gold", help="recurring topics by record key or id (key/id, topic, dup_of, split); texts come from --data"
    )
    scorer.add_argument("--split", default="all", help="with --gold: score the topics of this split (default: all)")
    scorer.add_argument("--text-column", help="the text column (found by itself when left out)")
    scorer.add_argument("--id-column", help="the id column the gold's keys refer to (found by itself)")
    scorer.add_argument("--title-column", help="a title column to put before the text")
    scorer.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_settings(scorer)
    scorer.set_defaults(run=run_evaluate)


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    for path in args.summary:
        refuse_input_as_output(path, args.input)
    classify = Classify(args.model)
    result = cluster_file(
        args.input,
        args.output,
        summary_path=None,
        text_column=args.text_column,
        id_column=args.id_column,
        sheet=args.sheet,
        encoding=args.encoding,
        within_labels=args.within_labels,
        classify=classify,
        update=args.update,
        redact=args.redact,
        header_row=args.header_row,
        author_column=args.author_column,
        **settings,
    )
    for path in args.summary:
        write_summary(result, path, settings | {"within_labels": args.within_labels})
    if classify.calls:
        print("classified the records first (the input had no labels column)", file=sys.stderr)
    clustered = sum(1 for c in result.clusters if c >= 0)
    resubmitted = sum(1 for d in result.duplicate_of if d)
    print(
        f"records: {len(result.clusters)}, clusters: {len(result.summary)}, records in clusters: {clustered}, "
        f"resubmissions: {resubmitted}",
        file=sys.stderr,
    )
    for entry in result.summary[:10]:
        print(
            f"  cluster {entry['cluster']}: {entry['size']} records, "
            f"{entry.get('topic') or '、'.join(entry['keywords'][:6])}{' (mixed)' if entry.get('mixed') else ''}",
            file=sys.stderr,
        )
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    frame, text_column, id_column = read_all(
        args.data, args.text_column, args.id_column or ("id" if not args.gold else None)
    )
    if id_column is None:
        raise TextmineError("the records need an id column the gold refers to; name it with --id-column")
    ids = frame[id_column].astype(str).tolist()
    titles = frame[args.title_column].tolist() if args.title_column else [None] * len(frame)
    texts = [join_title(title, text) for title, text in zip(titles, frame[text_column].tolist())]
    groups, truth_dups = gold_columns(args, frame, ids)
    result = cluster_texts(ids, texts, **_settings(args))
    scored = [k for k, group in enumerate(groups) if group] if args.gold else range(len(ids))
    in_gold = {ids[k] for k in scored}  # reposts are annotated among the gold's records only
    found_dups = [d if d in in_gold else None for d in result.duplicate_of]
    scores = {
        "clusters": score_clusters(groups, result.clusters),
        "largest_clusters": largest_cluster_purity(groups, result.clusters, top=20),
        "duplicates": score_duplicates(
            [ids[k] for k in scored], [truth_dups[k] for k in scored], [found_dups[k] or None for k in scored]
        ),
    }
    print(json.dumps(scores, ensure_ascii=False, indent=2) if args.json else format_cluster_scores(scores))
    return 0


def gold_columns(args: argparse.Namespace, frame, ids: list[str]) -> tuple[list, list]:
    """Each record's gold topic and the record it reposts: from --gold, else from group and dup_of columns."""
    if args.gold:
        rows = [r for r in read_jsonl(args.gold) if args.split in ("all", r.get("split", "all"))]
        key = "key" if rows and "key" in rows[0] else "id"
        topic = {str(r[key]): str(r["topic"]) for r in rows}
        repost = {str(r[key]): str(r["dup_of"]) for r in rows if r.get("dup_of")}
        missing = [k for k in topic if k not in set(ids)]
        if missing:
            raise TextmineError(f"{len(missing)} gold records are not in the input (e.g. {', '.join(missing[:5])})")
        return [topic.get(i) for i in ids], [repost.get(i) for i in ids]
    for column in ("group", "dup_of"):
        if column not in frame.columns:
            raise MissingColumnError(column, list(frame.columns))
    groups = [None if v is None or v != v or v == "" else str(v) for v in frame["group"].tolist()]
    return groups, [None if v is None or v != v or v == "" else str(v) for v in frame["dup_of"].tolist()]


def format_cluster_scores(scores: dict) -> str:
    c, p, d = scores["clusters"], scores["largest_clusters"], scores["duplicates"]
    left_out = c["grouped_left_out"] / c["grouped_records"] if c["grouped_records"] else 0.0
    return "\n".join(
        [
            f"clusters vs groups: ARI {c['adjusted_rand']:.3f}, V-measure {c['v_measure']:.3f}, "
            f"{c['grouped_left_out']} of {c['grouped_records']} grouped records left at -1 ({left_out:.1%})",
            f"purity of the 20 largest clusters: {p['purity']:.3f} ({p['clusters_scored']} hold gold records)",
            f"duplicate pairs: precision {d['precision']:.3f}, recall {d['recall']:.3f} "
            f"({d['found_pairs']} found, {d['true_pairs']} true)",
        ]
    )
