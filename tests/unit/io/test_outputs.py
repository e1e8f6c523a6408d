"""Claiming an output: a lock naming its holder, stale locks and parts of killed runs, the input never overwritten."""

import json
import os
import socket
import subprocess
import sys

import pytest

from textmine.errors import TextmineError
from textmine.io.atomic import new_temp_beside, remove_stale_parts
from textmine.io.outputs import lock_path, output_lock, refuse_input_as_output


def dead_pid() -> int:
    """The id of a process that has ended."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_second_holder_is_refused_with_the_first_ones_name(tmp_path):
    out = tmp_path / "results.csv"
    with output_lock(out) as lock:
        holder = json.loads(lock.read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        with (
            pytest.raises(TextmineError, match=rf"another textmine run \(process {os.getpid()} on .* since "),
            output_lock(out),
        ):
            pass
        assert lock.exists()  # the refused run leaves the holder's lock alone
    assert not lock_path(out).exists()


def test_a_lock_left_by_a_killed_run_is_taken_over_with_its_parts(tmp_path):
    out = tmp_path / "results.csv"
    pid = dead_pid()
    lock_path(out).write_text(json.dumps({"pid": pid, "host": socket.gethostname(), "started": "x"}), encoding="utf-8")
    stale = tmp_path / f".results.csv.{pid}-abc.part"
    stale.write_text("half a file", encoding="utf-8")
    ours = new_temp_beside(out)
    with output_lock(out) as lock:
        assert json.loads(lock.read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not stale.exists() and ours.exists()  # a live process's part is left alone
    ours.unlink()
    assert list(tmp_path.iterdir()) == []


def test_a_lock_of_another_host_is_never_taken_over(tmp_path):
    out = tmp_path / "results.csv"
    lock_path(out).write_text(json.dumps({"pid": 1, "host": "elsewhere", "started": "x"}), encoding="utf-8")
    with pytest.raises(TextmineError, match="on elsewhere"), output_lock(out):
        pass


def test_stale_parts_are_only_those_of_dead_processes(tmp_path):
    out = tmp_path / "a.jsonl"
    dead = tmp_path / f".a.jsonl.{dead_pid()}-x1.part"
    other_output = tmp_path / f".b.jsonl.{dead_pid()}-x2.part"
    for path in (dead, other_output):
        path.write_text("", encoding="utf-8")
    assert remove_stale_parts(out) == [dead]
    assert other_output.exists()


def test_the_input_is_never_the_output(tmp_path):
    source = tmp_path / "登记.xlsx"
    source.write_bytes(b"x")
    with pytest.raises(TextmineError, match="is the input file"):
        refuse_input_as_output(source, source)
    with pytest.raises(TextmineError, match="is the input file"):
        refuse_input_as_output(tmp_path / "sub" / ".." / "登记.xlsx", source)
    os.link(source, tmp_path / "link.xlsx")
    with pytest.raises(TextmineError, match="is the input file"):
        refuse_input_as_output(tmp_path / "link.xlsx", source)
    refuse_input_as_output(tmp_path / "结果.xlsx", source)
    refuse_input_as_output(tmp_path / "结果.xlsx", "-")


def test_a_folder_one_cannot_write_in_is_one_sentence(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write in any folder")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(TextmineError, match="permission denied"), output_lock(folder / "out.csv"):
            pass
    finally:
        folder.chmod(0o700)
