"""Claiming an output before writing it: never the input itself, and never by two runs at once.

A run takes a lock file beside its output (``.results.csv.lock``) naming the holder: process id, host and
start time. A second run writing the same output is refused with the holder's name. The lock is removed
when the run ends; one left by a killed run (its process gone, on this host) is taken over, and the
temporary files that run left are removed with it.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "results.csv"
>>> with output_lock(out):  # doctest: +ELLIPSIS
...     with output_lock(out):
...         pass
Traceback (most recent call last):
...
textmine.errors.TextmineError: ...results.csv' is being written by another textmine run (process ... since ...); wait for it to finish, or delete ...results.csv.lock' if that run is gone
>>> sorted(p.name for p in out.parent.iterdir())
[]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from textmine.errors import TextmineError, os_error_sentence
from textmine.io.atomic import output_folder, process_alive, remove_stale_parts


def lock_path(path: str | Path) -> Path:
    """The lock file of an output: hidden, beside it."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


def refuse_input_as_output(output: str | Path, *inputs: str | Path | None) -> None:
    """A plain error when the output is one of the inputs (writing it would destroy the source)."""
    out = Path(output)
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        source = Path(given)
        same = out.resolve() == source.resolve()
        if not same and out.exists() and source.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(out, source)
        if same:
            raise TextmineError(
                f"the output {str(output)!r} is the input file; write the results to a new file, the input stays as it is"
            )


def _who(holder: dict) -> str:
    """The run holding a lock, from what its lock file says.

    >>> _who({"pid": 42, "host": "pc1", "started": "2024-05-01T09:00:00+08:00"}), _who({"pid": 42})
    ('process 42 on pc1 since 2024-05-01T09:00:00+08:00', 'process 42')
    """
    parts = [f"process {holder.get('pid')}"]
    parts += [f"on {holder['host']}"] if holder.get("host") else []
    parts += [f"since {holder['started']}"] if holder.get("started") else []
    return " ".join(parts)


def _holder() -> dict[str, object]:
    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return {"pid": os.getpid(), "host": socket.gethostname(), "started": started}


def _read_holder(lock: Path) -> dict | None:
    try:
        holder = json.loads(lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None


def _stale(holder: dict | None) -> bool:
    """A lock whose holder is gone: its process no longer runs on this host (or the file is unreadable)."""
    if holder is None:
        return True
    if not holder:
        return False  # removed meanwhile: try again
    if holder.get("host") != socket.gethostname():
        return False  # another machine's process cannot be checked from here
    pid = holder.get("pid")
    return not isinstance(pid, int) or not process_alive(pid)


def _create(lock: Path, holder: dict) -> bool:
    """Write the lock whole in one step (a complete file, linked in place); False when it exists."""
    handle, temp = tempfile.mkstemp(prefix=lock.name, suffix=".new", dir=lock.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(holder, out)
        os.link(temp, lock)
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: create the lock exclusively instead
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(holder, out)
        return True
    finally:
        os.unlink(temp)


@contextlib.contextmanager
def output_lock(path: str | Path) -> Iterator[Path]:
    """Hold the lock of output ``path`` for the block; a plain error naming the holder when another run has it."""
    output_folder(path)
    lock = lock_path(path)
    holder = _holder()
    try:
        for _ in range(3):
            if _create(lock, holder):
                break
            other = _read_holder(lock)
            if not _stale(other):
                if other:
                    raise TextmineError(
                        f"{str(path)!r} is being written by another textmine run ({_who(other)}); wait for it to "
                        f"finish, or delete {str(lock)!r} if that run is gone"
                    )
                continue
            lock.unlink(missing_ok=True)
        else:
            raise TextmineError(f"could not take the lock {str(lock)!r}; delete it if no other run is writing")
    except OSError as err:
        raise TextmineError(f"cannot write {str(path)!r}: {os_error_sentence(err)}") from None
    remove_stale_parts(path)
    try:
        yield lock
    finally:
        if _read_holder(lock) == holder:
            lock.unlink(missing_ok=True)
