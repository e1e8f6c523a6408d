"""``textmine run`` end to end, and ``report``/``cluster`` on input that is not classified yet."""

import json
import subprocess
import sys

import pandas as pd
from openpyxl import load_workbook

from tests.paths import ROOT

SAMPLE = ROOT / "corpora" / "samples"
OUTPUTS = {"结果.xlsx", "聚类.json", "聚类.xlsx", "报告.html", "问题清单.xlsx", "summary.json"}


def textmine(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def test_run_writes_every_output_and_says_where(tmp_path):
    out = tmp_path / "out"
    done = textmine("run", SAMPLE / "sample.xlsx", "-o", out, "--title", "样例分析")
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} == OUTPUTS
    for name in OUTPUTS:  # the closing lines name every file
        assert str(out / name) in done.stderr
    assert "records: 200" in done.stderr and "4/4 report" in done.stderr  # one bar over the four stages
    results = pd.DataFrame(list(load_workbook(out / "结果.xlsx").active.values)[1:],
                           columns=next(load_workbook(out / "结果.xlsx").active.values))  # fmt: skip
    assert results["编号"].tolist()[:3] == ["S0001", "S0002", "S0003"] and len(results) == 200
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["records"] == 200 and summary["title"] == "样例分析" and summary["files"]["report"] == "报告.html"
    page = (out / "报告.html").read_text(encoding="utf-8")
    assert "<title>样例分析</title>" in page and '<section id="clusters">' in page
    assert load_workbook(out / "问题清单.xlsx").sheetnames[0] == "问题清单"


def test_run_on_a_csv_writes_csv_results_and_redacts_every_file(tmp_path):
    texts = [f"举报人李建国，电话1391234567{n}。反映柳塘村会计挪用修路集资款三万元，至今未归还。" for n in range(4)]
    pd.DataFrame({"编号": ["A", "B", "C", "D"], "反映内容": texts}).to_csv(tmp_path / "in.csv", index=False)
    done = textmine("run", tmp_path / "in.csv", "-o", tmp_path / "out", "--redact", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "out" / "结果.csv").is_file()
    for path in (tmp_path / "out").iterdir():
        if path.suffix == ".xlsx":
            book = load_workbook(path)
            text = "\n".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row)
        else:
            text = path.read_text(encoding="utf-8-sig")
        assert "1391234567" not in text and "李建国" not in text, path.name


def test_run_errors_are_one_sentence(tmp_path):
    done = textmine("run", tmp_path / "missing.xlsx", "-o", tmp_path / "out")
    assert done.returncode == 2 and "does not exist" in done.stderr and "Traceback" not in done.stderr
    (tmp_path / "no_text.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    done = textmine("run", tmp_path / "no_text.csv", "-o", tmp_path / "out")
    assert done.returncode == 2 and "its columns are: a, b" in done.stderr and "Traceback" not in done.stderr


def test_report_classifies_an_unclassified_register_first(tmp_path):
    done = textmine("report", SAMPLE / "sample.csv", "-o", tmp_path / "r.html", "--xlsx", tmp_path / "p.xlsx")
    assert done.returncode == 0, done.stderr
    assert "classified 200 records first" in done.stderr
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "腐败问题" in page and len(list(load_workbook(tmp_path / "p.xlsx")["全部记录"].values)) == 201


def test_cluster_classifies_an_unclassified_register_first(tmp_path):
    done = textmine("cluster", SAMPLE / "sample.csv", "-o", tmp_path / "c.csv", "--summary", tmp_path / "s.json")
    assert done.returncode == 0, done.stderr
    assert "classified the records first" in done.stderr
    frame = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", keep_default_na=False)
    assert {"labels", "labels_zh", "cluster", "duplicate_of"} <= set(frame.columns) and len(frame) == 200
    clusters = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["clusters"]
    assert all("labels" in entry for entry in clusters) and any(entry["labels"] for entry in clusters)
    again = textmine("cluster", tmp_path / "c.csv", "-o", tmp_path / "c2.csv", "--within-labels")
    assert again.returncode == 0, again.stderr
    assert "classified the records first" not in again.stderr  # its labels are used as they are
