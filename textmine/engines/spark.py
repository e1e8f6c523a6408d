"""Classification on Spark: the chunk function of :mod:`.batch` run by ``mapInPandas`` over the Arrow
batches of a PySpark DataFrame, with an explicit output schema.

Each Python worker of an executor reads the model folder once (Spark reuses its Python workers between
tasks, and the loader keeps the model); tasks carry only the folder's name. The folder must be readable
by every executor (a shared file system), or be sent to them once with ``ship_model=True``. Needs the
extra: ``pip install "textmine[spark]"``.

>>> from pyspark.sql import SparkSession                                           # doctest: +SKIP
>>> spark = SparkSession.builder.master("local[2]").getOrCreate()                  # doctest: +SKIP
>>> frame = spark.createDataFrame([("A1", "村会计挪用修路款")], ["编号", "内容"])     # doctest: +SKIP
>>> classify(frame).select("labels").first()[0]                                     # doctest: +SKIP
'corruption'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pyspark import SparkFiles
from pyspark.sql import DataFrame
from pyspark.sql import types as T

from textmine.engines.partition import CHUNK_ROWS, PartitionTask, model_folder, result_names


def classify(
    df: DataFrame,
    text_column: str | None = None,
    model=None,
    redact: bool = False,
    ship_model: bool = False,
    chunk_size: int = CHUNK_ROWS,
) -> DataFrame:
    """``df`` with the result columns added (labels, labels_zh, subtypes, score_*, evidence, error), rows in
    their partitions and order. ``model`` is a model folder, a registry name, or None (the registry's active
    model, else the shipped one). With ``ship_model`` the folder is sent to each executor once
    (``SparkContext.addFile``) instead of being read from a shared path. Each Arrow batch is classified
    ``chunk_size`` rows at a time, as the local runner's chunks.
    """
    folder = model_folder(model)
    task = PartitionTask.for_columns(df.columns, text_column, folder, redact=redact, chunk_size=chunk_size)
    shipped = None
    if ship_model and folder is not None:
        df.sparkSession.sparkContext.addFile(folder, recursive=True)
        shipped = Path(folder).name
    return df.mapInPandas(Batches(task, shipped), schema=output_schema(df.schema, task))


def output_schema(schema: T.StructType, task: PartitionTask) -> T.StructType:
    """The input's fields (renamed where they clash with a result column), then the result columns."""
    fields = [T.StructField(task.renames.get(f.name, f.name), f.dataType, f.nullable) for f in schema.fields]
    model = task.model()
    for name in result_names(model):
        kind = T.DoubleType() if name.startswith("score_") else T.StringType()
        fields.append(T.StructField(name, kind, True))
    return T.StructType(fields)


@dataclass
class Batches:
    """What ``mapInPandas`` runs on each partition: the partition task on every Arrow batch."""

    task: PartitionTask
    shipped: str | None = None  # the name of a model folder sent with SparkContext.addFile

    def __call__(self, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        task = self.task
        if self.shipped is not None:
            task = PartitionTask(**{**vars(task), "model_folder": SparkFiles.get(self.shipped)})
        size = task.chunk_size
        for batch in batches:  # a chunk at a time: each output frame is one Arrow batch (no chunked arrays)
            for start in range(0, max(len(batch), 1), size):
                yield task(batch.iloc[start : start + size]).reset_index(drop=True)
