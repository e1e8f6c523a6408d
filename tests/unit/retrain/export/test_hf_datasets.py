import pytest

datasets = pytest.importorskip("datasets", reason="the transformers extra is not installed")

from textmine.classify.results import Classification, LabelResult  # noqa: E402
from textmine.retrain.export.hf_datasets import records_dataset, save_dataset_dict, save_parquet  # noqa: E402
from textmine.retrain.records import LabelledRecords  # noqa: E402
from textmine.taxonomy import load_taxonomy  # noqa: E402

pytestmark = pytest.mark.optional

TAXONOMY = load_taxonomy()
RECORDS = LabelledRecords(
    ["村会计挪用修路款，党费不交", "邻居吵架"],
    [["corruption", "party_building"], []],
    [["corruption.embezzlement"], []],
    ["x.csv 1", "x.csv 2"],
    ["a", "b"],
)


def test_saved_dataset_dict_loads_back_with_label_names(tmp_path):
    save_dataset_dict({"train": records_dataset(RECORDS, TAXONOMY)}, tmp_path / "hf")
    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    train = loaded["train"]
    names = train.features["labels"].feature.names
    assert names == list(TAXONOMY.label_ids)
    assert [train.features["labels"].feature.int2str(v) for v in train[0]["labels"]] == ["corruption", "party_building"]
    assert train.features["subtypes"].feature.int2str(train[0]["subtypes"]) == ["corruption.embezzlement"]
    assert train["id"] == ["a", "b"] and train[1]["labels"] == []


def test_parquet_keeps_the_class_names(tmp_path):
    [path] = save_parquet({"dev": records_dataset(RECORDS, TAXONOMY)}, tmp_path)
    loaded = datasets.load_dataset("parquet", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.features["labels"].feature.names == list(TAXONOMY.label_ids)
    assert loaded[0]["labels"] == [TAXONOMY.label_ids.index("corruption"), TAXONOMY.label_ids.index("party_building")]


def test_classified_records_carry_the_model_results():
    scores = {label: 0.1 for label in TAXONOMY.label_ids} | {"corruption": 0.9}
    results = [
        Classification([LabelResult("corruption", "腐败问题", 0.9, evidence=["挪用"])], scores),
        Classification([], {label: 0.0 for label in TAXONOMY.label_ids}, error="empty text"),
    ]
    dataset = records_dataset(RECORDS, TAXONOMY, results)
    assert dataset[0]["labels"] == [TAXONOMY.label_ids.index("corruption")]
    assert dataset[0]["score_corruption"] == pytest.approx(0.9)
    assert dataset[0]["evidence"] == "corruption: 挪用" and dataset[1]["error"] == "empty text"
