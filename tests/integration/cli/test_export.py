import pytest

from tests.paths import CORPORA
from textmine.cli import main
from textmine.cli.export import split_name

pytestmark = pytest.mark.optional

SAMPLE = str(CORPORA / "samples" / "sample.csv")
DEV, TEST = str(CORPORA / "dev.jsonl"), str(CORPORA / "test.jsonl")


def test_split_names_come_from_file_names():
    assert split_name("corpora/train.jsonl") == "train"
    assert split_name("信访 登记-2024.xlsx") == "信访_登记_2024"


def test_corpus_exports_as_a_dataset_dict(tmp_path):
    datasets = pytest.importorskip("datasets", reason="the transformers extra is not installed")
    assert main(["export", DEV, TEST, "--format", "hf", "-o", str(tmp_path / "hf")]) == 0
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    dev_records = sum(1 for line in open(DEV, encoding="utf-8") if line.strip())
    assert set(loaded) == {"dev", "test"} and loaded["dev"].num_rows == dev_records
    assert loaded["dev"].features["labels"].feature.names[0] == "formalism"


def test_classified_records_export_as_parquet(tmp_path):
    pytest.importorskip("datasets", reason="the transformers extra is not installed")
    import pandas as pd

    assert main(["export", SAMPLE, "--classify", "--format", "parquet", "-o", str(tmp_path)]) == 0
    frame = pd.read_parquet(tmp_path / "sample.parquet")
    assert len(frame) == 200 and "score_corruption" in frame.columns and frame["id"][0] == "S0001"


def test_classified_records_export_as_docbins(tmp_path):
    spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")
    from spacy.tokens import DocBin

    assert main(["export", SAMPLE, "--classify", "--format", "spacy", "-o", str(tmp_path)]) == 0
    docs = list(DocBin().from_disk(tmp_path / "sample.spacy").get_docs(spacy.blank("zh").vocab))
    assert len(docs) == 200 and sum(bool(d._.textmine_labels) for d in docs) > 100


def test_unlabelled_file_without_classify_is_a_user_error(tmp_path, capsys):
    assert main(["export", SAMPLE, "--format", "hf", "-o", str(tmp_path)]) == 2
    assert "pass --classify" in capsys.readouterr().err


def test_same_split_twice_is_refused(tmp_path, capsys):
    assert main(["export", DEV, DEV, "--format", "hf", "-o", str(tmp_path)]) == 2
    assert "both be the split 'dev'" in capsys.readouterr().err


def test_classify_ignores_the_files_labels_says_what_had_no_text_and_never_mixes_exports(tmp_path, capsys):
    pytest.importorskip("datasets", reason="the transformers extra is not installed")
    import pandas as pd

    records = tmp_path / "in.csv"
    records.write_text("id,text,labels\nA1,村会计挪用修路款三万元,腐败问题\nA2,,腐败问题\nA3,局长大操大办,不正之风\n",
                       encoding="utf-8")  # fmt: skip
    out = tmp_path / "out"
    assert main(["export", str(records), "--classify", "--format", "parquet", "-o", str(out)]) == 0
    assert "1 without text left out (in.csv A2)" in capsys.readouterr().err
    assert pd.read_parquet(out / "in.parquet")["id"].tolist() == ["A1", "A3"]
    assert main(["export", str(records), "--classify", "--format", "parquet", "-o", str(out)]) == 2
    assert "already holds files" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out"]  # no hidden folder left
