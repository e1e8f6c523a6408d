"""``textmine classify --engine dask``: a glob of files in, a folder of Parquet parts out, equal to the local runner."""

import io
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


@pytest.mark.optional
@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        (["--resume"], "--resume is not used with --engine dask"),
        (["--partitions", "-2"], "--partitions must be at least 1, not -2"),
        (["--partitions", "0"], "--partitions must be at least 1, not 0"),
        (["--chunk-size", "0"], "--chunk-size must be at least 1, not 0"),
        (["--scheduler", "nonsense://"], "Dask does not know the address kind 'nonsense'"),
        (["--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"], "--jobs is not used with --scheduler"),
        (["-o", "results.xls"], "cannot write 'results.xls': a file of results is .csv"),
        (["-o", "results.txt"], "cannot write 'results.txt': a file of results is .csv"),
    ],
)
def test_options_the_dask_engine_cannot_honour_are_refused_in_one_sentence(
    tmp_path, monkeypatch, capsys, options, sentence
):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    monkeypatch.chdir(tmp_path)
    assert main(["classify", str(SAMPLE), "-o", "out", "--engine", "dask", *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and sentence in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.optional
def test_standard_input_is_refused_with_dask_and_dask_options_without_it(tmp_path, monkeypatch, capsys):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    monkeypatch.setattr("sys.stdin", io.StringIO(SAMPLE.read_text(encoding="utf-8")))
    assert main(["classify", "-", "-o", str(tmp_path / "out.csv"), "--engine", "dask"]) == 2
    assert (
        capsys.readouterr().err
        == "error: Dask cannot read standard input; save it to a file first, or leave out --engine dask\n"
    )
    assert main(["classify", str(SAMPLE), "-o", str(tmp_path / "out.csv"), "--partitions", "4"]) == 2
    assert capsys.readouterr().err == "error: --partitions is used only with --engine dask\n"


@pytest.mark.optional
def test_a_damaged_parquet_file_among_dask_inputs_is_named_in_one_sentence(tmp_path, capsys):
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    (tmp_path / "in").mkdir()
    pd.read_csv(SAMPLE, dtype=str).to_parquet(tmp_path / "in" / "a.parquet")
    (tmp_path / "in" / "b.parquet").write_bytes(b"PAR1 cut short")
    arguments = ["classify", str(tmp_path / "in" / "*.parquet"), "-o", str(tmp_path / "out"), "--engine", "dask"]
    assert main([*arguments, "--jobs", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "b.parquet' could not be read as a Parquet file: " in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
