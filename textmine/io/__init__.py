"""Input and output stage: readers that stream every row, writers that never leave half a file."""

from textmine.io.columns import find_id_column, find_text_column
from textmine.io.readers import READ_ERROR, TableReader, open_table
from textmine.io.writers import TableWriter, open_writer

__all__ = [
    "READ_ERROR",
    "TableReader",
    "TableWriter",
    "find_id_column",
    "find_text_column",
    "open_table",
    "open_writer",
]
