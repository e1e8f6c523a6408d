"""A battery of awkward inputs (battery_inputs.py): every one gives its records, in order and all of them, or one
plain sentence; never a traceback, never a file left behind; the input is never changed. A sample also runs through
the command line in a subprocess, and standard input is fed awkward bytes."""

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from tests.paths import ROOT
from tests.unit.io.battery_inputs import TEXTS, all_cases
from textmine.engines.batch import classify_file
from textmine.errors import TextmineError

CASES = all_cases()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CLI_SAMPLE = ("unterminated quote in the middle", "a key first seen after line 1000", "xlsx zip bomb",
              "folder with links out and to nothing", "chunk size -5", "damaged parquet", "output is the input",
              "xlsx with a merged title")  # fmt: skip
OPTION_FLAGS = {"header_row": "--header-row", "encoding": "--encoding", "chunk_size": "--chunk-size"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under ``folder`` (hidden ones included) with a digest of what it holds."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if (Path(root) / d).is_symlink()]:
            path = Path(root) / name
            digest = os.readlink(path) if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path.relative_to(folder))] = digest
    return found


def rows_in(path: Path) -> int:
    if path.suffix in (".csv", ".tsv"):
        text = path.read_text(encoding="utf-8-sig")
        return (
            len(list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if path.suffix == ".tsv" else ","))) - 1
        )
    if path.suffix == ".xlsx":
        return len(list(load_workbook(path).active.values)) - 1
    if path.suffix == ".jsonl":
        return len(path.read_text(encoding="utf-8").splitlines())
    return pq.ParquetFile(path).metadata.num_rows


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_no_formulas(path: Path) -> None:
    """No cell of a spreadsheet output, header included, that a spreadsheet would run as a formula."""
    if path.suffix == ".xlsx":
        cells = [cell for row in load_workbook(path).active.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
    elif path.suffix in (".csv", ".tsv"):
        text = path.read_text(encoding="utf-8-sig")
        fields = [f for row in csv.reader(io.StringIO(text, newline=""), delimiter="\t" if path.suffix == ".tsv" else ",") for f in row]  # fmt: skip
        assert [f for f in fields if f.startswith(FORMULA_STARTS) and len(f) > 1 and not is_number(f)] == []


def one_sentence(message: str) -> bool:
    return bool(message.strip()) and "\n" not in message.strip() and "Traceback" not in message


def test_the_battery_is_large_and_varied():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)
    assert sum(case.records is None for case in CASES) >= 15 and sum(case.records is not None for case in CASES) >= 45
    assert {Path(case.output).suffix for case in CASES if case.records is not None} == {
        ".csv",
        ".tsv",
        ".xlsx",
        ".jsonl",
        ".parquet",
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_record_comes_out_or_one_sentence(case, tmp_path, default_model):
    inputs, outputs = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    outputs.mkdir()
    source = case.make(inputs)
    target = source if case.output == "" else outputs / case.output
    before = snapshot(tmp_path)
    try:
        summary = classify_file(source, target, model=default_model, progress=False, **case.options)
    except TextmineError as err:
        assert case.records is None, f"refused: {err}"
        assert one_sentence(str(err)), str(err)
        assert snapshot(tmp_path) == before  # nothing written, nothing left behind, the input as it was
        return
    assert case.records is not None, "this input should have been refused"
    assert summary.records_in == summary.records_out == rows_in(target) == case.records
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if k != str(target.relative_to(tmp_path))} == before
    assert_no_formulas(target)


def textmine(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, input=stdin,
                          cwd=ROOT)  # fmt: skip
    done.stderr = done.stderr.decode("utf-8")
    return done


@pytest.mark.parametrize("name", CLI_SAMPLE)
def test_a_sample_through_the_command_line(name, tmp_path):
    case = next(c for c in CASES if c.name == name)
    (tmp_path / "in").mkdir()
    source = case.make(tmp_path / "in")
    target = source if case.output == "" else tmp_path / case.output
    flags = [str(part) for key, value in case.options.items() for part in (OPTION_FLAGS[key], value)]
    before = snapshot(tmp_path)
    done = textmine("classify", source, "-o", target, "--quiet", *flags)
    assert "Traceback" not in done.stderr
    if case.records is None:
        assert done.returncode == 2 and one_sentence(done.stderr) and done.stderr.startswith("error: ")
        assert snapshot(tmp_path) == before
    else:
        assert done.returncode == 0, done.stderr
        assert rows_in(target) == case.records


@pytest.mark.parametrize(
    "data,records,first_column",
    [
        (("\ufeff编号,反映内容\n" + "".join(f"A{k},{t}\n" for k, t in enumerate(TEXTS))).encode("utf-8"), 3, "编号"),
        ('编号,反映内容\nA1,"没有闭合\nA2,挪用\nA3,吃喝\n'.encode("gb18030"), 3, "编号"),
        ("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS).encode() + b"{bad\n", 4, "id"),
        (b"", None, None),
    ],
    ids=["csv with a BOM", "gb18030 with an open quote", "json lines with a bad line", "nothing"],
)
def test_standard_input(data, records, first_column, tmp_path):
    done = textmine("classify", "-", "-o", tmp_path / "out.csv", "--quiet", stdin=data)
    assert "Traceback" not in done.stderr
    if records is None:
        assert done.returncode == 2 and one_sentence(done.stderr)
        assert list(tmp_path.iterdir()) == []
    else:
        assert done.returncode == 0, done.stderr
        assert rows_in(tmp_path / "out.csv") == records
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
        header = next(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
        assert header[0] == first_column and not any("\ufeff" in name for name in header)
