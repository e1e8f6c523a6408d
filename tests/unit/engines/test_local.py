import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd

from tests.paths import ROOT
from textmine.engines.batch import classify_file
from textmine.engines.local import map_chunks


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


def test_killed_run_resumes_without_classifying_its_finished_chunks_again(tmp_path):
    sample = pd.read_csv(ROOT / "corpora" / "samples" / "sample.csv", encoding="utf-8-sig")
    pd.concat([sample] * 30, ignore_index=True).to_csv(tmp_path / "in.csv", index=False)  # 6,000 rows, 60 chunks
    command = [sys.executable, "-m", "textmine.cli", "classify", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.jsonl"),
               "--chunk-size", "100", "--jobs", "1", "--resume"]  # fmt: skip
    parts = tmp_path / ".out.jsonl.parts"
    running = subprocess.Popen([*command, "--quiet"], cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 3:
        time.sleep(0.05)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # the same output, meanwhile
    os.kill(running.pid, signal.SIGKILL)
    running.wait()
    assert second.returncode == 2 and f"another textmine run (process {running.pid} on " in second.stderr
    assert "Traceback" not in second.stderr
    assert not (tmp_path / "out.jsonl").exists()
    assert (tmp_path / ".out.jsonl.lock").exists()  # the killed run could not remove its lock
    done_before = json.loads((parts / "state.json").read_text(encoding="utf-8"))["chunks_done"]
    assert 3 <= done_before < 60
    resumed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done_before * 100} records came from the checkpoint of the interrupted run" in resumed.stderr
    assert "records in: 6000, records out: 6000" in resumed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]  # no lock, parts or .part left
    straight = [c for c in command if c != "--resume"]
    straight[6] = str(tmp_path / "straight.jsonl")
    assert subprocess.run(straight, cwd=ROOT, capture_output=True).returncode == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == (tmp_path / "straight.jsonl").read_text(
        encoding="utf-8"
    )


def test_output_files_get_the_usual_permissions(tmp_path, small_model):
    pd.DataFrame({"内容": ["村会计挪用公款"]}).to_csv(tmp_path / "in.csv", index=False)
    classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~mask
