"""Pieces shared by the subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from textmine.errors import TextmineError


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", help="the column holding the text (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--sheet", help="Excel sheet name or 0-based index (default: the first)")
    parser.add_argument("--encoding", help="the input's encoding (detected when left out)")


def load_model(path: str | None, taxonomy_path: str | None = None):
    """A saved model, checked against a taxonomy file if given.

    ``path`` is a model folder or the name of a model in the registry; when None, the registry's active
    model is used, else the shipped one.
    """
    from textmine.classify import load_classifier
    from textmine.models import ModelRegistry

    registry = ModelRegistry()
    if path is None:
        path = registry.active_path()
    elif not Path(path).exists() and path in registry.names():
        path = registry.path_of(path)
    model = load_classifier(path)
    if taxonomy_path:
        from textmine.taxonomy import load_taxonomy

        wanted = load_taxonomy(taxonomy_path)
        if list(wanted.label_ids) != [str(c) for c in model.classes_]:
            raise TextmineError(
                f"the model's labels ({', '.join(map(str, model.classes_))}) differ from the taxonomy's "
                f"({', '.join(wanted.label_ids)}); train a model for this taxonomy with textmine train"
            )
    return model
