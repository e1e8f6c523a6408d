"""What a hostile probe found in batch classification: late JSON keys, resuming with other settings, the input as
the output, two runs on one output, bad chunk sizes."""

import json
import os
import socket

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.engines.batch import classify_file
from textmine.engines.local import Checkpoint
from textmine.errors import TextmineError


def rows_of(path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)
    if path.suffix == ".xlsx":
        values = list(load_workbook(path).active.values)
        return pd.DataFrame(values[1:], columns=values[0])
    return pd.read_parquet(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_a_json_key_first_seen_after_line_1000_keeps_its_column(tmp_path, small_model, suffix):
    lines = [{"id": k, "text": "村会计挪用修路款"} for k in range(1, 1006)]
    lines[1002]["备注"] = "第1003行才有的键"
    with open(tmp_path / "in.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    target = tmp_path / f"out{suffix}"
    summary = classify_file(tmp_path / "in.jsonl", target, model=small_model, chunk_size=500, progress=False)
    frame = rows_of(target)
    assert summary.records_out == len(frame) == 1005
    assert list(frame.columns[:3]) == ["id", "text", "备注"]
    assert frame["备注"].tolist()[1002] == "第1003行才有的键"
    assert set(frame["labels"]) == {"corruption"} and set(frame["error"].fillna("")) == {""}


class Killed(Exception):
    """Stands for the kill of a run."""


def killed_after_first_chunk(save):
    def save_then_die(self, index, frame):
        save(self, index, frame)
        raise Killed

    return save_then_die


@pytest.mark.parametrize("other", [{"redact": True}, {"text_column": "备注"}, {"chunk_size": 3}, {"model": "default"}])
def test_resuming_with_other_settings_is_refused(tmp_path, small_model, default_model, monkeypatch, other):
    text = "举报人：王小明，电话13812345678，村会计挪用修路款"
    pd.DataFrame({"内容": [text] * 6, "备注": ["镇里天天开会"] * 6}).to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / "out.csv"
    options = dict(model=small_model, chunk_size=2, progress=False, resume=True, text_column="内容")
    with monkeypatch.context() as patch:
        patch.setattr(Checkpoint, "save", killed_after_first_chunk(Checkpoint.save))
        with pytest.raises(Killed):
            classify_file(tmp_path / "in.csv", out, **options)
    assert not out.exists() and (tmp_path / ".out.csv.parts" / "state.json").exists()
    changed = options | other | ({"model": default_model} if "model" in other else {})
    with pytest.raises(TextmineError, match=r"was made with other settings \((--[a-z-]+)\); resume with the settings"):
        classify_file(tmp_path / "in.csv", out, **changed)
    assert not out.exists()
    summary = classify_file(tmp_path / "in.csv", out, **options)
    assert summary.records_resumed == 2 and summary.records_out == 6
    written = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert written["内容"].tolist() == [text] * 6  # not one row redacted, or read from another column
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_the_input_is_not_overwritten(tmp_path, small_model):
    pd.DataFrame({"内容": ["村会计挪用修路款"]}).to_csv(tmp_path / "in.csv", index=False)
    before = (tmp_path / "in.csv").read_bytes()
    with pytest.raises(TextmineError, match="is the input file"):
        classify_file(tmp_path / "in.csv", tmp_path / "in.csv", model=small_model, progress=False)
    assert (tmp_path / "in.csv").read_bytes() == before and len(list(tmp_path.iterdir())) == 1


def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_it(tmp_path, small_model):
    pd.DataFrame({"内容": ["村会计挪用修路款"]}).to_csv(tmp_path / "in.csv", index=False)
    lock = tmp_path / ".out.csv.lock"
    holder = {"pid": os.getppid(), "host": socket.gethostname(), "started": "2024-05-01T09:00:00+08:00"}
    lock.write_text(json.dumps(holder), encoding="utf-8")  # a live process holds the output
    with pytest.raises(TextmineError, match=rf"another textmine run \(process {os.getppid()} on .* since 2024-05-01"):
        classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    assert not (tmp_path / "out.csv").exists() and lock.exists()
    lock.unlink()
    classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@pytest.mark.parametrize("size", [0, -5])
def test_a_chunk_size_below_one_is_one_sentence(tmp_path, small_model, size):
    pd.DataFrame({"内容": ["村会计挪用修路款"]}).to_csv(tmp_path / "in.csv", index=False)
    with pytest.raises(TextmineError, match=f"--chunk-size must be at least 1, not {size}"):
        classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, chunk_size=size, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
