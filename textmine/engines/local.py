"""Mapping one function over chunks of records: in this process, or in worker processes with results
kept in input order, with an optional checkpoint so that a killed run resumes where it stopped.

The function is any picklable callable ``chunk -> chunk``; the same function could be handed to a
distributed engine (``dask.bag.map``) for inputs larger than one machine.

>>> list(map_chunks(lambda setup, chunk: setup + len(chunk), [[1, 2], [3]], setup=10))
[12, 11]
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from textmine.errors import TextmineError
from textmine.io.writers import json_line, json_record


def map_chunks(
    function: Callable[[Any, Any], Any], chunks: Iterable[Any], jobs: int = 1, setup: Any = None
) -> Iterator[Any]:
    """``function(setup, chunk)`` for each chunk, results in input order.

    With ``jobs`` > 1 the chunks go to that many worker processes; ``setup`` (a model, say) is sent to
    each worker once, not with every chunk.
    """
    if jobs <= 1:
        yield from (function(setup, chunk) for chunk in chunks)
        return
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    gc.freeze()  # forked workers then share the setup's pages: no collection writes to them
    try:
        with context.Pool(jobs, initializer=_Worker.start, initargs=(function, setup)) as pool:
            pending: deque = deque()
            for chunk in chunks:  # at most 2 chunks per worker in flight: memory stays bounded
                pending.append(pool.apply_async(_Worker.run, (chunk,)))
                if len(pending) >= 2 * jobs:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        gc.unfreeze()


class _Worker:
    """What a worker process holds: the function and its setup, received once at start."""

    function: Callable[[Any, Any], Any] | None = None
    setup: Any = None

    @classmethod
    def start(cls, function: Callable[[Any, Any], Any], setup: Any) -> None:
        cls.function, cls.setup = function, setup
        # the setup lives as long as the worker: keep the garbage collector from walking it again and again
        gc.freeze()

    @classmethod
    def run(cls, chunk: Any) -> Any:
        return cls.function(cls.setup, chunk)


def default_jobs(input_path: str | Path, large_bytes: int = 4 * 1024 * 1024) -> int:
    """All cores (up to 8) for an input file over ``large_bytes``, else one process."""
    try:
        large = Path(input_path).is_file() and Path(input_path).stat().st_size > large_bytes
    except OSError:
        large = False
    return min(os.cpu_count() or 1, 8) if large else 1


#: How the settings a checkpoint records are named to a user.
SETTING_NAMES = {
    "chunk_size": "--chunk-size", "model": "--model", "text_column": "--text-column", "id_column": "--id-column",
    "sheet": "--sheet", "encoding": "--encoding", "header_row": "--header-row", "redact": "--redact",
    "extract": "--extract", "output_format": "the output format",
}  # fmt: skip
INPUT_KEYS = ("input", "input_bytes", "input_mtime")


class Checkpoint:
    """Finished chunks saved as JSON-lines parts beside the output, with a small state file.

    The state records the input (path, size, time) and every setting that changes the output (``settings``:
    the model, the columns, ``--redact`` …). A run started again with the same input, output and settings
    skips the chunks already done; with other settings it is refused, so no output mixes two settings.
    """

    def __init__(
        self, output_path: str | Path, input_path: str | Path, chunk_size: int, settings: dict[str, Any] | None = None
    ) -> None:
        output_path = Path(output_path)
        self.folder = output_path.parent / f".{output_path.name}.parts"
        self.state_file = self.folder / "state.json"
        stat = Path(input_path).stat() if str(input_path) != "-" and Path(input_path).exists() else None
        self.identity = {
            "input": str(Path(input_path).resolve()) if stat else str(input_path),
            "input_bytes": stat.st_size if stat else None,
            "input_mtime": stat.st_mtime if stat else None,
            "chunk_size": chunk_size,
            **(settings or {}),
        }

    def done(self) -> int:
        """How many chunks an earlier run finished (0 when there is no checkpoint); a plain error when the
        checkpoint belongs to another input or was made with other settings."""
        if not self.state_file.exists():
            return 0
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
            recorded, chunks_done = state["identity"], int(state["chunks_done"])
        except (OSError, ValueError, KeyError, TypeError):
            raise TextmineError(f"the checkpoint in {str(self.folder)!r} is damaged; delete it to start over") from None
        differing = [k for k in {**recorded, **self.identity} if recorded.get(k) != self.identity.get(k)]
        if any(k in INPUT_KEYS for k in differing):
            raise TextmineError(
                f"the checkpoint in {str(self.folder)!r} belongs to another input (or the input has changed); "
                "run without --resume to start over"
            )
        if differing:
            named = ", ".join(SETTING_NAMES.get(k, k) for k in differing)
            raise TextmineError(
                f"the checkpoint in {str(self.folder)!r} was made with other settings ({named}); resume with the "
                "settings of the interrupted run, or run without --resume to start over"
            )
        return chunks_done

    def save(self, index: int, frame: pd.DataFrame) -> None:
        """Store chunk ``index`` (0-based) and record it as done."""
        self.folder.mkdir(exist_ok=True)
        part = self.folder / f"{index:08d}.jsonl"
        temp = part.with_suffix(".tmp")
        columns = list(frame.columns)
        with open(temp, "w", encoding="utf-8") as out:
            out.write(json_line(columns))
            for row in frame.itertuples(index=False, name=None):
                out.write(json_line(json_record(columns, row)))
        os.replace(temp, part)
        state = {"identity": self.identity, "chunks_done": index + 1}
        temp_state = self.state_file.with_suffix(".tmp")
        temp_state.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp_state, self.state_file)

    def parts(self, count: int) -> Iterator[pd.DataFrame]:
        """The first ``count`` stored chunks, in order."""
        for index in range(count):
            lines = (self.folder / f"{index:08d}.jsonl").read_text(encoding="utf-8").splitlines()
            columns = json.loads(lines[0])
            yield pd.DataFrame([json.loads(line) for line in lines[1:]], columns=columns)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
