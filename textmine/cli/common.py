"""Pieces shared by the subcommands."""

from __future__ import annotations

import argparse

from textmine.errors import TextmineError
from textmine.retrain.registry import model_path, resolve_model


def add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column", help="the column holding the text (found by itself when left out)")
    parser.add_argument("--id-column", help="the id column (found by itself; row numbers when there is none)")
    parser.add_argument("--sheet", help="Excel sheet name or 0-based index (default: the first)")
    parser.add_argument("--encoding", help="the input's encoding (detected when left out)")
    parser.add_argument(
        "--header-row", type=int, help="the row (from 1) of an .xlsx or .csv input that holds the column names "
        "(default: found by its content in .xlsx, the first row in .csv)"
    )  # fmt: skip


def add_model_option(parser: argparse.ArgumentParser, what: str = "") -> None:
    parser.add_argument(
        "--model", help=f"{what}a model folder or registry name (default: the active model, else the shipped one)"
    )


def load_model(path: str | None, taxonomy_path: str | None = None):
    """A saved model (a folder, a registry name, or the active one), checked against a taxonomy file if given."""
    check_model_folder(path)
    return resolve_model(path, taxonomy_path)


def check_model_folder(name_or_path: str | None) -> None:
    """One plain sentence when ``--model`` names neither a folder nor a model of the registry.

    >>> check_model_folder("/no/such/model")
    Traceback (most recent call last):
    ...
    textmine.errors.TextmineError: --model '/no/such/model': that folder does not exist, and no model of the registry has that name (textmine models list shows them)
    """
    if name_or_path is None:
        return
    folder = model_path(name_or_path)
    if folder is not None and not folder.exists():
        raise TextmineError(
            f"--model {name_or_path!r}: that folder does not exist, and no model of the registry has that name "
            "(textmine models list shows them)"
        )
    if folder is not None and folder.is_file():
        raise TextmineError(f"--model {name_or_path!r} is a file; give the folder that holds the model")
