"""``textmine models list`` and ``textmine models use NAME``: the model registry."""

from __future__ import annotations

import argparse

from textmine.retrain.registry import SHIPPED_NAME, ModelEntry, ModelRegistry, promote


def register(commands) -> None:
    parser = commands.add_parser("models", help="list the trained models, or choose the one in use")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the models in the registry folder; * marks the active one")
    use = actions.add_parser("use", help="make a model the active one, after comparing it with the current one")
    use.add_argument("name", help="the model's folder name in the registry (a name, not a path)")
    use.add_argument(
        "--force",
        action="store_true",
        help="promote even if macro-F1 falls by more than 0.02, there is nothing to compare on, or it knows one label",
    )
    for sub in (listing, use):
        sub.add_argument("--dir", help="the registry folder (default: $TEXTMINE_MODELS or ./models)")
    listing.set_defaults(run=run_list)
    use.set_defaults(run=run_use)


def run_list(args: argparse.Namespace) -> int:
    registry = ModelRegistry(args.dir)
    entries = registry.entries()
    problem = registry.active_problem()
    if not entries and not problem:
        print(f"no models in {registry.folder}; the {SHIPPED_NAME} model is in use")
        return 0
    print(f"  {'name':<24}{'mode':<14}{'labels':>7}{'records':>9}  {'held-out macro-F1':<24}created")
    for entry in entries:
        print(f"{'*' if entry.active else ' '} {entry.name:<24}{entry_columns(entry)}")
    if problem:
        print(f"({problem}: choose one with textmine models use NAME, or delete active.json to use the shipped model)")
    elif not any(entry.active for entry in entries):
        print(f"(none is active: the {SHIPPED_NAME} model is in use)")
    return 0


def entry_columns(entry: ModelEntry) -> str:
    """The columns after the name: what the card says, or a note when something is wrong.

    >>> from pathlib import Path
    >>> entry_columns(ModelEntry("m", Path("m"), False, {}, "damaged: card.json is not valid JSON"))
    '(damaged: card.json is not valid JSON)'
    >>> entry_columns(ModelEntry("m", Path("m"), False, {"labels": 3}))
    '(damaged: card.json holds unexpected values)'
    """
    if entry.note:
        return f"({entry.note})"
    card = entry.card
    try:
        mode = str(card.get("mode", "")).split(":")[0]
        scores = card.get("heldout_scores") or {}
        macro = ", ".join(f"{part.split()[0]} {v['macro_f1']:.3f}" for part, v in scores.items()) or "-"
        records = (card.get("trained_on") or {}).get("records", "-")
        return f"{mode:<14}{len(card.get('labels', [])):>7}{records!s:>9}  {macro:<24}{card.get('created', '-')}"
    except (AttributeError, TypeError, KeyError, ValueError, IndexError):
        return "(damaged: card.json holds unexpected values)"


def run_use(args: argparse.Namespace) -> int:
    registry = ModelRegistry(args.dir)
    if registry.recorded_active() == args.name and not registry.active_problem():
        print(f"{args.name} is already the active model in {registry.folder}")
        return 0
    comparison = promote(registry, args.name, force=args.force)
    print("\n".join(comparison.lines()))
    print(f"{args.name} is now the active model in {registry.folder}")
    return 0
