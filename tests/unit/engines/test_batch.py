import pandas as pd
import pytest

from textmine.engines.batch import check_text, classify_dataframe, classify_file


def test_every_row_comes_out_in_order_with_problems_flagged(tmp_path, small_model):
    texts = ["村会计挪用修路款三万元", "", "hello world only", "挪用\x00公款", "镇" * 30000, None]
    pd.DataFrame({"编号": [f"N{i}" for i in range(6)], "内容": texts}).to_csv(tmp_path / "in.csv", index=False)
    summary = classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, chunk_size=4, progress=False)
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert out["编号"].tolist() == [f"N{i}" for i in range(6)]
    assert summary.records_in == summary.records_out == 6
    errors = out["error"].tolist()
    assert errors[0] == ""
    assert errors[1] == "empty text" and errors[5] == "empty text"
    assert errors[2] == "no Chinese text"
    assert errors[3] == "NUL bytes removed"
    assert errors[4].startswith("text of 30000 characters")
    assert summary.flagged == 5
    assert out["labels"].tolist()[1] == ""


def test_clashing_input_columns_are_kept_under_a_prefix(tmp_path, small_model):
    pd.DataFrame({"text": ["公车私用接送孩子"], "labels": ["人工标注"]}).to_csv(tmp_path / "in.csv", index=False)
    classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    assert out["input_labels"].tolist() == ["人工标注"]
    assert "labels" in out and "id" in out  # row numbers stand in for a missing id column


def test_check_text_passes_clean_chinese():
    assert check_text("村支书一言堂") == ("村支书一言堂", [])


def test_classify_dataframe_adds_result_columns(small_model):
    frame = pd.DataFrame({"反映内容": ["村里低保都给了村主任的亲戚", "邻居装修太吵"]}, index=[10, 11])
    out = classify_dataframe(frame, model=small_model)
    assert list(out.index) == [10, 11]
    assert {"labels", "labels_zh", "subtypes", "score_corruption", "evidence", "error"} <= set(out.columns)
    assert "corruption" in out.loc[10, "labels"]


def test_missing_text_column_is_a_plain_error(tmp_path, small_model):
    pd.DataFrame({"日期": ["2024-01-01"]}).to_csv(tmp_path / "in.csv", index=False)
    from textmine.errors import MissingColumnError

    with pytest.raises(MissingColumnError):
        classify_file(tmp_path / "in.csv", tmp_path / "out.csv", model=small_model, progress=False)
    assert not (tmp_path / "out.csv").exists()


def test_redact_masks_every_text_output(tmp_path, small_model):
    text = "举报人：王小明，电话13800001111。村会计挪用修路款12800元，身份证110000199001010000不是他的"
    pd.DataFrame({"内容": [text], "备注": ["联系人：李某，邮箱li@example.com"]}).to_csv(
        tmp_path / "in.csv", index=False
    )
    classify_file(tmp_path / "in.csv", tmp_path / "out.jsonl", model=small_model, progress=False, redact=True)
    written = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    for secret in ("王小明", "13800001111", "li@example.com"):
        assert secret not in written
    assert "12800元" in written and "【电话】" in written


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_table_with_no_records_gives_a_header_and_no_rows(tmp_path, small_model, suffix):
    source = tmp_path / "empty.csv"
    source.write_text("编号,反映内容\n", encoding="utf-8")
    out = tmp_path / f"out{suffix}"
    summary = classify_file(source, out, model=small_model, progress=False)
    frame = pd.read_csv(out, encoding="utf-8-sig") if suffix == ".csv" else pd.read_excel(out)
    assert summary.records_out == 0 and len(frame) == 0
    assert list(frame.columns[:3]) == ["编号", "反映内容", "labels"]
    assert "score_corruption" in frame.columns and frame.columns[-1] == "error"


def test_missing_values_of_every_kind_are_empty_texts():
    assert check_text(pd.NA) == check_text(None) == check_text(float("nan")) == ("", [])


def test_half_a_character_from_json_is_replaced_and_flagged():
    assert check_text("\ud800村会计挪用修路款") == ("\ufffd村会计挪用修路款", ["undecodable bytes replaced"])


def test_text_in_bytes_is_read_as_utf8():
    assert check_text("村会计挪用修路款".encode()) == ("村会计挪用修路款", [])
    assert check_text(b"\xff\xfe\xe6\x9d\x91")[1] == ["undecodable bytes replaced"]
