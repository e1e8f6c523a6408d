"""What a distributed engine (Dask, Spark) runs on each partition of a table: the chunk function of
:mod:`.batch`, with the model named by its folder and loaded once per process (never shipped with a
task), and every record kept: a partition whose classification fails is classified record by record,
and a record that still fails comes out flagged in ``error``.

>>> import pandas as pd
>>> task = PartitionTask.for_columns(["编号", "内容"], text_column=None, model_folder=None)
>>> out = task(pd.DataFrame({"编号": ["A1"], "内容": ["村会计挪用修路款"]}))
>>> out["labels"].tolist(), list(out.columns[:3])
(['corruption'], ['编号', '内容', 'labels'])
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from textmine.classify import load_classifier
from textmine.classify.results import Classification, result_columns
from textmine.engines.batch import (
    EXTRACT_COLUMNS,
    RESULT_COLUMNS,
    ChunkCounts,
    check_text,
    classify_chunk,
    output_names,
)
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_text_column
from textmine.retrain.registry import model_path
from textmine.text.extract import EntityExtractor
from textmine.text.redact import redact_frame

log = logging.getLogger(__name__)

#: How many distinct model folders a process keeps loaded.
MODELS_KEPT = 4
#: Rows classified in one call, as the local runner's chunks.
CHUNK_ROWS = 2000


@functools.lru_cache(maxsize=MODELS_KEPT)
def _load(folder: str | None, modified: float | None):
    return load_classifier(folder)


def load_once(folder: str | Path | None):
    """The model saved in ``folder`` (the shipped one for None), loaded once per process and folder: every
    later call in the same worker returns the same object (a folder saved again is loaded again).

    >>> load_once(None) is load_once(None)
    True
    """
    if folder is None:
        return _load(None, None)
    folder = Path(folder).resolve()
    return _load(str(folder), folder.stat().st_mtime if folder.exists() else None)


@functools.lru_cache(maxsize=1)
def extractor_once() -> EntityExtractor:
    """The entity extractor of ``--extract``, built once per process (its dictionaries are read once)."""
    return EntityExtractor().fit()


def text_dtype():
    """The dtype pandas gives a column of strings: ``str`` from pandas 3 on, ``object`` before.

    >>> text_dtype() == pd.Series(["举报"]).dtype
    True
    """
    return pd.Series(["x"]).dtype


def model_folder(model) -> str | None:
    """The folder the workers load ``model`` from (None: the model shipped with textmine)."""
    if model is not None and not isinstance(model, (str, Path)):
        raise TextmineError("pass the model's folder or registry name: each worker loads it once from there")
    path = model_path(model)
    return None if path is None else str(Path(path).resolve())


def loads_so_far() -> int:
    """How many times this process has read a model folder (what "once per worker" is checked by)."""
    return _load.cache_info().misses


@dataclass
class PartitionTask:
    """Classify one pandas partition: the input columns (renamed where they clash with a result column),
    an ``id`` column of row numbers when ``numbered`` (numbers start at ``first_rows[partition]``), then the
    result columns, as lists and a ``scores`` object when ``as_lists`` (what JSON lines get), and the columns
    of ``--extract`` when ``extract``. Every partition, an empty one too, has the columns and dtypes of
    :meth:`meta`. Small and picklable: the model travels as its folder name.
    """

    model_folder: str | None
    text_column: str
    renames: dict[str, str] = field(default_factory=dict)
    numbered: bool = False
    first_rows: list[int] = field(default_factory=list)
    redact: bool = False
    chunk_size: int = CHUNK_ROWS
    as_lists: bool = False
    extract: bool = False

    @classmethod
    def for_columns(
        cls, columns: Sequence[str], text_column: str | None, model_folder: str | Path | None, **options
    ) -> PartitionTask:
        """A task for a table with these ``columns``; the text column found by its usual names when None."""
        model = load_once(model_folder)
        visible = [str(c) for c in columns if c != READ_ERROR]
        as_lists, extract = options.get("as_lists", False), options.get("extract", False)
        renames, _ = output_names(visible, model, as_lists=as_lists, extract=extract)
        folder = None if model_folder is None else str(Path(model_folder).resolve())
        return cls(folder, find_text_column(visible, text_column), renames, **options)

    def model(self):
        """The model, loaded once in this process."""
        return load_once(self.model_folder)

    def __call__(self, frame: pd.DataFrame, partition_info: dict | None = None) -> pd.DataFrame:
        meta = self.meta(frame)
        if frame.empty:  # no records: the output's columns all the same
            return meta if self.numbered else meta.set_axis(frame.index)
        model = self.model()
        index = frame.index
        frame = frame.reset_index(drop=True)
        if self.numbered:
            first = self.first_rows[partition_info["number"]] if partition_info and self.first_rows else 1
            frame.insert(0, "id", range(first, first + len(frame)))
        out = self._classified(model, frame)
        if self.redact:
            out = redact_frame(out)
        if not self.numbered:
            out.index = index
        return out.astype(meta.dtypes.to_dict())  # as every partition has them, whatever its values

    def _classified(self, model, frame: pd.DataFrame) -> pd.DataFrame:
        """The partition in chunks of ``chunk_size`` rows, as the local runner classifies (a whole partition at
        once would hold its features, scores and evidence in memory together, and run slower for it)."""
        chunks = [frame.iloc[start : start + self.chunk_size] for start in range(0, len(frame), self.chunk_size)]
        if len(chunks) <= 1:
            return self._chunk(model, frame)
        return pd.concat([self._chunk(model, chunk) for chunk in chunks], ignore_index=True)

    def _chunk(self, model, frame: pd.DataFrame) -> pd.DataFrame:
        texts = frame[self.text_column].tolist() if self.extract else []
        try:
            out = classify_chunk(model, frame.copy(), self.text_column, self.renames, self.as_lists)
        except Exception as err:  # one bad record must not lose the others: classify them one at a time
            log.warning("a partition of %d records failed (%s); classifying its records one at a time", len(frame), err)
            out = pd.concat([self._one(model, frame.iloc[[i]]) for i in range(len(frame))], ignore_index=True)
        return self._extracted(out, texts) if self.extract else out

    def _one(self, model, row: pd.DataFrame) -> pd.DataFrame:
        try:
            return classify_chunk(model, row.copy(), self.text_column, self.renames, self.as_lists)
        except Exception as err:
            return flagged_rows(model, row, self.renames, f"could not be classified: {err}", self.as_lists)

    def _extracted(self, out: pd.DataFrame, texts: list) -> pd.DataFrame:
        """``out`` with the columns of ``--extract``, found in ``texts`` as the local runner finds them."""
        found = extractor_once().transform([check_text(text)[0] for text in texts], as_lists=self.as_lists)
        for column in EXTRACT_COLUMNS:
            out[column] = found[column].tolist()
        return out

    def result_dtypes(self) -> dict[str, object]:
        """The result columns in order, with the dtype each has in every partition."""
        text = text_dtype()
        if self.as_lists:  # lists and objects, and the error (null when there is none)
            dtypes = {name: object for name in RESULT_COLUMNS} | {"error": text}
        else:
            dtypes = {name: np.float64 if name.startswith("score_") else text for name in result_names(self.model())}
        if self.extract:
            dtypes |= {name: object if self.as_lists else text for name in EXTRACT_COLUMNS}
            dtypes["amount_yuan"] = np.float64
        return dtypes

    def meta(self, input_meta: pd.DataFrame) -> pd.DataFrame:
        """The empty frame of the output's columns and types (what Dask's ``meta`` and Spark's schema need)."""
        inputs = [c for c in input_meta.columns if c != READ_ERROR]
        frame = pd.DataFrame({self.renames.get(c, c): pd.Series(dtype=input_meta[c].dtype) for c in inputs})
        if self.numbered:
            frame.insert(0, "id", pd.Series(dtype=np.int64))
        for name, dtype in self.result_dtypes().items():
            frame[name] = pd.Series(dtype=dtype)
        return frame


def result_names(model) -> list[str]:
    """The result columns a table output gets, in order."""
    return list(result_columns([Classification([], dict.fromkeys(map(str, model.classes_), 0.0))]))


def flagged_rows(
    model, rows: pd.DataFrame, renames: dict[str, str], reason: str, as_lists: bool = False
) -> pd.DataFrame:
    """``rows`` with empty results and ``reason`` in ``error`` (their read errors kept before it)."""
    rows = rows.copy()
    read_errors = rows.pop(READ_ERROR).tolist() if READ_ERROR in rows else [""] * len(rows)
    empty = Classification([], dict.fromkeys(map(str, model.classes_), 0.0))
    columns = result_columns([empty] * len(rows), as_lists)
    columns["error"] = ["; ".join(m for m in (read_error, reason) if m) for read_error in read_errors]
    out = rows.rename(columns=renames).reset_index(drop=True)
    return pd.concat([out, pd.DataFrame(columns)], axis=1)


def counts_of(frame: pd.DataFrame) -> ChunkCounts:
    """Records, labels and flagged records of an output partition (for the closing summary); a missing
    ``error`` (null in JSON lines) is no flag."""
    return ChunkCounts.of(frame.assign(error=frame["error"].fillna("")), as_lists=False)
