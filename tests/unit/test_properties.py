"""Arbitrary text and bytes never crash a batch, and every record comes out."""

import csv
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textmine.engines.batch import classify_file
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, open_table
from textmine.io.encoding import detect_encoding

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


def physical_lines(text: str, newline: str | None) -> list[str]:
    """The lines a text file yields when opened with ``newline`` (None: universal, '': as the csv module wants)."""
    return list(io.StringIO(text, newline=newline))


@SETTINGS
@given(
    st.binary(max_size=400)
    | st.lists(st.sampled_from(['"', ",", "\n", "\r", "a", "村", "{}", '{"a":1}']), max_size=40).map(
        lambda parts: "".join(parts).encode()
    )
)
def test_readers_account_for_every_line_or_give_one_plain_sentence(tmp_path_factory, blob):
    folder = tmp_path_factory.mktemp("raw")
    for suffix in (".csv", ".jsonl"):
        path = folder / f"in{suffix}"
        path.write_bytes(blob)
        try:
            reader = open_table(path)
            frames = list(reader.chunks(10))
        except TextmineError as err:
            assert str(err) and "Traceback" not in str(err)
            continue
        rows = sum(len(frame) for frame in frames)
        assert all(isinstance(e, str) for frame in frames for e in frame[READ_ERROR])
        if suffix == ".jsonl":  # one row for every line that is not blank
            text = blob.decode("utf-8-sig", errors="replace")
            assert rows == sum(1 for line in physical_lines(text, None) if line.strip())
        else:  # every line read, as part of the header or of a record
            text = blob.decode(detect_encoding(blob), errors="replace")
            assert reader.lines_read == len(physical_lines(text, ""))
            assert rows <= reader.lines_read - 1


FIELD = st.text(alphabet="ab村， ", max_size=4)
QUOTED_FIELD = st.one_of(
    FIELD,  # plain
    FIELD.map(lambda f: f'"{f}"'),  # quoted and closed
    FIELD.filter(bool).map(lambda f: f'"{f}'),  # a quote that is never closed
    FIELD.map(lambda f: f'"{f},{f}"'),  # a delimiter inside quotes
)


@SETTINGS
@given(st.lists(st.tuples(QUOTED_FIELD, QUOTED_FIELD), min_size=1, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_single_line_records_give_one_row_each_whatever_their_quotes(tmp_path_factory, records, newline):
    path = tmp_path_factory.mktemp("quotes") / "in.csv"
    path.write_text("id,text" + newline + "".join(f"{a},{b}{newline}" for a, b in records), encoding="utf-8")
    reader = open_table(path)
    frames = list(reader.chunks(5))
    assert sum(len(frame) for frame in frames) == len(records)
    assert reader.lines_read == len(records) + 1
