"""Batch classification of a file: read in chunks, classify each chunk, write every row in order.

One function, :func:`classify_chunk`, turns an input chunk into an output chunk; the runner maps it
over the chunks of any reader and feeds a writer.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.csv").write_text("编号,反映内容\\nA1,村会计挪用修路款\\nA2,\\n", encoding="utf-8")
>>> summary = classify_file(folder / "in.csv", folder / "out.csv", progress=False)
>>> summary.records_in == summary.records_out == 2, summary.flagged
(True, 1)
>>> sorted(p.name for p in folder.iterdir())
['in.csv', 'out.csv']
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from textmine.classify import load_classifier
from textmine.classify.results import result_columns
from textmine.engines.local import Checkpoint, default_jobs, map_chunks
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table, open_writer
from textmine.io.outputs import output_lock, refuse_input_as_output
from textmine.io.writers import EncodedRows, writer_kind
from textmine.text.extract import EntityExtractor
from textmine.text.redact import redact_frame

log = logging.getLogger(__name__)

MAX_CHARS = 20000
CJK = re.compile(r"[\u3400-\u9fff]")
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
RESULT_COLUMNS = ("labels", "labels_zh", "subtypes", "scores", "evidence", "error")
EXTRACT_COLUMNS = ("units", "places", "amount_yuan", "dates")  # what --extract adds


@dataclass
class ChunkCounts:
    """What one chunk of output holds: records, records per label ('' for none), flagged records."""

    records: int
    labels: Counter
    flagged: int

    @classmethod
    def of(cls, out: pd.DataFrame, as_lists: bool) -> ChunkCounts:
        labels: Counter = Counter()
        for ids, times in Counter(map(_hashable, out["labels"].tolist())).items():  # few distinct label sets
            for label in (ids if isinstance(ids, tuple) else [x for x in ids.split(";") if x]) or [""]:
                labels[label] += times
        return cls(len(out), labels, sum(map(bool, out["error"].tolist())))


@dataclass
class ClassifiedChunk:
    """A chunk's output, as a frame or already formatted by the writer's encoder, and its counts."""

    rows: pd.DataFrame | EncodedRows
    counts: ChunkCounts


@dataclass
class BatchSummary:
    """What a run read, wrote and found."""

    records_in: int = 0
    records_out: int = 0
    flagged: int = 0
    label_counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    records_resumed: int = 0  # taken from the checkpoint of an interrupted run, not classified again
    lines_read: int | None = None  # physical lines of a CSV input, its header included

    def add(self, counts: ChunkCounts) -> None:
        self.records_in += counts.records
        self.label_counts.update(counts.labels)
        self.flagged += counts.flagged

    def lines(self, label_names: dict[str, str]) -> list[str]:
        lines = [f"records in: {self.records_in}, records out: {self.records_out}, flagged: {self.flagged}"]
        if self.lines_read is not None:
            lines.append(f"  read from {self.lines_read} lines, the header included")
        if self.records_resumed:
            lines.append(f"  {self.records_resumed} records came from the checkpoint of the interrupted run")
        for label, name in label_names.items():
            lines.append(f"  {label} {name}: {self.label_counts.get(label, 0)}")
        lines.append(f"  no label: {self.label_counts.get('', 0)}")
        return lines


def check_text(value) -> tuple[str, list[str]]:
    """The text to classify and the problems found with it (each one a plain phrase)."""
    problems = []
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        value = ""
    if isinstance(value, bytes | bytearray):  # a binary column of a Parquet file or a Spark table
        value = bytes(value).decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
        problems.append("NUL bytes removed")
    if not text.isprintable() and LONE_SURROGATE.search(text):  # JSON can carry half a character
        text = LONE_SURROGATE.sub("\ufffd", text)
    if "\ufffd" in text:
        problems.append("undecodable bytes replaced")
    if len(text) > MAX_CHARS:
        problems.append(f"text of {len(text)} characters; classified on the first {MAX_CHARS}")
        text = text[:MAX_CHARS]
    if text.strip() and not CJK.search(text):
        problems.append("no Chinese text")
    return text, problems


def output_names(
    input_columns: list[str], model, as_lists: bool, extract: bool = False
) -> tuple[dict[str, str], list[str]]:
    """Renames for input columns that clash with result columns, and the result column names."""
    added = list(RESULT_COLUMNS) if as_lists else ["labels", "labels_zh", "subtypes"]
    if not as_lists:
        added += [f"score_{c}" for c in model.classes_] + ["evidence", "error"]
    if extract:
        added += list(EXTRACT_COLUMNS)
    renames = {}
    for column in input_columns:
        if column in added:
            new = f"input_{column}"
            while new in input_columns:
                new = f"input_{new}"
            renames[column] = new
    return renames, added


def classify_chunk(
    model, frame: pd.DataFrame, text_column: str, renames: dict[str, str], as_lists: bool
) -> pd.DataFrame:
    """Classify one chunk; returns the input columns (renamed where they clash) and the results."""
    read_errors = frame.pop(READ_ERROR) if READ_ERROR in frame else pd.Series([""] * len(frame))
    checked = [check_text(v) for v in frame[text_column].tolist()]
    results = model.classify([text for text, _ in checked])
    columns = result_columns(results, as_lists)
    columns["error"] = _errors(results, [problems for _, problems in checked], read_errors.tolist(), as_lists)
    out = frame.rename(columns=renames).reset_index(drop=True)
    return pd.concat([out, pd.DataFrame(columns)], axis=1)


def _errors(results: list, problems: list[list[str]], read_errors: list[str], as_lists: bool) -> list[str | None]:
    """Each row's reading problems, text problems and classification error, joined."""
    none = None if as_lists else ""
    joined = []
    for result, text_problems, read_error in zip(results, problems, read_errors):
        messages = [m for m in (read_error, *text_problems, result.error) if m]
        joined.append("; ".join(messages) if messages else none)
    return joined


