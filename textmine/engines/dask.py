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
import tempfile
from collections.abc import Iterator
from pathlib import Path

import dask
import dask.dataframe as dd
import distributed
import pandas as pd
from distributed.comm import parse_address
from distributed.comm.registry import backends
from distributed.diagnostics.plugin import WorkerPlugin

from textmine.engines.batch import BatchSummary
from textmine.engines.partition import CHUNK_ROWS, PartitionTask, counts_of, load_once, model_folder
from textmine.engines.tables import columns_of, empty_frame, input_files, read_part, table_parts
from textmine.errors import TextmineError
from textmine.io import find_id_column, open_writer
from textmine.io.atomic import PART_SUFFIX
from textmine.io.outputs import output_lock, refuse_input_as_output
from textmine.io.writers import WRITER_SUFFIXES, writer_kind

#: How often a failed partition is tried again before the run stops.
RETRIES = 2
PART_NAME = "part.{:05d}.parquet"
#: Extensions of files of other kinds: an output named so is refused rather than made a folder.
OTHER_FILES = (".xls", ".xlsm", ".txt", ".json", ".ndjson", ".docx", ".doc", ".pdf", ".html", ".htm", ".md", ".zip")


def classify(
    ddf: dd.DataFrame, text_column: str | None = None, model=None, redact: bool = False, extract: bool = False
) -> dd.DataFrame:
    """``ddf`` with the result columns added (labels, labels_zh, subtypes, score_*, evidence, error), its
    index and partitions kept; ``extract`` adds units, places, amount_yuan and dates. ``model`` is a model
    folder every worker can read, a registry name, or None (the registry's active model, else the shipped
    one); it is loaded once per worker process.
    """
    folder = model_folder(model)
    task = PartitionTask.for_columns(list(ddf.columns), text_column, folder, redact=redact, extract=extract)
    return ddf.map_partitions(task, meta=task.meta(ddf._meta), enforce_metadata=False)


