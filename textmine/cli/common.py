"""Pieces shared by the subcommands."""

from __future__ import annotations

import argparse

from textmine.retrain.registry import resolve_model


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
    return resolve_model(path, taxonomy_path)
