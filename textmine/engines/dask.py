"""Classification on Dask: the chunk function of :mod:`.batch` mapped over the partitions of a Dask
DataFrame, on a ``distributed`` cluster (an existing one, or a ``LocalCluster`` on this machine).

Each worker loads the model once from its folder (a worker plugin loads it when the worker starts, and the
loader keeps it); tasks carry only the folder's name. A failed partition is retried; a record that cannot
be classified comes out flagged in ``error``, in its place. Needs the extra: ``pip install "textmine[dask]"``.

>>> import dask.dataframe as dd, pandas as pd
>>> frame = dd.from_pandas(pd.DataFrame({"内容": ["村会计挪用修路款", "镇里天天开会发文件"]}), npartitions=2)
>>> classify(frame).compute()["labels"].str.split(";").str[0].tolist()  # each record's first label
['corruption', 'formalism']
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import dask
import dask.dataframe as dd
import distributed
import pandas as pd
from distributed.diagnostics.plugin import WorkerPlugin

from textmine.engines.batch import BatchSummary
from textmine.engines.partition import PartitionTask, counts_of, load_once, model_folder
from textmine.engines.tables import columns_of, empty_frame, read_part, table_parts
from textmine.errors import TextmineError
from textmine.io import find_id_column, open_writer
from textmine.io.writers import WRITER_SUFFIXES

#: How often a failed partition is tried again before the run stops.
RETRIES = 2
PART_NAME = "part.{:05d}.parquet"


def classify(ddf: dd.DataFrame, text_column: str | None = None, model=None, redact: bool = False) -> dd.DataFrame:
    """``ddf`` with the result columns added (labels, labels_zh, subtypes, score_*, evidence, error), its
    index and partitions kept. ``model`` is a model folder every worker can read, a registry name, or
    None (the registry's active model, else the shipped one); it is loaded once per worker process.
    """
    folder = model_folder(model)
    task = PartitionTask.for_columns(list(ddf.columns), text_column, folder, redact=redact)
    return ddf.map_partitions(task, meta=task.meta(ddf._meta), enforce_metadata=False)


def read_table(source: str | Path, partitions: int | None = None, encoding: str | None = None) -> dd.DataFrame:
    """A file, a folder or a glob of Parquet/CSV/JSONL files as a Dask DataFrame of strings, read by the
    workers with textmine's readers (rows that cannot be read whole are kept, with the reason)."""
    parts = table_parts(source, encoding=encoding)
    meta = empty_frame(columns_of(parts))
    with dask.config.set({"dataframe.convert-string": False}):
        ddf = dd.from_map(_read, parts, columns=list(meta.columns), meta=meta, enforce_metadata=False)
        if partitions and partitions != ddf.npartitions:
            ddf = ddf.repartition(npartitions=partitions)
    return ddf


def _read(part, columns: list[str]) -> pd.DataFrame:
    return read_part(part).reindex(columns=columns)


class ModelPreload(WorkerPlugin):
    """Loads the model when a worker starts, so that its first task does not wait for it."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.name = f"textmine-model-{folder}"

    def setup(self, worker) -> None:
        load_once(self.folder)


@contextlib.contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None) -> Iterator[distributed.Client]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers`` one-thread processes
    on this machine (listening on 127.0.0.1 only, without a dashboard); Dask's own log says only warnings."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        if scheduler:
            with distributed.Client(scheduler) as client:
                yield client
            return
        workers = workers or min(os.cpu_count() or 1, 8)
        options = {"n_workers": workers, "threads_per_worker": 1, "host": "127.0.0.1", "dashboard_address": None}
        with (
            distributed.LocalCluster(**options, scheduler_kwargs={"dashboard": False}) as local,
            distributed.Client(local) as client,
        ):
            yield client
    finally:
        logger.setLevel(level)


def classify_files(
    source: str | Path,
    output: str | Path,
    client: distributed.Client,
    model=None,
    text_column: str | None = None,
    id_column: str | None = None,
    partitions: int | None = None,
    encoding: str | None = None,
    redact: bool = False,
    progress: bool = True,
    retries: int = RETRIES,
) -> BatchSummary:
    """Classify every record of ``source`` into ``output``: one file (by its extension: .parquet, .csv,
    .jsonl, .xlsx) written here in input order, or else a folder of Parquet parts (``part.00000.parquet``
    …) written by the workers. Rows, columns and order are those of the local runner.
    """
    folder = model_folder(model)
    client.register_plugin(ModelPreload(folder))
    ddf = read_table(source, partitions, encoding)
    numbered = find_id_column(list(ddf.columns), id_column) is None
    task = PartitionTask.for_columns(list(ddf.columns), text_column, folder, numbered=numbered, redact=redact)
    if numbered:  # row numbers continue across partitions: count the rows of each first
        lengths = client.compute(ddf.map_partitions(len, meta=(None, int)), retries=retries).result()
        task.first_rows = [1 + sum(lengths[:i]) for i in range(len(lengths))]
    out = ddf.map_partitions(task, meta=task.meta(ddf._meta), enforce_metadata=False)
    return write_output(out, output, client, progress, retries)


def write_output(
    out: dd.DataFrame, output: str | Path, client: distributed.Client, progress: bool = True, retries: int = RETRIES
) -> BatchSummary:
    """Compute ``out`` on the cluster into one file (a known extension) or a new folder of Parquet parts."""
    if Path(output).suffix.lower() in WRITER_SUFFIXES:
        return _write_file(out, Path(output), client, progress, retries)
    return _write_folder(out, Path(output), client, progress, retries)


def _write_file(out: dd.DataFrame, output: Path, client, progress: bool, retries: int) -> BatchSummary:
    futures = client.compute(out.to_delayed(), retries=retries)
    _show(futures, progress)
    summary = BatchSummary()
    with open_writer(output) as writer:
        for future in futures:
            frame = future.result()
            future.release()
            writer.write(frame)
            summary.add(counts_of(frame))
        if writer.rows_written == 0:
            writer.write(out._meta)
    summary.records_out = writer.rows_written
    return summary


def _write_folder(out: dd.DataFrame, output: Path, client, progress: bool, retries: int) -> BatchSummary:
    if output.exists():
        raise TextmineError(f"output folder {str(output)!r} exists; give a new name or remove it")
    temp = output.parent / f".{output.name}.parts"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    try:
        parts = out.to_delayed()
        writes = [dask.delayed(_write_part)(part, str(temp / PART_NAME.format(i))) for i, part in enumerate(parts)]
        futures = client.compute(writes, retries=retries)
        _show(futures, progress)
        summary = BatchSummary()
        for counts in client.gather(futures):
            summary.add(counts)
        os.replace(temp, output)  # the folder appears whole, with every part, or not at all
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    summary.records_out = summary.records_in
    return summary


def _write_part(frame: pd.DataFrame, path: str):
    with open_writer(path) as writer:
        writer.write(frame)
    return counts_of(frame)


def _show(futures, progress: bool) -> None:
    if progress:
        distributed.progress(futures)
    distributed.wait(futures)
