"""The Dask engine against the local runner, on a LocalCluster of two worker processes."""

import json
import random
from pathlib import Path

import pandas as pd
import pytest

from tests.paths import CORPORA
from textmine.engines.batch import classify_dataframe, classify_file

pytestmark = pytest.mark.optional
dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
engine = pytest.importorskip("textmine.engines.dask")
partition = pytest.importorskip("textmine.engines.partition")

AWKWARD = ["", None, "hello world only", "挪用\x00公款", "镇" * 20001, "   "]


def records(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` corpus texts drawn at random, with awkward records (flagged by the runner) among them."""
    texts = [json.loads(line)["text"] for line in (CORPORA / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    drawn = [rng.choice(texts) for _ in range(n)]
    for i, text in enumerate(AWKWARD):
        drawn[(i * 397) % n] = text
    return pd.DataFrame({"编号": [f"R{i:05d}" for i in range(n)], "反映内容": drawn, "来源": "信访"})


@pytest.fixture(scope="module")
def client():
    with engine.cluster(workers=2) as client:
        yield client


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, small_model):
    folder = tmp_path_factory.mktemp("model") / "small"
    small_model.save(folder)
    return folder


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_cluster_run_equals_the_local_runner(tmp_path, client, model_dir, suffix):
    source = tmp_path / "in.csv"
    records(3000).to_csv(source, index=False)
    local = classify_file(source, tmp_path / f"local{suffix}", model=partition.load_once(model_dir), progress=False)
    summary = engine.classify_files(
        source, tmp_path / f"dask{suffix}", client, model=model_dir, partitions=7, progress=False
    )
    if suffix == ".csv":
        assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    else:
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "dask.parquet"), pd.read_parquet(tmp_path / "local.parquet")
        )
    assert (summary.records_in, summary.records_out, summary.flagged) == (3000, 3000, local.flagged)
    assert local.flagged >= len(AWKWARD) and summary.label_counts == local.label_counts


def test_a_folder_of_files_gives_a_folder_of_parts_numbered_as_one_table(tmp_path, client, model_dir):
    frame = records(2400, seed=1).drop(columns=["编号"])  # no id column: rows are numbered across files
    (tmp_path / "in").mkdir()
    for i, start in enumerate(range(0, 2400, 800)):
        frame.iloc[start : start + 800].to_parquet(tmp_path / "in" / f"{i}.parquet", row_group_size=300)
    frame.to_parquet(tmp_path / "whole.parquet")
    classify_file(
        tmp_path / "whole.parquet", tmp_path / "local.parquet", model=partition.load_once(model_dir), progress=False
    )
    engine.classify_files(tmp_path / "in" / "*.parquet", tmp_path / "out", client, model=model_dir, progress=False)
    parts = sorted((tmp_path / "out").iterdir())
    assert len(parts) == 3 and parts[0].name == "part.00000.parquet"
    together = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(together, pd.read_parquet(tmp_path / "local.parquet"))
    assert together["id"].tolist() == list(range(1, 2401))
    assert not list(tmp_path.glob(".out.parts"))


def test_each_worker_reads_the_model_once(tmp_path, client, model_dir):
    records(1200).to_csv(tmp_path / "in.csv", index=False)
    for name in ("a.jsonl", "b.jsonl"):
        engine.classify_files(
            tmp_path / "in.csv", tmp_path / name, client, model=model_dir, partitions=6, progress=False
        )
    loads = client.run(partition.loads_so_far)
    assert len(loads) == 2 and all(count == 1 for count in loads.values())  # 12 partitions, one read per worker


def test_a_failed_partition_is_retried(tmp_path, client, model_dir):
    frame = records(600)
    meta = frame.iloc[:0].astype(object)
    flaky = dd.from_map(FailsOnce(str(tmp_path)), [0, 1, 2], frame=frame, meta=meta, enforce_metadata=False)
    out = engine.classify(flaky, model=model_dir)
    engine.write_output(out, tmp_path / "out.csv", client, progress=False, retries=1)
    result = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert result["编号"].tolist() == frame["编号"].tolist()
    assert len(list(tmp_path.glob("failed-*"))) == 3


class FailsOnce:
    """Reads a third of a frame; each part fails the first time it is read (a marker file remembers)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, part: int, frame: pd.DataFrame) -> pd.DataFrame:
        marker = Path(self.folder) / f"failed-{part}"
        if not marker.exists():
            marker.touch()
            raise OSError("the file server went away")
        size = len(frame) // 3
        return frame.iloc[part * size : (part + 1) * size].astype(object)


def test_the_python_function_keeps_index_and_partitions(model_dir):
    frame = records(300).set_index("编号")
    out = engine.classify(dd.from_pandas(frame, npartitions=3), model=model_dir).compute(scheduler="sync")
    expected = classify_dataframe(frame, model=partition.load_once(model_dir))
    pd.testing.assert_frame_equal(out, expected, check_dtype=False, check_index_type=False)
