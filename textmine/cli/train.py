"""``textmine train``: train a model of any backend on labelled cases, check them, compare it with the current
model, train it again on all the records and register it.

    textmine train --data cases.xlsx --out models/2024-06
    textmine train --backend spacy --data corpora/train.jsonl --dev corpora/dev.jsonl --out models/spacy
    textmine train --backend transformer --base-model ~/models/bert-base-chinese --data mine.xlsx --out models/bert
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace
from functools import partial
from pathlib import Path

from textmine.classify import backend_names
from textmine.errors import TextmineError
from textmine.retrain.registry import (
    ModelRegistry,
    check_promotion,
    current_model,
    promote,
    promotion_refusals,
    trained_labels,
)
from textmine.retrain.settings import TrainingSettings, file_sha256, load_settings
from textmine.retrain.workflow import TrainingRun, train

log = logging.getLogger(__name__)

OVERRIDES = {
    "base": "base",
    "taxonomy": "taxonomy",
    "infer_taxonomy": "infer_taxonomy",
    "text_column": "text_column",
    "label_column": "label_column",
    "title_column": "title_column",
    "backend": "backend",
    "base_model": "base_model",
    "max_epochs": "max_epochs",
    "heldout": "heldout_fraction",
    "check_folds": "check_folds",
    "seed": "seed",
}


def register(commands) -> None:
    parser = commands.add_parser("train", help="train a model on labelled cases and compare it with the current one")
    parser.add_argument("--data", action="append", help="a labelled .xlsx/.csv/.jsonl/.json file or a Label Studio "
                        "or doccano export (repeat for several)")  # fmt: skip
    parser.add_argument("--out", required=True, help="the new model folder, e.g. models/2024-06")
    parser.add_argument("--base", help="a base corpus folder, or none (default: the shipped corpus with the "
                        "built-in taxonomy, none with a custom one)")  # fmt: skip
    taxonomy = parser.add_mutually_exclusive_group()
    taxonomy.add_argument("--taxonomy", help="a taxonomy YAML file with your own categories")
    taxonomy.add_argument("--infer-taxonomy", action="store_true", default=None,
                          help="use the distinct labels of the data as the categories")  # fmt: skip
    parser.add_argument("--text-column", help="the text column (found by its usual names when left out)")
    parser.add_argument("--label-column", help="the labels column (labels, label, 类别, 标签 … when left out)")
    parser.add_argument("--title-column", help="a title column to put before the text")
    parser.add_argument(
        "--backend",
        choices=backend_names(),
        help="the model family (default: linear); spacy and transformer stop early on --dev (or the base corpus's dev)",
    )
    parser.add_argument(
        "--dev", action="append", help="labelled dev files: early stopping and thresholds (linear: more training data)"
    )
    parser.add_argument("--base-model", help="transformer: folder of a downloaded encoder (no hub is used)")
    parser.add_argument("--max-epochs", type=int, help="spacy and transformer: the most training epochs")
    parser.add_argument("--heldout", type=float, help="share of the new records held out for evaluation (default 0.2)")
    parser.add_argument("--check-folds", type=int, help="folds of the label check; 0 turns it off (default 5)")
    parser.add_argument("--seed", type=int, help="seed of every random choice (default 0)")
    parser.add_argument("--settings", help="repeat a run: its training.json or model folder (options given here win)")
    parser.add_argument(
        "--no-refit", action="store_true", help="save the model scored on the held-out records, not one refit on all"
    )
    parser.add_argument("--promote", action="store_true", help="make the new model the active one if it passes")
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --promote: promote even if macro-F1 falls, there is nothing to compare on, or it knows one label",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing model folder at --out (the active model's only with --promote, if it passes)",
    )
    parser.set_defaults(run=run)


def settings_from(args: argparse.Namespace):
    """The run's settings: those of --settings (or the defaults), with the options given on the command line."""
    settings, recorded = load_settings(args.settings) if args.settings else (TrainingSettings(), {})
    given = {field: getattr(args, option) for option, field in OVERRIDES.items() if getattr(args, option) is not None}
    if args.data:
        given["data"] = tuple(args.data)
    if args.dev:
        given["dev"] = tuple(args.dev)
    if args.no_refit:
        given["refit"] = False
    if args.taxonomy:
        given["infer_taxonomy"] = False
    elif args.infer_taxonomy:
        given["taxonomy"] = None
    settings = replace(settings, **given)
    for path, digest in recorded.items():
        if path in settings.data and Path(path).is_file() and file_sha256(path) != digest:
            log.warning("%s has changed since the recorded run; the result will differ", path)
    return settings


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    out = Path(args.out)
    registry = ModelRegistry(out.parent)
    replacing = replaces_active(registry, out, args)
    current, current_name = current_model(registry)
    gate = partial(check_promotion, out.name, force=args.force) if replacing else None
    result = train(
        settings,
        out,
        current=current,
        current_name=current_name,
        overwrite=args.overwrite,
        before_save=partial(show_run, settings, gate),
    )
    print(f"saved {out} (card.json, training.json, checks.json, evaluation.json, heldout.jsonl)")
    if args.promote:
        if replacing:
            registry.activate(out.name)
        else:
            promote(registry, out.name, force=args.force, comparison=result.comparison)
        print(f"{out.name} is now the active model in {registry.folder}")
        return 0
    refusals = promotion_refusals(result.comparison, trained_labels(result.model))
    if refusals:
        print(f"promotion would be refused: {'; '.join(refusals)} (--force promotes it anyway)")
    print(f"to use it: textmine models use {out.name} --dir {registry.folder}")
    return 0


def replaces_active(registry: ModelRegistry, out: Path, args: argparse.Namespace) -> bool:
    """Whether the run replaces the registry's active model; refused (one sentence) without --promote."""
    if not (args.overwrite and out.exists() and registry.active_name() == out.name):
        return False
    if not args.promote:
        raise TextmineError(
            f"{str(out)!r} is the active model in {str(registry.folder)!r} and is not overwritten: train into a new "
            f"name and promote it (--out {registry.folder / 'NEW'} --promote), or add --promote to replace it "
            "only if the new model passes the comparison"
        )
    return True


def show_run(settings: TrainingSettings, gate, run: TrainingRun) -> None:
    """Print the checks, the comparison and the model, before the folder is written; ``gate`` (when the run
    replaces the active model) then refuses a model that may not be promoted, and nothing is written."""
    print("\n".join(run.report.lines()))
    print("\n".join(run.comparison.lines()))
    print(f"model: {settings.backend}, {run.model.card_['mode']}, trained on {run.n_train} records")
    print(f"saved: {run.model.card_['saved_model']}")
    if gate is not None:
        gate(run.comparison, trained_labels(run.model), kept=f"{run.out.name} stays as it was")
