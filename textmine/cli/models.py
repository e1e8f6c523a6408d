"""``textmine models list`` and ``textmine models use NAME``: the model registry."""

from __future__ import annotations

import argparse

from textmine.retrain.registry import SHIPPED_NAME, ModelRegistry, promote


def register(commands) -> None:
    parser = commands.add_parser("models", help="list the trained models, or choose the one in use")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="the models in the registry folder; * marks the active one")
    use = actions.add_parser("use", help="make a model the active one, after comparing it with the current one")
    use.add_argument("name", help="the model's folder name in the registry")
    use.add_argument("--force", action="store_true", help="promote even if macro-F1 falls by more than 0.02")
    for sub in (listing, use):
        sub.add_argument("--dir", help="the registry folder (default: $TEXTMINE_MODELS or ./models)")
    listing.set_defaults(run=run_list)
    use.set_defaults(run=run_use)


def run_list(args: argparse.Namespace) -> int:
    registry = ModelRegistry(args.dir)
    entries = registry.entries()
    if not entries:
        print(f"no models in {registry.folder}; the {SHIPPED_NAME} model is in use")
        return 0
    print(f"  {'name':<24}{'mode':<14}{'labels':>7}{'records':>9}  {'held-out macro-F1':<24}created")
    for entry in entries:
        card = entry.card
        mode = str(card.get("mode", "")).split(":")[0]
        scores = card.get("heldout_scores") or {}
        macro = ", ".join(f"{part.split()[0]} {v['macro_f1']:.3f}" for part, v in scores.items()) or "-"
        records = (card.get("trained_on") or {}).get("records", "-")
        print(
            f"{'*' if entry.active else ' '} {entry.name:<24}{mode:<14}{len(card.get('labels', [])):>7}"
            f"{records:>9}  {macro:<24}{card.get('created', '-')}"
        )
    if registry.active_name() is None:
        print(f"(none is active: the {SHIPPED_NAME} model is in use)")
    return 0


def run_use(args: argparse.Namespace) -> int:
    registry = ModelRegistry(args.dir)
    comparison = promote(registry, args.name, force=args.force)
    print("\n".join(comparison.lines()))
    print(f"{args.name} is now the active model in {registry.folder}")
    return 0
