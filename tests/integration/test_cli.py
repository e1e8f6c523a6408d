"""The command line end to end, through a subprocess, with the shipped model."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.paths import ROOT

SAMPLE = ROOT / "corpora" / "samples"


def textmine(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "textmine.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize(
    "source,target", [("sample.csv", "out.csv"), ("sample.xlsx", "out.xlsx"), ("sample.csv", "out.jsonl")]
)
def test_classify_sample_in_each_format(tmp_path, source, target):
    out = tmp_path / target
    done = textmine("classify", str(SAMPLE / source), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "records in: 200, records out: 200" in done.stderr
    if target.endswith(".csv"):
        frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    elif target.endswith(".xlsx"):
        frame = pd.DataFrame(list(load_workbook(out).active.values)[1:], columns=next(load_workbook(out).active.values))
    else:
        frame = pd.DataFrame([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
        assert isinstance(frame["labels"][0], list) and isinstance(frame["scores"][0], dict)
    assert len(frame) == 200
    assert frame["编号"].tolist()[:2] == ["S0001", "S0002"]
    assert {"反映内容", "labels", "labels_zh", "subtypes", "evidence"} <= set(frame.columns)
    labelled = [x for x in frame["labels"] if isinstance(x, (str, list)) and len(x)]
    assert len(labelled) > 100  # most sample records raise a problem


def test_missing_text_column_lists_the_columns(tmp_path):
    done = textmine("classify", str(SAMPLE / "sample.csv"), "-o", str(tmp_path / "o.csv"), "--text-column", "正文")
    assert done.returncode == 2
    assert (
        "error: column '正文' is not in the input; its columns are: 编号, 来源, 反映内容, 被反映单位, 日期"
        in done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "o.csv").exists()


def test_missing_input_file_is_one_sentence(tmp_path):
    done = textmine("classify", str(tmp_path / "nope.xlsx"), "-o", str(tmp_path / "o.csv"))
    assert done.returncode == 2 and done.stderr.strip().startswith("error: input") and "Traceback" not in done.stderr


def test_evaluate_prints_labels_and_merged_groups(tmp_path):
    data = tmp_path / "labelled.csv"
    pd.DataFrame({"text": ["村会计挪用修路款", "邻居吵架"], "labels": ["腐败问题", ""]}).to_csv(data, index=False)
    done = textmine("evaluate", "--data", str(data), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["labels"]["n_records"] == 2
    assert "享乐主义奢靡之风" in result["groups"]["per_label"]


def test_cluster_command_writes_records_and_both_summaries(tmp_path):
    out, summary_json, summary_xlsx = tmp_path / "c.csv", tmp_path / "s.json", tmp_path / "s.xlsx"
    done = textmine(
        "cluster",
        str(SAMPLE / "sample.xlsx"),
        "-o",
        str(out),
        "--summary",
        str(summary_json),
        "--summary",
        str(summary_xlsx),
    )
    assert done.returncode == 0, done.stderr
    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert len(frame) == 200 and {"cluster", "cluster_keywords", "duplicate_of"} <= set(frame.columns)
    clusters = json.loads(summary_json.read_text(encoding="utf-8"))["clusters"]
    sizes = [e["size"] for e in clusters]
    assert len(sizes) >= 3 and all(isinstance(size, int) and size >= 1 for size in sizes)
    assert all(e["size"] + e["resubmissions"] >= 2 for e in clusters)  # two records at least, reposts included
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > sizes[-1]  # largest first
    assert sorted(set(frame["cluster"]) - {-1}) == sorted(e["cluster"] for e in clusters)
    assert load_workbook(summary_xlsx).active["A1"].value == "聚类编号"


def test_evaluate_clusters_reports_scores():
    done = textmine("evaluate-clusters", "--data", str(ROOT / "corpora" / "dev.jsonl"), "--json")
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["clusters"]["adjusted_rand"] > 0.6
    assert scores["duplicates"]["recall"] >= 0.9


def test_evaluate_clusters_against_a_gold_of_ids(tmp_path, capsys):
    from textmine.cli import main

    records = [json.loads(line) for line in (ROOT / "corpora" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    gold = [{"id": r["id"], "topic": r["group"], "dup_of": None, "split": "dev"} for r in records if r["group"]]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    args = ["evaluate-clusters", "--data", str(ROOT / "corpora" / "dev.jsonl"), "--gold", str(tmp_path / "gold.jsonl")]
    assert main([*args, "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["clusters"]["grouped_records"] == len(gold) and scores["clusters"]["adjusted_rand"] > 0.7
    assert 0.9 <= scores["largest_clusters"]["purity"] <= 1.0
    (tmp_path / "bad.jsonl").write_text(json.dumps({"id": "NOPE", "topic": "t"}) + "\n", encoding="utf-8")
    assert (
        main(
            ["evaluate-clusters", "--data", str(ROOT / "corpora" / "dev.jsonl"), "--gold", str(tmp_path / "bad.jsonl")]
        )
        == 2
    )
