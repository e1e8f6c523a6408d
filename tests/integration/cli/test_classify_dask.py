"""``textmine classify --engine dask``: a glob of files in, a folder of Parquet parts out, equal to the local runner."""

import subprocess
import sys

import pandas as pd
import pytest

from tests.paths import ROOT
from textmine.cli import main

SAMPLE = ROOT / "corpora" / "samples" / "sample.csv"


@pytest.mark.optional
def test_a_glob_of_csv_files_on_a_local_cluster_equals_the_local_runner(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    (tmp_path / "in").mkdir()
    for i, start in enumerate(range(0, 200, 80)):
        sample.iloc[start : start + 80].to_csv(tmp_path / "in" / f"county_{i}.csv", index=False)
    arguments = ["classify", str(tmp_path / "in" / "county_*.csv"), "-o", str(tmp_path / "out"), "--engine", "dask"]
    assert main([*arguments, "--jobs", "2", "--partitions", "4", "--quiet"]) == 0
    assert main(["classify", str(SAMPLE), "-o", str(tmp_path / "local.parquet"), "--quiet"]) == 0
    parts = sorted((tmp_path / "out").glob("part.*.parquet"))
    assert len(parts) == 4
    together = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(together, pd.read_parquet(tmp_path / "local.parquet"))


def test_without_the_extra_the_engine_names_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *args: None)
    assert main(["classify", str(SAMPLE), "-o", str(tmp_path / "out"), "--engine", "dask"]) == 2
    assert 'pip install "textmine[dask]"' in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unknown_engine_is_refused_by_the_parser():
    done = subprocess.run([sys.executable, "-m", "textmine.cli", "classify", str(SAMPLE), "-o", "x.csv", "--engine",
                           "ray"], capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    assert done.returncode == 2 and "invalid choice" in done.stderr
