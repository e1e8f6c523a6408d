"""Writing a file so that it appears whole or not at all.

The temporary file beside the output carries the writing process's id in its name
(``.report.html.<pid>-xxxx.part``), so the parts a killed run left behind can be told from those of a
run still going, and removed (:func:`remove_stale_parts`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_output(folder / "report.html") as temp:
...     _ = temp.write_text("<html>…</html>", encoding="utf-8")
>>> sorted(p.name for p in folder.iterdir())
['report.html']
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from textmine.errors import TextmineError, os_error_sentence

PART_SUFFIX = ".part"
STAGE_NAME = "outputs"  # the hidden folder a set of outputs is written in: .outputs.<pid>-xxxx.part


def output_folder(path: str | Path) -> Path:
    """The folder an output goes in; a plain error when it does not exist."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise TextmineError(f"output folder {str(folder)!r} does not exist")
    return folder


def new_temp_beside(path: str | Path) -> Path:
    """An empty temporary file in the output's folder (so the final rename stays on one disk)."""
    path = Path(path)
    folder = output_folder(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=PART_SUFFIX, dir=folder)
    except OSError as err:
        raise TextmineError(f"cannot write {str(path)!r}: {os_error_sentence(err)}") from None
    os.close(handle)
    return Path(name)


def publish(temp: Path, path: str | Path) -> None:
    """Rename the finished temporary file to ``path``, readable as any new file would be."""
    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, path)
    except OSError as err:
        err.filename = err.filename2 = None  # the sentence names the output, not its temporary file
        raise TextmineError(f"cannot write {str(path)!r}: {os_error_sentence(err)}") from None


@contextlib.contextmanager
def atomic_output(path: str | Path) -> Iterator[Path]:
    """A temporary path to write to; renamed to ``path`` when the block ends cleanly, removed otherwise."""
    temp = new_temp_beside(path)
    try:
        yield temp
        publish(temp, path)
    finally:
        temp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_outputs(paths: dict[str, Path]) -> Iterator[dict[str, Path]]:
    """Paths to write a set of outputs to, in a hidden folder beside them; when the block ends cleanly every
    file is moved into place (after checking that none it replaces is write-protected), otherwise none is,
    so a folder never holds some new outputs and some old ones. All ``paths`` lie in one folder.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_outputs({"a": folder / "a.txt", "b": folder / "b.txt"}) as staged:
    ...     _ = staged["a"].write_text("A"), staged["b"].write_text("B")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.txt', 'b.txt']
    """
    folders = {output_folder(path) for path in paths.values()}
    if len(folders) != 1:
        raise ValueError("atomic_outputs writes into one folder")
    folder = folders.pop()
    remove_stale_parts(folder / STAGE_NAME)
    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{STAGE_NAME}.{os.getpid()}-", suffix=PART_SUFFIX, dir=folder))
    except OSError as err:
        raise TextmineError(f"cannot write into {str(folder)!r}: {os_error_sentence(err)}") from None
    try:
        yield {kind: stage / Path(path).name for kind, path in paths.items()}
        for path in paths.values():
            _check_replaceable(Path(path))
        for path in paths.values():
            if (stage / Path(path).name).exists():
                publish(stage / Path(path).name, path)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@contextlib.contextmanager
def made_folder(paths: dict[str, Path]) -> Iterator[Path]:
    """The folder of ``paths`` (one folder) made when missing, and removed again when the block fails before
    anything was put in it."""
    folder = next(iter(paths.values())).parent
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        raise


def _check_replaceable(path: Path) -> None:
    if path.exists() and not os.access(path, os.W_OK):
        raise TextmineError(f"cannot replace {str(path)!r}: it is write-protected; nothing in its folder was changed")


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    except OSError:
        return False
    return True


def remove_stale_parts(path: str | Path) -> list[Path]:
    """Remove the temporary files of ``path`` left by runs that were killed (their process is gone)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)-.*" + re.escape(PART_SUFFIX) + "$")
    removed = []
    with contextlib.suppress(OSError):
        for candidate in folder.iterdir():
            found = pattern.match(candidate.name)
            if found and int(found.group(1)) != os.getpid() and not process_alive(int(found.group(1))):
                if candidate.is_dir():
                    shutil.rmtree(candidate, ignore_errors=True)
                else:
                    candidate.unlink(missing_ok=True)
                removed.append(candidate)
    return removed