def classify_file(
    input_path: str | Path,
    output_path: str | Path,
    model=None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | int | None = None,
    encoding: str | None = None,
    chunk_size: int = 2000,
    bom: bool = True,
    progress: bool = True,
    jobs: int | None = None,
    resume: bool = False,
    redact: bool = False,
    header_row: int | None = None,
    extract: bool = False,
) -> BatchSummary:
    """Classify every record of ``input_path`` into ``output_path`` (format by extension).

    ``extract`` adds the columns ``units`` (the unit the record is about first), ``places``,
    ``amount_yuan`` and ``dates`` (:class:`textmine.text.extract.EntityExtractor`).

    ``jobs`` worker processes classify chunks in parallel (all cores for large files when None).
    With ``resume``, finished chunks are kept beside the output, and a run killed half-way continues
    from its last finished chunk when started again with the same settings. The output is locked while
    it is written: a second run writing the same output is refused.
    """
    if chunk_size < 1:
        raise TextmineError(f"--chunk-size must be at least 1, not {chunk_size}")
    if jobs is not None and jobs < 1:
        raise TextmineError(f"--jobs must be at least 1, not {jobs}")
    writer_kind(output_path)
    refuse_input_as_output(output_path, input_path)
    model = model if model is not None else load_classifier()
    with output_lock(output_path):
        return _classify_file(
            input_path, output_path, model, dict(text_column=text_column, id_column=id_column, sheet=sheet,
            encoding=encoding, header_row=header_row), chunk_size, bom, progress, jobs, resume, redact, extract,
        )  # fmt: skip


def _classify_file(input_path, output_path, model, read, chunk_size, bom, progress, jobs, resume, redact, extract):
    started = time.perf_counter()
    reader = open_table(input_path, sheet=read["sheet"], encoding=read["encoding"], header_row=read["header_row"])
    task = ChunkTask(
        text_column=find_text_column(reader.columns, read["text_column"]),
        id_column=find_id_column(reader.columns, read["id_column"]),
        as_lists=writer_kind(output_path) == "jsonl",
        redact=redact,
        extract=extract,
    )
    task.renames, result_names = output_names(reader.columns, model, task.as_lists, extract)
    for old, new in task.renames.items():
        log.warning("input column %r clashes with an output column; it is kept as %r", old, new)
    jobs = default_jobs(input_path) if jobs is None else jobs
    if jobs > 1:  # build what the model builds on first use once, here, for the forked workers to share
        model.classify(["村支书在村务公开中弄虚作假"])
    settings = {
        "model": model_fingerprint(model), "text_column": task.text_column, "id_column": task.id_column,
        "sheet": read["sheet"], "encoding": read["encoding"], "header_row": read["header_row"], "redact": redact,
        "extract": extract, "output_format": "lists" if task.as_lists else "columns",
    }  # fmt: skip
    checkpoint = Checkpoint(output_path, input_path, chunk_size, settings)
    skip = checkpoint.done() if resume else 0
    summary = BatchSummary()
    bar = tqdm(unit=" records", desc="classifying", file=sys.stderr, delay=2, disable=not progress)
    with open_writer(output_path, bom=bom) as writer:
        if resume:
            for frame in checkpoint.parts(skip):
                _write(writer, ClassifiedChunk(frame, ChunkCounts.of(frame, task.as_lists)), summary, bar)
            summary.records_resumed = summary.records_in
        else:  # text formats are formatted where the chunk was classified (the checkpoint keeps frames)
            task.encoder = writer.encoder()
        numbered = _number_rows(reader.chunks(chunk_size), skip)
        for index, chunk in enumerate(map_chunks(task, numbered, jobs=jobs, setup=model), start=skip):
            if resume:
                checkpoint.save(index, chunk.rows)
            _write(writer, chunk, summary, bar)
        if writer.rows_written == 0:  # no records: still a header, so the file opens as the empty table it is
            inputs = ["id"] if task.id_column is None else []
            inputs += [task.renames.get(column, column) for column in reader.columns if column != READ_ERROR]
            writer.write(pd.DataFrame(columns=[*inputs, *result_names]))
    bar.close()
    checkpoint.remove()  # finished: the parts of this run, or of an earlier interrupted one, are done with
    summary.records_out = writer.rows_written
    summary.lines_read = getattr(reader, "lines_read", None)
    summary.seconds = time.perf_counter() - started
    return summary


