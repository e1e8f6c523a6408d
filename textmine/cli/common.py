"""Pieces shared by the subcommands."""

from __future__ import annotations

import argparse

from textmine.errors import TextmineError


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", help="the column holding the text (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--sheet", help="Excel sheet name or 0-based index (default: the first)")
    parser.add_argument("--encoding", help="the input's encoding (detected when left out)")


def load_model(path: str | None, taxonomy_path: str | None = None):
    """A saved model (the shipped one when ``path`` is None), checked against a taxonomy file if given."""
    from textmine.classify import load_classifier

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
