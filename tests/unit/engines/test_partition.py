import pandas as pd
import pytest

from textmine.engines.batch import classify_dataframe
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
