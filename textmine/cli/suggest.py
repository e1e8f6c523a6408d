"""``textmine suggest``: the unlabelled records worth labelling next, pre-filled with the predicted labels."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from textmine.cli.common import add_input_options, add_model_option, load_model
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table, open_writer
from textmine.io.annotations import label_studio_config, label_studio_task, write_label_studio
from textmine.io.outputs import refuse_input_as_output
from textmine.retrain.suggest import suggest

FORMATS = ("table", "labelstudio")


def register(commands) -> None:
    parser = commands.add_parser("suggest", help="pick the unlabelled records whose labels would teach the model most")
    parser.add_argument("--input", required=True, help="unlabelled records (.xlsx, .csv, .jsonl, …)")
    parser.add_argument("--n", type=int, default=200, help="how many records to pick (default 200)")
    parser.add_argument("-o", "--output", required=True, help="to_label.xlsx/.csv/.jsonl, or a .json for Label Studio")
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (labels column pre-filled) or labelstudio (tasks with pre-annotations)")  # fmt: skip
    parser.add_argument("--overwrite", action="store_true", help="replace the output file if it exists")
    add_input_options(parser)
    add_model_option(parser)
    parser.set_defaults(run=run)


def read_input(args: argparse.Namespace) -> tuple[pd.DataFrame, str, str | None]:
    reader = open_table(args.input, sheet=args.sheet, encoding=args.encoding, header_row=args.header_row)
    text_column = find_text_column(reader.columns, args.text_column)
    id_column = find_id_column(reader.columns, args.id_column)
    chunks = list(reader.chunks(5000))
    if not chunks:
        raise TextmineError(f"{args.input!r} holds no records to pick from")
    frame = pd.concat(chunks, ignore_index=True).drop(columns=[READ_ERROR])
    return frame, text_column, id_column


def refuse_to_replace(output: str, overwrite: bool) -> None:
    """A plain error when the file to label exists: it may hold labels someone corrected."""
    if Path(output).exists() and not overwrite:
        raise TextmineError(
            f"{output!r} exists and may hold labels already corrected; give another name, or --overwrite to replace it"
        )


def suggestion_table(frame: pd.DataFrame, suggestions, taxonomy) -> pd.DataFrame:
    """The picked rows with ``labels`` (to correct), ``predicted``, ``uncertainty`` and ``rank`` added."""
    picked = frame.iloc[[s.index for s in suggestions]].reset_index(drop=True)
    picked = picked.rename(columns={c: f"input_{c}" for c in ("labels", "predicted", "uncertainty", "rank")})
    names = [";".join(taxonomy.name_of(label) for label in s.labels) for s in suggestions]
    added = pd.DataFrame(
        {
            "labels": names,
            "predicted": names,
            "uncertainty": [s.uncertainty for s in suggestions],
            "rank": range(1, len(suggestions) + 1),
        }
    )
    return pd.concat([picked, added], axis=1)


def label_studio_tasks(frame, text_column, id_column, suggestions, taxonomy, model_version: str) -> list[dict]:
    tasks = []
    for rank, s in enumerate(suggestions, 1):
        row = frame.iloc[s.index]
        data = {"text": str(row[text_column]), "rank": rank, "uncertainty": s.uncertainty}
        if id_column is not None:
            data["id"] = str(row[id_column])
        choices = [taxonomy.name_of(label) for label in s.labels]
        tasks.append(label_studio_task(data, choices, s.score, model_version))
    return tasks


def run(args: argparse.Namespace) -> int:
    if args.n < 1:
        raise TextmineError(f"--n must be at least 1, not {args.n}")
    refuse_input_as_output(args.output, args.input)
    refuse_to_replace(args.output, args.overwrite)
    model = load_model(args.model)
    taxonomy = model.taxonomy_
    frame, text_column, id_column = read_input(args)
    texts = ["" if v is None or v != v else str(v) for v in frame[text_column].tolist()]
    suggestions = suggest(model, texts, n=args.n)
    if args.format == "labelstudio":
        version = str((getattr(model, "card_", None) or {}).get("name", "textmine"))
        tasks = label_studio_tasks(frame, text_column, id_column, suggestions, taxonomy, version)
        config = label_studio_config([label.name for label in taxonomy.labels], multiple=bool(model.multilabel_))
        config_path = write_label_studio(args.output, tasks, config)
        print(f"wrote {len(tasks)} tasks to {args.output} and the labelling config to {config_path}", file=sys.stderr)
        return 0
    with open_writer(args.output) as writer:
        writer.write(suggestion_table(frame, suggestions, taxonomy))
    print(f"wrote {len(suggestions)} records to {args.output}; correct the labels column, then textmine train "
          f"--data {args.output}", file=sys.stderr)  # fmt: skip
    return 0
