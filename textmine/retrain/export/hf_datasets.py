"""Records as Hugging Face datasets (this module imports ``datasets``, the extra ``textmine[transformers]``): a ``DatasetDict`` saved to disk, or one Parquet file per split.

Labels and subtypes are ``Sequence(ClassLabel)`` features named by the taxonomy's ids, so
``datasets.load_from_disk`` (or ``load_dataset("parquet", ...)``) gives back the names with the data.
Classified records add a ``score_<label>`` column per label, ``evidence`` and ``error``.

>>> from textmine.taxonomy import load_taxonomy
>>> from textmine.retrain.records import LabelledRecords
>>> records = LabelledRecords(["村会计挪用修路款"], [["corruption"]], [["corruption.embezzlement"]], ["a.csv 1"], ["1"])
>>> dataset = records_dataset(records, load_taxonomy())
>>> dataset.features["labels"].feature.int2str(dataset[0]["labels"])
['corruption']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from datasets import ClassLabel, Dataset, DatasetDict, DatasetInfo, Features, Value
from datasets import Sequence as SequenceOf

from textmine.classify.results import Classification
from textmine.retrain.records import LabelledRecords
from textmine.taxonomy import Taxonomy


def dataset_features(taxonomy: Taxonomy, classified: bool):
    """The features of an exported split."""
    columns: dict[str, Any] = {
        "id": Value("string"),
        "text": Value("string"),
        "labels": SequenceOf(ClassLabel(names=list(taxonomy.label_ids))),
        "subtypes": SequenceOf(ClassLabel(names=list(taxonomy.subtype_ids))),
    }
    if classified:
        columns |= {f"score_{label}": Value("float32") for label in taxonomy.label_ids}
        columns |= {"evidence": Value("string"), "error": Value("string")}
    return Features(columns)


def records_dataset(records: LabelledRecords, taxonomy: Taxonomy, results: Sequence[Classification] | None = None):
    """One split as a ``datasets.Dataset``: the records' own labels, or the model's ``results``."""
    data: dict[str, list] = {"id": records.ids, "text": records.texts}
    if results is None:
        data |= {"labels": records.labels, "subtypes": records.subtypes}
    else:
        rows = [result.to_record() for result in results]
        data |= {"labels": [r.label_ids for r in results], "subtypes": [r.subtype_ids for r in results]}
        for label in taxonomy.label_ids:
            data[f"score_{label}"] = [row[f"score_{label}"] for row in rows]
        data |= {"evidence": [row["evidence"] for row in rows], "error": [row["error"] for row in rows]}
    names = "; ".join(f"{c.id}={c.name}" for c in taxonomy.labels)
    features = dataset_features(taxonomy, results is not None)
    info = DatasetInfo(description=f"textmine records, taxonomy {taxonomy.name!r}: {names}", features=features)
    return Dataset.from_dict(data, features=features, info=info)


def save_dataset_dict(splits: dict[str, Any], folder: str | Path) -> Path:
    """Save ``{split name: Dataset}`` with ``DatasetDict.save_to_disk``; read back with ``load_from_disk``."""
    DatasetDict(splits).save_to_disk(str(folder))
    return Path(folder)


def save_parquet(splits: dict[str, Any], folder: str | Path) -> list[Path]:
    """One ``<split>.parquet`` per split, with the features (class names) in the file's metadata."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, dataset in splits.items():
        path = folder / f"{name}.parquet"
        dataset.to_parquet(str(path))
        paths.append(path)
    return paths
