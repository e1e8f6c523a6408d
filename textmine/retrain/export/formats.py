"""Writing the splits of an export in the chosen format; the format modules import their optional extra."""

from __future__ import annotations

import importlib
from enum import StrEnum
from pathlib import Path

from textmine.optional import require
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter


class ExportFormat(StrEnum):
    HF = "hf"  # DatasetDict.save_to_disk: a folder for datasets.load_from_disk
    PARQUET = "parquet"  # one <split>.parquet per input, with the class names in its metadata
    SPACY = "spacy"  # one <split>.spacy DocBin per input


#: The module writing each format, and the extra it needs.
WRITERS = {
    ExportFormat.HF: ("textmine.retrain.export.hf_datasets", "datasets", "transformers"),
    ExportFormat.PARQUET: ("textmine.retrain.export.hf_datasets", "datasets", "transformers"),
    ExportFormat.SPACY: ("textmine.retrain.export.docbin", "spacy", "spacy"),
}


def export_splits(fmt: ExportFormat, splits: dict[str, tuple], taxonomy: Taxonomy, output: Path) -> None:
    """Write ``{split: (records, results or None)}`` into folder ``output`` in format ``fmt``."""
    module_name, package, extra = WRITERS[fmt]
    require(package, extra)
    module = importlib.import_module(module_name)
    if fmt is ExportFormat.SPACY:
        segmenter = Segmenter.default(taxonomy.cue_words())
        for name, (records, results) in splits.items():
            module.save_docbin(
                module.records_docbin(records, taxonomy.label_ids, segmenter, results), output / f"{name}.spacy"
            )
        return
    datasets = {name: module.records_dataset(records, taxonomy, results) for name, (records, results) in splits.items()}
    if fmt is ExportFormat.HF:
        module.save_dataset_dict(datasets, output)
    else:
        module.save_parquet(datasets, output)
