"""Uploaded file names: only their kind counts, and it comes from a fixed list."""

import pytest

from tests.serve_app import SERVE_MISSING, SKIP_REASON

pytestmark = [pytest.mark.optional, pytest.mark.skipif(SERVE_MISSING, reason=SKIP_REASON)]


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("信访.xlsx", ".xlsx"), ("a.XLSM", ".xlsx"), ("x.y.csv", ".csv"), ("t.tsv", ".tsv"), ("r.jsonl", ".jsonl"),
     ("r.json", ".json"), ("p.parquet", ".parquet"), ("../../etc/passwd", None), ("a.exe", None), ("csv", None),
     ("a.csv/..", None), ("a.docx", None), ("", None)],
)  # fmt: skip
def test_suffix_for_takes_only_known_kinds(name, suffix):
    from textmine.serve.uploads import UPLOAD_SUFFIXES, suffix_for

    assert suffix_for(name) == suffix
    assert suffix is None or suffix in UPLOAD_SUFFIXES.values()
