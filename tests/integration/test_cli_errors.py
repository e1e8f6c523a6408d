"""The command line where things go wrong: one sentence and exit code 2, never a traceback (unless --debug),
and what the README promises about --redact, standard input and undecodable bytes."""

import errno
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from tests.paths import ROOT
from textmine.cli import main
from textmine.resources import DEFAULT_MODEL_DIR

SAMPLE = ROOT / "corpora" / "samples"


def textmine(*args: str, stdin: bytes | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, input=stdin,
                          cwd=cwd)  # fmt: skip
    done.stderr = done.stderr.decode("utf-8")
    return done


def run(capsys, *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    return code, capsys.readouterr().err


def one_sentence(err: str) -> bool:
    lines = [line for line in err.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err


def test_classify_redact_end_to_end_masks_id_and_bank_card_numbers(tmp_path):
    texts = ["身份证号430102199003071234的村民反映，补贴打到了卡号6222 0212 3456 7890 128上，共12800元",
             "举报人：王小明，电话(0731)84567890，村会计挪用修路款"]  # fmt: skip
    pd.DataFrame({"编号": ["A1", "A2"], "反映内容": texts}).to_csv(tmp_path / "in.csv", index=False)
    for target in ("out.csv", "out.xlsx", "out.jsonl"):
        done = textmine("classify", tmp_path / "in.csv", "-o", tmp_path / target, "--redact", "--quiet")
        assert done.returncode == 0, done.stderr
    written = (tmp_path / "out.csv").read_text(encoding="utf-8-sig") + (tmp_path / "out.jsonl").read_text("utf-8")
    written += json.dumps([list(row) for row in load_workbook(tmp_path / "out.xlsx").active.values], ensure_ascii=False)
    for secret in ("430102199003071234", "6222 0212 3456 7890 128", "王小明", "84567890"):
        assert secret not in written
    assert written.count("【身份证号】") == 3 and written.count("【银行卡号】") == 3 and "12800元" in written


def test_undecodable_bytes_are_the_reason_in_the_error_column(tmp_path):
    raw = (
        "编号,反映内容\nA1,村会计挪用修路款三万元，至今没有归还\nA2,".encode()
        + b"\xff\xfe\xfa"
        + "镇干部公车私用\n".encode()
    )
    (tmp_path / "in.csv").write_bytes(raw)
    code = main(["classify", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--quiet"])
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert code == 0 and out["error"].tolist() == ["", "undecodable bytes replaced"]


def test_standard_input_with_a_byte_order_mark_and_an_encoding(tmp_path):
    data = "\ufeff编号,反映内容\nA1,村会计挪用修路款\n"
    done = textmine("classify", "-", "-o", tmp_path / "a.csv", "--quiet", stdin=data.encode("utf-8"))
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(tmp_path / "a.csv", encoding="utf-8-sig").columns[0] == "编号"
    big5 = "編號,反映內容\nA1,村幹部挪用公款\n".encode("big5")
    done = textmine("classify", "-", "-o", tmp_path / "b.jsonl", "--encoding", "big5", "--quiet", stdin=big5)
    assert done.returncode == 0, done.stderr
    row = json.loads((tmp_path / "b.jsonl").read_text(encoding="utf-8"))
    assert row["編號"] == "A1" and row["反映內容"] == "村幹部挪用公款" and row["labels"] == ["corruption"]


def test_debug_shows_the_traceback(tmp_path):
    quiet = textmine("classify", tmp_path / "nope.csv", "-o", tmp_path / "o.csv")
    loud = textmine("--debug", "classify", tmp_path / "nope.csv", "-o", tmp_path / "o.csv")
    assert quiet.returncode == 2 and one_sentence(quiet.stderr)
    assert loud.returncode != 0 and "Traceback (most recent call last)" in loud.stderr
    assert "TextmineError: input" in loud.stderr


def test_a_folder_one_may_not_write_in_is_one_sentence(tmp_path, capsys, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkstemp", refused)
    code, err = run(capsys, "classify", SAMPLE / "sample.csv", "-o", tmp_path / "out.csv")
    assert code == 2 and one_sentence(err) and "permission denied" in err
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_one_sentence_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    def full(self, rows):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.temp_path))

    monkeypatch.setattr("textmine.io.writers.CsvWriter._write_encoded", full)
    code, err = run(capsys, "classify", SAMPLE / "sample.csv", "-o", tmp_path / "out.csv", "--quiet")
    assert code == 2 and one_sentence(err) and "the disk is full" in err
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_parquet_file_is_one_sentence(tmp_path, capsys):
    pd.DataFrame({"反映内容": ["村会计挪用修路款"] * 50}).to_parquet(tmp_path / "in.parquet")
    data = (tmp_path / "in.parquet").read_bytes()
    (tmp_path / "in.parquet").write_bytes(data[:40] + b"\0" * 200 + data[240:])
    code, err = run(capsys, "classify", tmp_path / "in.parquet", "-o", tmp_path / "out.csv", "--quiet")
    assert code == 2 and one_sentence(err) and "could not be read as a Parquet file" in err
    (tmp_path / "in.parquet").write_bytes(b"PAR1 not really")
    code, err = run(capsys, "classify", tmp_path / "in.parquet", "-o", tmp_path / "out.csv", "--quiet")
    assert code == 2 and one_sentence(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]


@pytest.mark.parametrize("damage", ["weights.safetensors", "dictionary.txt", "model.json"])
def test_damaged_model_files_are_one_sentence(tmp_path, capsys, damage):
    model = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL_DIR, model)
    (model / damage).write_bytes(b"\xff\xfe\x00 damaged" * 20)
    code, err = run(capsys, "classify", SAMPLE / "sample.csv", "-o", tmp_path / "out.csv", "--model", model)
    assert code == 2 and one_sentence(err) and str(model) in err


def test_cluster_on_a_file_with_only_a_header(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("编号,反映内容\n", encoding="utf-8")
    code, err = run(
        capsys, "cluster", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--summary", tmp_path / "s.json"
    )
    assert code == 0, err
    assert "records: 0, clusters: 0" in err
    written = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")
    columns = list(written.columns)  # the input had no labels: it was classified first, then clustered
    assert len(written) == 0 and columns[:2] == ["编号", "反映内容"] and "labels" in columns
    assert columns[-3:] == ["cluster", "cluster_keywords", "duplicate_of"]
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["clusters"] == []


def test_report_into_a_missing_folder_is_one_sentence():
    classified = SAMPLE / "sample.csv"
    done = textmine("report", classified, "-o", "/nonexistent/folder/r.html")
    assert done.returncode == 2 and one_sentence(done.stderr) and "Exception ignored" not in done.stderr


def test_report_xlsx_into_a_missing_folder_is_one_sentence(tmp_path):
    pd.DataFrame({"反映内容": ["村会计挪用修路款"], "labels": ["corruption"]}).to_csv(tmp_path / "c.csv", index=False)
    done = textmine("report", tmp_path / "c.csv", "-o", tmp_path / "r.html", "--xlsx", tmp_path / "no" / "p.xlsx")
    assert done.returncode == 2 and one_sentence(done.stderr) and "Exception ignored" not in done.stderr
    assert "output folder" in done.stderr and not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("size", ["0", "-5"])
def test_chunk_size_below_one_is_one_sentence(tmp_path, capsys, size):
    code, err = run(capsys, "classify", SAMPLE / "sample.csv", "-o", tmp_path / "out.csv", "--chunk-size", size)
    assert code == 2 and one_sentence(err) and "--chunk-size must be at least 1" in err
    assert list(tmp_path.iterdir()) == []


def test_an_xlsx_output_equal_to_its_input_is_refused(tmp_path, capsys):
    book = Workbook()
    book.active.append(["编号", "反映内容"])
    book.active.append(["A1", "村会计挪用修路款"])
    book.create_sheet("附表").append(["其他内容"])
    book.save(tmp_path / "登记.xlsx")
    before = (tmp_path / "登记.xlsx").read_bytes()
    for command in ("classify", "cluster"):
        code, err = run(capsys, command, tmp_path / "登记.xlsx", "-o", tmp_path / "登记.xlsx")
        assert code == 2 and one_sentence(err) and "is the input file" in err
    code, err = run(capsys, "suggest", "--input", tmp_path / "登记.xlsx", "-o", tmp_path / "登记.xlsx")
    assert code == 2 and "is the input file" in err
    assert (tmp_path / "登记.xlsx").read_bytes() == before


def test_a_field_longer_than_the_csv_limit_in_classify_cluster_and_stdin(tmp_path, capsys):
    long_text = "村会计挪用修路款" * 20_000  # 160,000 characters in one field
    data = f"编号,反映内容\nA1,{long_text}\nA2,镇干部公车私用\n"
    (tmp_path / "in.csv").write_text(data, encoding="utf-8")
    code, err = run(capsys, "classify", tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--quiet")
    assert code == 0, err
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert out["编号"].tolist() == ["A1", "A2"] and out["error"][0].startswith("text of 160000 characters")
    code, err = run(capsys, "cluster", tmp_path / "in.csv", "-o", tmp_path / "c.csv")
    assert code == 0 and "records: 2" in err
    done = textmine("classify", "-", "-o", tmp_path / "s.csv", "--quiet", stdin=data.encode("utf-8"))
    assert done.returncode == 0, done.stderr


def test_the_transformer_install_hint_names_the_extra(monkeypatch):
    from textmine.classify.base import backend_named
    from textmine.errors import MissingDependencyError

    monkeypatch.setattr("importlib.util.find_spec", lambda name, *args: None)
    with pytest.raises(MissingDependencyError, match=r'pip install "textmine\[transformers\]"'):
        backend_named("transformer").load_class()


def test_header_row_is_an_input_option_of_every_command_that_reads_a_table(tmp_path, capsys):
    rows = [
        f"A{k},{text},corruption"
        for k, text in enumerate(["村会计挪用修路款", "村会计把修路款挪去放贷", "村会计挪用修路的钱"])
    ]
    (tmp_path / "in.csv").write_text(
        "2024年登记表,,\n编号,反映内容,labels\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    code, err = run(capsys, "classify", tmp_path / "in.csv", "-o", tmp_path / "c.csv", "--header-row", "2", "--quiet")
    assert code == 0, err
    assert pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")["编号"].tolist() == ["A0", "A1", "A2"]
    code, err = run(capsys, "cluster", tmp_path / "in.csv", "-o", tmp_path / "k.csv", "--header-row", "2")
    assert code == 0 and "records: 3" in err
    code, err = run(capsys, "report", tmp_path / "in.csv", "-o", tmp_path / "r.html", "--header-row", "2")
    assert code == 0 and err.startswith("3 records, 3 raising a problem")
    code, err = run(capsys, "suggest", "--input", tmp_path / "in.csv", "--n", "2", "-o", tmp_path / "s.csv",
                    "--header-row", "2")  # fmt: skip
    assert code == 0 and len(pd.read_csv(tmp_path / "s.csv", encoding="utf-8-sig")) == 2
    code, err = run(capsys, "classify", tmp_path / "in.csv", "-o", tmp_path / "x.csv", "--header-row", "0")
    assert code == 2 and one_sentence(err) and "counts rows from 1" in err


def test_a_workbook_named_csv_is_one_sentence_that_says_what_it_is(tmp_path, capsys):
    shutil.copy(SAMPLE / "sample.xlsx", tmp_path / "x.csv")
    code, err = run(capsys, "classify", tmp_path / "x.csv", "-o", tmp_path / "o.csv")
    assert code == 2 and one_sentence(err) and "PK" not in err
    assert "x.csv' looks like an Excel workbook (.xlsx), not a CSV file; rename it to end in .xlsx" in err
    done = textmine("classify", "-", "-o", tmp_path / "o.csv", stdin=(SAMPLE / "sample.xlsx").read_bytes())
    assert done.returncode == 2 and one_sentence(done.stderr) and "PK" not in done.stderr
    assert done.stderr.startswith("error: standard input looks like an Excel workbook (.xlsx), not CSV")


def test_utf16_without_a_byte_order_mark_is_classified(tmp_path):
    (tmp_path / "u16.csv").write_bytes("id,text\n1,村会计挪用修路款\n".encode("utf-16-le"))
    done = textmine("classify", tmp_path / "u16.csv", "-o", tmp_path / "o.csv", "--quiet")
    assert done.returncode == 0, done.stderr
    assert pd.read_csv(tmp_path / "o.csv", encoding="utf-8-sig")["labels"].tolist() == ["corruption"]


def test_classify_notes_the_text_column_and_the_sheet_it_read(tmp_path):
    book = Workbook()
    book.active.title = "说明"
    data = book.create_sheet("登记")
    data.append(["编号", "内容", "反映内容"])
    data.append(["A1", "挪用", "村会计挪用修路款三万元，至今没有归还"])
    book.save(tmp_path / "in.xlsx")
    done = textmine("classify", tmp_path / "in.xlsx", "-o", tmp_path / "o.csv", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "INFO: read sheet '登记': '说明' is empty (choose another with --sheet)",
        "INFO: text read from column 内容; 反映内容 also looks like text (choose with --text-column)",
    ]
    code = main(["classify", str(tmp_path / "in.xlsx"), "-o", str(tmp_path / "o2.csv"), "--sheet", "说明"])
    assert code == 2


def test_a_text_cut_for_an_xlsx_output_is_flagged_in_its_row(tmp_path):
    long_text = ("村会计挪用修路款，" * 22_700)[:204_000]
    pd.DataFrame({"编号": ["A1", "A2"], "反映内容": [long_text, "镇干部公车私用"]}).to_csv(
        tmp_path / "in.csv", index=False
    )
    assert main(["classify", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.xlsx"), "--quiet"]) == 0
    sheet = load_workbook(tmp_path / "out.xlsx").active
    header, first, second = list(sheet.values)
    row = dict(zip(header, first))
    assert row["反映内容"].endswith("…[cut from 204,000 characters]") and len(row["反映内容"]) <= 32_767
    assert row["error"].endswith("反映内容 cut to fit an Excel cell (32,767 characters); a .csv, .jsonl or .parquet "
                                 "output keeps it whole")  # fmt: skip
    assert "classified on the first" in row["error"] and dict(zip(header, second))["error"] is None


def test_a_model_folder_that_does_not_exist_is_named_so(tmp_path, capsys):
    code, err = run(capsys, "classify", SAMPLE / "sample.csv", "-o", tmp_path / "o.csv", "--model", tmp_path / "nope")
    assert code == 2 and one_sentence(err)
    assert f"--model '{tmp_path / 'nope'}': that folder does not exist" in err and "model.json" not in err


def test_suggest_never_replaces_a_file_to_label_and_says_when_there_is_nothing(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("编号,来信内容\n", encoding="utf-8")
    code, err = run(capsys, "suggest", "--input", tmp_path / "in.csv", "-o", tmp_path / "s.csv")
    assert code == 2 and "holds no records" in err and "Traceback" not in err
    (tmp_path / "s.csv").write_text("labels\n已改正\n", encoding="utf-8")
    pd.DataFrame({"内容": ["村会计挪用修路款三万元", "镇长公车私用"]}).to_csv(tmp_path / "in.csv", index=False)
    code, err = run(capsys, "suggest", "--input", tmp_path / "in.csv", "-o", tmp_path / "s.csv")
    assert code == 2 and "--overwrite" in err
    assert (tmp_path / "s.csv").read_text(encoding="utf-8") == "labels\n已改正\n"
