"""The Spark engine under local[2] against the local chunk function (starting the JVM takes a while: slow)."""

import sys

import pandas as pd
import pytest

from textmine.engines.batch import classify_dataframe
from textmine.engines.partition import load_once

pytestmark = [pytest.mark.optional, pytest.mark.slow]
pytest.importorskip("pyspark", reason="the spark extra is not installed")
engine = pytest.importorskip("textmine.engines.spark")
from pyspark.sql import SparkSession  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("textmine-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, small_model):
    folder = tmp_path_factory.mktemp("model") / "small"
    small_model.save(folder)
    return folder


def frame_of_records(corpus_train) -> pd.DataFrame:
    texts = [r["text"] for r in corpus_train[:400]]
    texts[3], texts[50], texts[77], texts[200] = "", "hello world only", "挪用\x00公款", None
    return pd.DataFrame({"编号": [f"S{i:04d}" for i in range(len(texts))], "labels": "人工", "反映内容": texts})


@pytest.mark.parametrize("ship_model,chunk_size", [(False, 2000), (True, 40)])
def test_spark_output_equals_the_local_chunk_function(spark, model_dir, corpus_train, ship_model, chunk_size):
    frame = frame_of_records(corpus_train)
    df = spark.createDataFrame(frame).repartition(3, "编号").sortWithinPartitions("编号")
    out = engine.classify(df, model=str(model_dir), ship_model=ship_model, chunk_size=chunk_size).toPandas()
    expected = classify_dataframe(df.toPandas(), model=load_once(model_dir))  # rows in the order Spark holds them
    pd.testing.assert_frame_equal(out, expected.reset_index(drop=True), check_dtype=False)
    assert out.columns[:3].tolist() == ["编号", "input_labels", "反映内容"]
    assert (out["error"] != "").sum() == 4 and len(out) == len(frame)