def model_fingerprint(model) -> str:
    """A digest of what makes a model's output: its kind, labels, thresholds, weights and card.

    >>> from textmine.classify import load_classifier
    >>> model_fingerprint(load_classifier()) == model_fingerprint(load_classifier())
    True
    """
    digest = hashlib.sha256(type(model).__name__.encode())
    for name in ("classes_", "thresholds_", "coef_", "intercept_", "calibration_"):
        value = getattr(model, name, None)
        if value is not None:
            array = np.asarray(value)
            digest.update(name.encode() + repr(array.shape).encode())
            digest.update(repr(array.tolist()).encode() if array.dtype == object else array.tobytes())
    card = getattr(model, "card_", None)
    digest.update(json.dumps(card, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


@dataclass
class ChunkTask:
    """The function mapped over chunks: classify one chunk of input rows (picklable for workers)."""

    text_column: str
    id_column: str | None
    as_lists: bool
    renames: dict[str, str] = field(default_factory=dict)
    redact: bool = False
    encoder: Callable[[pd.DataFrame], EncodedRows] | None = None  # the writer's, to format rows here
    extract: bool = False
    extractor: EntityExtractor | None = None  # built on first use, in the process that classifies

    def __call__(self, model, numbered: tuple[int, pd.DataFrame]) -> ClassifiedChunk:
        first_row, chunk = numbered
        if self.id_column is None:
            chunk.insert(0, "id", range(first_row, first_row + len(chunk)))
        texts = chunk[self.text_column].tolist() if self.extract else []
        out = classify_chunk(model, chunk, self.text_column, self.renames, self.as_lists)
        if self.extract:
            if self.extractor is None:
                self.extractor = EntityExtractor().fit()
            found = self.extractor.transform([check_text(t)[0] for t in texts], as_lists=self.as_lists)
            for column in EXTRACT_COLUMNS:
                out[column] = found[column].tolist()
        if self.redact:
            out = redact_frame(out)
        counts = ChunkCounts.of(out, self.as_lists)
        return ClassifiedChunk(self.encoder(out) if self.encoder else out, counts)


def _number_rows(chunks, skip: int):
    """(number of the chunk's first row, chunk) for the chunks after the first ``skip``."""
    first_row = 1
    for index, chunk in enumerate(chunks):
        if index >= skip:
            yield first_row, chunk
        first_row += len(chunk)


def _write(writer, chunk: ClassifiedChunk, summary: BatchSummary, bar) -> None:
    writer.write(chunk.rows)
    summary.add(chunk.counts)
    bar.update(chunk.counts.records)


def _hashable(labels: str | list[str]) -> str | tuple[str, ...]:
    return tuple(labels) if isinstance(labels, list) else labels


def classify_dataframe(frame: pd.DataFrame, text_column: str | None = None, model=None) -> pd.DataFrame:
    """A copy of ``frame`` with the result columns added (labels, labels_zh, subtypes, score_*, evidence, error).

    >>> out = classify_dataframe(pd.DataFrame({"内容": ["村会计挪用修路款", ""]}))
    >>> out["labels"].tolist(), out["error"].tolist()
    (['corruption', ''], ['', 'empty text'])
    """
    model = model if model is not None else load_classifier()
    text_column = find_text_column([str(c) for c in frame.columns], text_column)
    renames, _ = output_names(list(frame.columns), model, as_lists=False)
    out = classify_chunk(model, frame.copy(), text_column, renames, as_lists=False)
    out.index = frame.index
    return out
