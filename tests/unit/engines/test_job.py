"""The whole job: every record out in order, one progress over the stages, every output written."""

import json

import pandas as pd
import pytest

from textmine.engines.job import STAGES, JobOptions, JobProgress, KnownExtractions, output_paths, run_job
from textmine.errors import TextmineError
from textmine.text.extract import Extraction

LETTERS = [
    "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处。",
    "反映柳塘村会计王某挪用修路集资款三万多元，至今未归还。",
    "柳塘村村民来电：会计把修路集资的钱挪用了，村里路一直没修。",
    "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处！",
    "",
    "Hello",
    "石门乡每天要求在工作群打卡拍照上传。",
]


def test_progress_fraction_runs_through_the_stages_in_order():
    fractions = [JobProgress(stage, done, 4).fraction for stage in STAGES for done in range(5)]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert JobProgress("classify", 0, 0).fraction == JobProgress("classify", 1, 1).fraction


def test_output_paths_follow_the_input_format():
    assert output_paths("a.CSV", "out")["results"].name == "结果.csv"
    assert output_paths("a.json", "out")["results"].name == "结果.jsonl"
    assert output_paths("a.xlsm", "out")["results"].name == "结果.xlsx"
    assert output_paths("letters", "out")["results"].name == "结果.xlsx"
    assert {p.name for p in output_paths("a.parquet", "o").values()} == {
        "结果.parquet", "聚类.json", "聚类.xlsx", "报告.html", "问题清单.xlsx", "summary.json"}  # fmt: skip


def test_known_extractions_answer_from_memory_and_extract_the_rest():
    known = KnownExtractions({"记录": Extraction(places=["柳塘村"])}).fit()
    assert known.extract("记录").places == ["柳塘村"]
    assert known.extract("县水务局收受红包3万元").amount_yuan == 30000.0


def test_run_job_keeps_every_record_in_order_and_reports_progress(tmp_path, small_model):
    pd.DataFrame({"反映内容": LETTERS, "来源": list("ABCDEFG")}).to_csv(tmp_path / "in.csv", index=False)
    seen = []
    result = run_job(tmp_path / "in.csv", tmp_path / "out", model=small_model, options=JobOptions(chunk_size=3),
                     progress=seen.append)  # fmt: skip
    out = pd.read_csv(result.files["results"], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert out["id"].tolist() == [str(i) for i in range(1, 8)] and out["来源"].tolist() == list("ABCDEFG")
    assert out["cluster"].tolist()[:4] == ["0"] * 4 and out["duplicate_of"][3] == "1"
    assert out["error"][4] == "empty text" and out["error"][5] == "no Chinese text"
    assert [p.stage for p in seen if p.done == 0][:4] == list(STAGES)
    assert [p.fraction for p in seen] == sorted(p.fraction for p in seen) and seen[-1].fraction == 1.0
    assert [p.done for p in seen if p.stage == "classify"] == [0, 3, 6, 7]
    summary = json.loads(result.files["summary"].read_text(encoding="utf-8"))
    assert summary == result.summary and summary["records"] == 7 and summary["flagged"] == 2
    assert summary["clusters"] == 1 and summary["resubmissions"] == 1
    assert all(path.is_file() for path in result.files.values())
    assert "<title>巡察信访问题分析报告</title>" in result.files["report"].read_text(encoding="utf-8")


def test_run_job_refuses_to_overwrite_its_input(tmp_path, small_model):
    pd.DataFrame({"内容": LETTERS}).to_csv(tmp_path / "结果.csv", index=False)
    with pytest.raises(TextmineError, match="would be overwritten"):
        run_job(tmp_path / "结果.csv", tmp_path, model=small_model)
    (tmp_path / "file").write_text("x")
    with pytest.raises(TextmineError, match="is a file; give a folder"):
        run_job(tmp_path / "结果.csv", tmp_path / "file", model=small_model)


def test_an_empty_table_gives_every_output(tmp_path, small_model):
    (tmp_path / "in.csv").write_text("编号,内容\n", encoding="utf-8")
    result = run_job(tmp_path / "in.csv", tmp_path / "out", model=small_model)
    assert result.summary["records"] == 0 and all(p.is_file() for p in result.files.values())


def test_a_job_that_fails_while_writing_leaves_the_last_outputs_as_they_were(tmp_path, small_model, monkeypatch):
    pd.DataFrame({"反映内容": LETTERS}).to_csv(tmp_path / "in.csv", index=False)
    first = run_job(tmp_path / "in.csv", tmp_path / "out", model=small_model)
    before = {path.name: path.read_bytes() for path in first.files.values()}
    pd.DataFrame({"反映内容": LETTERS[:3]}).to_csv(tmp_path / "in.csv", index=False)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("textmine.engines.job.write_json", full_disk)  # the last file of the set fails
    with pytest.raises(OSError):
        run_job(tmp_path / "in.csv", tmp_path / "out", model=small_model)
    assert {path.name: path.read_bytes() for path in (tmp_path / "out").iterdir()} == before  # no half set


def test_a_job_whose_input_fails_makes_no_output_folder(tmp_path, small_model):
    (tmp_path / "in.csv").write_bytes(b"")
    with pytest.raises(TextmineError):
        run_job(tmp_path / "in.csv", tmp_path / "out", model=small_model)
    assert not (tmp_path / "out").exists()
