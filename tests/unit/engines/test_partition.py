import pandas as pd
import pytest

from textmine.engines.batch import ChunkTask, classify_dataframe, output_names
from textmine.engines.partition import PartitionTask, load_once, loads_so_far, model_folder
from textmine.errors import TextmineError


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, small_model):
    folder = tmp_path_factory.mktemp("model") / "small"
    small_model.save(folder)
    return folder


def test_the_model_is_read_once_per_process_and_folder(model_dir):
    before = loads_so_far()
    first = load_once(model_dir)
    assert load_once(str(model_dir)) is first and load_once(model_dir / ".." / "small") is first
    assert loads_so_far() - before <= 1


def test_a_partition_equals_the_local_chunk_function(model_dir):
    frame = pd.DataFrame(
        {"编号": ["A", "B", "C"], "内容": ["村会计挪用修路款三万元", "", "镇里天天开会发文件"]}, index=[7, 8, 9]
    )
    task = PartitionTask.for_columns(list(frame.columns), None, model_dir)
    out = task(frame.copy())
    expected = classify_dataframe(frame, model=load_once(model_dir))
    pd.testing.assert_frame_equal(out, expected)
    assert out["error"].tolist()[1] == "empty text"


def test_numbered_partitions_continue_the_row_numbers(model_dir):
    task = PartitionTask.for_columns(["内容"], None, model_dir, numbered=True, first_rows=[1, 4])
    out = task(pd.DataFrame({"内容": ["公车私用", "超标准接待"]}, index=[0, 1]), partition_info={"number": 1})
    assert out["id"].tolist() == [4, 5] and list(out.index) == [0, 1]


def test_a_record_that_breaks_the_model_is_flagged_and_the_others_classified(model_dir, monkeypatch):
    model = load_once(model_dir)
    classify = model.classify

    def fragile(texts):
        if any("坏" in text for text in texts):
            raise ValueError("cannot read 坏")
        return classify(texts)

    monkeypatch.setattr(model, "classify", fragile)
    frame = pd.DataFrame({"内容": ["村会计挪用修路款", "坏记录", "超标准公务接待"]})
    out = PartitionTask.for_columns(["内容"], None, model_dir)(frame)
    assert out["内容"].tolist() == frame["内容"].tolist()
    assert out["error"].tolist() == ["", "could not be classified: cannot read 坏", ""]
    assert out["labels"].tolist()[1] == "" and out["labels"].tolist()[0] != ""


def test_meta_names_the_output_columns_and_types(model_dir):
    frame = pd.DataFrame({"labels": ["人工"], "内容": ["村会计挪用修路款"]}, dtype=object)
    task = PartitionTask.for_columns(list(frame.columns), None, model_dir, numbered=True, first_rows=[1])
    meta = task.meta(frame.iloc[:0])
    out = task(frame, partition_info={"number": 0})
    assert list(meta.columns) == list(out.columns)
    assert meta.columns[:3].tolist() == ["id", "input_labels", "内容"]
    assert str(meta["score_corruption"].dtype) == "float64"


def test_a_loaded_model_is_refused_with_a_plain_sentence(small_model):
    with pytest.raises(TextmineError, match="folder"):
        model_folder(small_model)


def test_a_partition_is_classified_in_chunks_with_the_same_result(model_dir):
    frame = pd.DataFrame({"内容": ["村会计挪用修路款", "", "超标准公务接待", "镇里天天开会"] * 3})
    whole = PartitionTask.for_columns(["内容"], None, model_dir)(frame)
    chunked = PartitionTask.for_columns(["内容"], None, model_dir, chunk_size=5)(frame)
    pd.testing.assert_frame_equal(chunked, whole)


@pytest.mark.parametrize(
    "options", [{}, {"as_lists": True}, {"extract": True}, {"numbered": True, "first_rows": [1]}, {"redact": True}]
)
def test_every_partition_has_the_columns_and_dtypes_of_meta(model_dir, options):
    frame = pd.DataFrame({"编号": ["A", "B"], "内容": ["村会计挪用修路款三万元", "hello"]}, dtype=object)
    task = PartitionTask.for_columns(list(frame.columns), None, model_dir, **options)
    meta = task.meta(frame.iloc[:0])
    for part in (frame.iloc[:0], frame, frame.iloc[[1]]):
        out = task(part.copy(), partition_info={"number": 0})
        assert out.dtypes.to_dict() == meta.dtypes.to_dict() and len(out) == len(part)


def test_lists_and_extraction_are_those_of_the_local_chunk_function(model_dir):
    frame = pd.DataFrame({"内容": ["2023年5月村会计挪用修路款3.5万元", ""]}, dtype=object)
    out = PartitionTask.for_columns(["内容"], None, model_dir, as_lists=True, extract=True)(frame.copy())
    task = ChunkTask("内容", None, as_lists=True, extract=True)
    task.renames, _ = output_names(["内容"], load_once(model_dir), as_lists=True, extract=True)
    expected = task(load_once(model_dir), (1, frame.copy())).rows.drop(columns="id")
    assert out.columns.tolist() == expected.columns.tolist()
    for column in out.columns:
        assert out[column].tolist() == expected[column].tolist() or column in ("error", "amount_yuan")
    assert isinstance(out["scores"][0], dict) and out["labels"][0] == ["corruption"] and out["dates"][0] == ["2023-05"]
    assert out["error"].isna().tolist() == [True, False] and out["amount_yuan"][0] == 35000.0
