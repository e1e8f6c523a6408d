import os
import signal
import subprocess
import sys
import time

import pandas as pd

from tests.paths import ROOT
from textmine.engines.batch import classify_file
from textmine.engines.local import Checkpoint, map_chunks


def add(setup, chunk):
    return [setup + x for x in chunk]


def test_worker_processes_keep_input_order():
    chunks = [[i, i + 1] for i in range(0, 40, 2)]
    assert list(map_chunks(add, chunks, jobs=2, setup=100)) == [[100 + i, 101 + i] for i in range(0, 40, 2)]


def test_parallel_classification_equals_single_process(tmp_path, small_model):
    texts = [r for r in pd.read_csv(ROOT / "corpora" / "samples" / "sample.csv", encoding="utf-8-sig")["反映内容"]]
    pd.DataFrame({"内容": texts}).to_csv(tmp_path / "in.csv", index=False)
    classify_file(tmp_path / "in.csv", tmp_path / "one.csv", model=small_model, chunk_size=30, jobs=1, progress=False)
    classify_file(tmp_path / "in.csv", tmp_path / "two.csv", model=small_model, chunk_size=30, jobs=2, progress=False)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


def test_killed_run_resumes_to_the_same_output(tmp_path):
    sample = pd.read_csv(ROOT / "corpora" / "samples" / "sample.csv", encoding="utf-8-sig")
    pd.concat([sample] * 6, ignore_index=True).to_csv(tmp_path / "in.csv", index=False)  # 1,200 rows
    command = [sys.executable, "-m", "textmine.cli", "classify", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.jsonl"),
               "--chunk-size", "50", "--jobs", "1", "--quiet", "--resume"]  # fmt: skip
    parts = tmp_path / ".out.jsonl.parts"
    running = subprocess.Popen(command, cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 3:
        time.sleep(0.05)
    os.kill(running.pid, signal.SIGKILL)
    running.wait()
    assert not (tmp_path / "out.jsonl").exists()
    done_before = Checkpoint(tmp_path / "out.jsonl", tmp_path / "in.csv", 50).done()
    assert 3 <= done_before < 24
    assert subprocess.run(command, cwd=ROOT).returncode == 0
    assert not parts.exists()
    straight = [c for c in command if c != "--resume"]
    straight[6] = str(tmp_path / "straight.jsonl")
    assert subprocess.run(straight, cwd=ROOT).returncode == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == (tmp_path / "straight.jsonl").read_text(
        encoding="utf-8"
    )


def test_output_files_get_the_usual_permissions(tmp_path, small_model):
    pd.DataFrame({"内容": ["村会计挪用公款"]}).to_csv(tmp_path / "in.csv", index=False)
    classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~mask
