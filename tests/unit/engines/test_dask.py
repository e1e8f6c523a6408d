"""The Dask engine against the local runner, on a LocalCluster of two worker processes."""

import contextlib
import json
import os
import random
import re
import socket
from pathlib import Path

import pandas as pd
import pytest

from tests.paths import CORPORA
from textmine.engines.batch import classify_dataframe, classify_file
from textmine.errors import TextmineError
from textmine.io.outputs import output_lock

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


@pytest.mark.parametrize("name", ["out.csv", "out"])
def test_a_second_run_writing_the_same_output_is_refused(tmp_path, client, model_dir, name):
    records(30).to_csv(tmp_path / "in.csv", index=False)
    with output_lock(tmp_path / name), pytest.raises(TextmineError, match="being written by another textmine run"):
        engine.classify_files(tmp_path / "in.csv", tmp_path / name, client, model=model_dir, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


class SeesFolder:
    """Reads a third of a frame, and notes what lies in ``folder`` meanwhile (in ``seen-<part>.json``)."""

    def __init__(self, folder: str, notes: str, fail: bool = False) -> None:
        self.folder, self.notes, self.fail = folder, notes, fail

    def __call__(self, part: int, frame: pd.DataFrame) -> pd.DataFrame:
        names = sorted(os.listdir(self.folder))
        (Path(self.notes) / f"seen-{part}.json").write_text(json.dumps(names), encoding="utf-8")
        if self.fail:
            raise OSError("the file server went away")
        size = len(frame) // 3
        return frame.iloc[part * size : (part + 1) * size].astype(object)


def test_a_folder_is_written_locked_in_a_temporary_folder_named_for_this_run(tmp_path, client, model_dir):
    results = tmp_path / "results"
    results.mkdir()
    frame = records(90)
    reads = SeesFolder(str(results), str(tmp_path))
    ddf = dd.from_map(reads, [0, 1, 2], frame=frame, meta=frame.iloc[:0].astype(object), enforce_metadata=False)
    engine.write_output(engine.classify(ddf, model=model_dir), results / "out", client, progress=False)
    seen = json.loads((tmp_path / "seen-0.json").read_text(encoding="utf-8"))
    assert ".out.lock" in seen
    assert [name for name in seen if re.fullmatch(rf"\.out\.{os.getpid()}-\w+\.part", name)]
    assert sorted(p.name for p in results.iterdir()) == ["out"] and len(list((results / "out").iterdir())) == 3


def test_a_failed_folder_run_leaves_nothing_beside_its_output(tmp_path, client, model_dir):
    results = tmp_path / "results"
    results.mkdir()
    frame = records(90)
    reads = SeesFolder(str(results), str(tmp_path), fail=True)
    ddf = dd.from_map(reads, [0, 1, 2], frame=frame, meta=frame.iloc[:0].astype(object), enforce_metadata=False)
    with pytest.raises(OSError, match="file server"):
        engine.write_output(engine.classify(ddf, model=model_dir), results / "out", client, progress=False, retries=0)
    assert list(results.iterdir()) == []


def test_an_output_that_is_an_input_or_lies_in_an_input_folder_is_refused(tmp_path, client, model_dir):
    records(30).to_parquet(tmp_path / "self.parquet")
    (tmp_path / "in").mkdir()
    records(30).to_csv(tmp_path / "in" / "a.csv", index=False)
    before = {p: p.read_bytes() for p in (tmp_path / "self.parquet", tmp_path / "in" / "a.csv")}
    for source, output, refusal in [
        (tmp_path / "self.parquet", tmp_path / "self.parquet", "is the input file"),
        (tmp_path / "in" / "*.csv", tmp_path / "in" / "a.csv", "is the input file"),
        (tmp_path / "in", tmp_path / "in" / "out.parquet", "lies in the input folder"),
        (tmp_path / "in", tmp_path / "in" / "out", "lies in the input folder"),
    ]:
        with pytest.raises(TextmineError, match=refusal):
            engine.classify_files(source, output, client, model=model_dir, progress=False)
    assert {p: p.read_bytes() for p in before} == before and sorted(p.name for p in (tmp_path / "in").iterdir()) == [
        "a.csv"
    ]


def test_empty_files_and_partitions_have_the_columns_of_the_others(tmp_path, client, model_dir):
    model = partition.load_once(model_dir)
    frame = records(40)
    (tmp_path / "in").mkdir()
    frame.iloc[:0].to_csv(tmp_path / "in" / "a.csv", index=False)
    frame.to_csv(tmp_path / "in" / "b.csv", index=False)
    engine.classify_files(tmp_path / "in" / "*.csv", tmp_path / "out", client, model=model_dir, progress=False)
    parts = [pd.read_parquet(p) for p in sorted((tmp_path / "out").iterdir())]
    assert [len(p) for p in parts] == [0, 40] and parts[0].dtypes.to_dict() == parts[1].dtypes.to_dict()
    classify_file(tmp_path / "in" / "b.csv", tmp_path / "local.parquet", model=model, progress=False)
    engine.classify_files(
        tmp_path / "in" / "b.csv", tmp_path / "dask.parquet", client, model=model_dir, partitions=60, progress=False
    )
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "dask.parquet"), pd.read_parquet(tmp_path / "local.parquet")
    )
    for suffix in (".csv", ".parquet"):  # no records at all: the header the local runner writes
        classify_file(tmp_path / "in" / "a.csv", tmp_path / f"local0{suffix}", model=model, progress=False)
        engine.classify_files(
            tmp_path / "in" / "a.csv", tmp_path / f"dask0{suffix}", client, model=model_dir, progress=False
        )
        assert (tmp_path / f"dask0{suffix}").read_bytes() == (tmp_path / f"local0{suffix}").read_bytes()


