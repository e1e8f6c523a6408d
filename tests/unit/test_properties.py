"""Arbitrary text and bytes never crash a batch, and every record comes out."""

import csv
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmine.engines.batch import classify_file
from textmine.io import open_table

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(st.text(max_size=200), min_size=1, max_size=8))
def test_any_strings_are_classified_one_row_each(tmp_path_factory, default_model, texts):
    folder = tmp_path_factory.mktemp("strings")
    with open(folder / "in.jsonl", "w", encoding="utf-8") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": i, "text": text}) + "\n")
    summary = classify_file(folder / "in.jsonl", folder / "out.jsonl", model=default_model, progress=False)
    rows = [json.loads(line) for line in (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary.records_in == summary.records_out == len(texts)
    assert [r["id"] for r in rows] == list(range(len(texts)))


@SETTINGS
@given(st.lists(st.binary(max_size=120), min_size=1, max_size=6))
def test_any_bytes_in_a_csv_come_out_as_rows(tmp_path_factory, default_model, blobs):
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "in.csv"
    with open(path, "wb") as out:
        out.write(b"id,text\r\n")
        for i, blob in enumerate(blobs):
            cleaned = blob.replace(b'"', b"").replace(b"\r", b"").replace(b"\n", b"")
            out.write(f"{i},".encode() + b'"' + cleaned + b'"\r\n')
    summary = classify_file(path, folder / "out.csv", model=default_model, progress=False)
    assert summary.records_in == summary.records_out == len(blobs)
    with open(folder / "out.csv", encoding="utf-8-sig", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    assert ids == [str(i) for i in range(len(blobs))]


@SETTINGS
@given(st.binary(max_size=400))
def test_readers_never_raise_anything_but_plain_errors(tmp_path_factory, blob):
    from textmine.errors import TextmineError

    folder = tmp_path_factory.mktemp("raw")
    for suffix in (".csv", ".jsonl"):
        path = folder / f"in{suffix}"
        path.write_bytes(blob)
        try:
            reader = open_table(path)
            for _ in reader.chunks(10):
                pass
        except TextmineError:
            pass