def read_table(
    source: str | Path,
    partitions: int | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> dd.DataFrame:
    """A file, a folder or a glob of Parquet/CSV/JSONL files as a Dask DataFrame of strings, read by the
    workers with textmine's readers (rows that cannot be read whole are kept, with the reason)."""
    if partitions is not None and partitions < 1:
        raise TextmineError(f"--partitions must be at least 1, not {partitions}")
    parts = table_parts(source, encoding=encoding, sheet=sheet, header_row=header_row)
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


def check_scheduler(address: str) -> None:
    """One plain sentence for a scheduler address of a kind Dask does not know.

    >>> check_scheduler("tcp://10.0.0.5:8786")
    >>> check_scheduler("nonsense://host:8786")
    Traceback (most recent call last):
    ...
    textmine.errors.TextmineError: --scheduler 'nonsense://host:8786': Dask does not know the address kind 'nonsense' (give an address such as tcp://10.0.0.5:8786)
    """
    try:
        scheme, location = parse_address(address)
    except ValueError:
        scheme, location = "", ""
    if scheme not in backends:
        raise TextmineError(
            f"--scheduler {address!r}: Dask does not know the address kind {scheme!r} (give an address such as "
            "tcp://10.0.0.5:8786)"
        )
    if not location.strip(":/"):
        raise TextmineError(f"--scheduler {address!r} names no host (give an address such as tcp://10.0.0.5:8786)")


@contextlib.contextmanager
def cluster(
    scheduler: str | None = None, workers: int | None = None, quiet: bool = False
) -> Iterator[distributed.Client]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers`` one-thread processes
    on this machine (listening on 127.0.0.1 only, on free ports, without a dashboard); Dask's own log says only
    warnings, or only errors when ``quiet``."""
    if scheduler:
        check_scheduler(scheduler)
    level = logging.ERROR if quiet else logging.WARNING
    logger = logging.getLogger("distributed")
    before = logger.level
    logger.setLevel(level)
    try:
        if scheduler:
            with distributed.Client(scheduler) as client:
                yield client
            return
        with (
            distributed.LocalCluster(**_local_options(workers), silence_logs=level) as local,
            distributed.Client(local) as client,
        ):
            yield client
    finally:
        logger.setLevel(before)


def _local_options(workers: int | None) -> dict:
    """A LocalCluster on 127.0.0.1: one-thread workers, no dashboard, and its web server on a free port (so
    that no message says another cluster holds the usual one)."""
    return {
        "n_workers": workers or min(os.cpu_count() or 1, 8),
        "threads_per_worker": 1,
        "host": "127.0.0.1",
        "dashboard_address": None,
        "scheduler_kwargs": {"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    }


def output_kind(output: str | Path) -> str:
    """``file`` for a table extension (.csv, .tsv, .xlsx, .jsonl, .parquet), ``folder`` for any other name or
    one ending in /; a plain error for a name of another kind of file.

    >>> output_kind("results.jsonl"), output_kind("results"), output_kind("results.parquet/")
    ('file', 'folder', 'folder')
    >>> output_kind("results.xls")
    Traceback (most recent call last):
    ...
    textmine.errors.TextmineError: cannot write 'results.xls': a file of results is .csv, .tsv, .xlsx, .jsonl or .parquet, and a name without an extension makes a folder of Parquet parts
    """
    text = str(output)
    if text.endswith(("/", os.sep)):
        return "folder"
    suffix = Path(text).suffix.lower()
    if suffix in WRITER_SUFFIXES:
        return "file"
    if suffix in OTHER_FILES:
        raise TextmineError(
            f"cannot write {text!r}: a file of results is {', '.join(list(WRITER_SUFFIXES)[:-1])} or "
            f"{list(WRITER_SUFFIXES)[-1]}, and a name without an extension makes a folder of Parquet parts"
        )
    return "folder"


def check_paths(source: str | Path, output: str | Path) -> str:
    """The kind of ``output`` (:func:`output_kind`), after plain errors for what cannot be: standard input,
    an output that is an input file or lies in an input folder, a folder output that exists."""
    if str(source) == "-":
        raise TextmineError("Dask cannot read standard input; save it to a file first, or leave out --engine dask")
    kind = output_kind(output)
    folder = Path(source) if Path(source).is_dir() and not any(mark in str(source) for mark in "*?[") else None
    if folder is not None and Path(output).resolve().is_relative_to(folder.resolve()):
        raise TextmineError(
            f"the output {str(output)!r} lies in the input folder {str(source)!r}; write the results outside it, "
            "the input stays as it is"
        )
    refuse_input_as_output(output, *input_files(source))
    if kind == "folder":
        _refuse_existing(Path(output))
    return kind


def _refuse_existing(folder: Path) -> None:
    if folder.exists():
        raise TextmineError(f"output folder {str(folder)!r} exists; give a new name or remove it")


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
    **options,
) -> BatchSummary:
    """Classify every record of ``source`` into ``output``: one file (by its extension: .parquet, .csv,
    .jsonl, .xlsx) written here in input order, or else a folder of Parquet parts (``part.00000.parquet``
    …) written by the workers. Rows, columns, order and format are those of the local runner.

    ``options``, as the local runner's: ``sheet`` and ``header_row`` (how .xlsx and .csv inputs are read),
    ``extract`` (the columns units, places, amount_yuan and dates), ``bom`` (False: CSV without the BOM),
    ``chunk_size`` (records classified at once). The output is locked while it is written: a second run
    writing the same output is refused.
    """
    kind = check_paths(source, output)
    chunk_size = options.get("chunk_size", CHUNK_ROWS)
    if chunk_size < 1:
        raise TextmineError(f"--chunk-size must be at least 1, not {chunk_size}")
    with _claimed(output, kind):
        folder = model_folder(model)
        client.register_plugin(ModelPreload(folder))
        ddf = read_table(source, partitions, encoding, options.get("sheet"), options.get("header_row"))
        numbered = find_id_column(list(ddf.columns), id_column) is None
        as_lists = kind == "file" and writer_kind(output) == "jsonl"  # JSON lines get lists, as the local runner's
        task = PartitionTask.for_columns(
            list(ddf.columns), text_column, folder, numbered=numbered, redact=redact, chunk_size=chunk_size,
            as_lists=as_lists, extract=options.get("extract", False),
        )  # fmt: skip
        if numbered:  # row numbers continue across partitions: count the rows of each first
            lengths = client.compute(ddf.map_partitions(len, meta=(None, int)), retries=retries).result()
            task.first_rows = [1 + sum(lengths[:i]) for i in range(len(lengths))]
        out = ddf.map_partitions(task, meta=task.meta(ddf._meta), enforce_metadata=False)
        return _write(out, Path(output), kind, client, progress, retries, options.get("bom", True))


def write_output(
    out: dd.DataFrame,
    output: str | Path,
    client: distributed.Client,
    progress: bool = True,
    retries: int = RETRIES,
    bom: bool = True,
) -> BatchSummary:
    """Compute ``out`` on the cluster into one file (a table extension) or a new folder of Parquet parts,
    holding the output's lock meanwhile."""
    kind = output_kind(output)
    with _claimed(output, kind):
        return _write(out, Path(output), kind, client, progress, retries, bom)


@contextlib.contextmanager
def _claimed(output: str | Path, kind: str) -> Iterator[None]:
    """The output's lock, as the local runner takes it (a folder output's parent folders made first)."""
    if kind == "folder":
        Path(output).parent.mkdir(parents=True, exist_ok=True)
    with output_lock(output):
        yield


def _write(out: dd.DataFrame, output: Path, kind: str, client, progress: bool, retries: int, bom: bool):
    if kind == "file":
        return _write_file(out, output, client, progress, retries, bom)
    return _write_folder(out, output, client, progress, retries)


def _write_file(out: dd.DataFrame, output: Path, client, progress: bool, retries: int, bom: bool) -> BatchSummary:
    futures = client.compute(out.to_delayed(), retries=retries)
    _show(futures, progress)
    summary = BatchSummary()
    with open_writer(output, bom=bom) as writer:
        for future in futures:
            frame = future.result()
            future.release()
            summary.add(counts_of(frame))
            if len(frame):
                writer.write(frame)
        if writer.rows_written == 0:  # no records: the header alone, as the local runner writes it
            writer.write(pd.DataFrame(columns=list(out.columns)))
    summary.records_out = writer.rows_written
    return summary


def _write_folder(out: dd.DataFrame, output: Path, client, progress: bool, retries: int) -> BatchSummary:
    _refuse_existing(output)
    temp = Path(tempfile.mkdtemp(prefix=f".{output.name}.{os.getpid()}-", suffix=PART_SUFFIX, dir=output.parent))
    try:
        parts = out.to_delayed()
        writes = [dask.delayed(_write_part)(part, str(temp / PART_NAME.format(i))) for i, part in enumerate(parts)]
        futures = client.compute(writes, retries=retries)
        _show(futures, progress)
        summary = BatchSummary()
        for counts in client.gather(futures):
            summary.add(counts)
        _refuse_existing(output)
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