@pytest.mark.parametrize(("suffix", "extract"), [(".jsonl", False), (".jsonl", True), (".csv", True)])
def test_the_output_format_and_extraction_are_those_of_the_local_runner(tmp_path, client, model_dir, suffix, extract):
    source = tmp_path / "in.csv"
    frame = records(400, seed=2)
    frame["反映内容"] = frame["反映内容"].str.slice(0, 600)  # extraction slows down on very long texts
    frame.to_csv(source, index=False)
    model = partition.load_once(model_dir)
    classify_file(source, tmp_path / f"local{suffix}", model=model, extract=extract, progress=False)
    summary = engine.classify_files(
        source, tmp_path / f"dask{suffix}", client, model=model_dir, partitions=3, progress=False,
        **({"extract": True} if extract else {}),
    )  # fmt: skip
    assert (tmp_path / f"dask{suffix}").read_bytes() == (tmp_path / f"local{suffix}").read_bytes()
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in (tmp_path / "dask.jsonl").read_text(encoding="utf-8").splitlines()]
        assert isinstance(rows[0]["labels"], list) and isinstance(rows[0]["scores"], dict)
        assert summary.flagged == sum(row["error"] is not None for row in rows) >= len(AWKWARD) - 1  # one cut short


def test_sheet_header_row_bom_and_chunk_size_are_those_of_the_local_runner(tmp_path, client, model_dir):
    model = partition.load_once(model_dir)
    frame = records(60).replace("\x00", "", regex=True)  # a worksheet holds no NUL
    (tmp_path / "titled.csv").write_text("2024年信访登记表,,\n" + frame.to_csv(index=False), encoding="utf-8")
    with pd.ExcelWriter(tmp_path / "two.xlsx") as workbook:
        frame.iloc[:10].to_excel(workbook, sheet_name="一月", index=False)
        frame.iloc[10:].to_excel(workbook, sheet_name="二月", index=False)
    for source, options in [
        ("titled.csv", {"header_row": 2, "bom": False, "chunk_size": 7}),
        ("two.xlsx", {"sheet": "二月"}),
    ]:
        classify_file(tmp_path / source, tmp_path / f"local-{source}.csv", model=model, progress=False, **options)
        engine.classify_files(
            tmp_path / source, tmp_path / f"dask-{source}.csv", client, model=model_dir, progress=False, **options
        )
        written = (tmp_path / f"dask-{source}.csv").read_bytes()
        assert written == (tmp_path / f"local-{source}.csv").read_bytes()
    assert not (tmp_path / "dask-titled.csv.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(pd.read_csv(tmp_path / "dask-two.xlsx.csv", encoding="utf-8-sig")) == 50


def test_the_python_function_writes_parquet_with_empty_partitions(tmp_path, model_dir):
    frame = records(60)
    ddf = dd.from_pandas(frame, npartitions=3)
    ddf = ddf[ddf["编号"] < "R00010"]  # two partitions left empty
    out = engine.classify(ddf, text_column="反映内容", model=model_dir)
    out.to_parquet(tmp_path / "results", write_index=False, compute_kwargs={"scheduler": "sync"})
    written = pd.read_parquet(tmp_path / "results")
    assert written["编号"].tolist() == frame["编号"].tolist()[:10]
    first = out.partitions[0].compute(scheduler="sync")
    assert first.dtypes.to_dict() == out._meta.dtypes.to_dict()


@pytest.mark.parametrize("quiet", [False, True])
def test_a_local_cluster_says_nothing_of_ports_another_cluster_holds(recwarn, quiet):
    with socket.socket() as busy:
        with contextlib.suppress(OSError):
            busy.bind(("127.0.0.1", 8787))  # the dashboard's usual port, held by another cluster
            busy.listen()
        with engine.cluster(workers=1, **({"quiet": True} if quiet else {})) as client:
            assert client.submit(len, [1, 2]).result() == 2
    assert not [w for w in recwarn if "already in use" in str(w.message)]
