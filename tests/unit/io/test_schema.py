"""Every writer's output matches the published output schema."""

import json
from pathlib import Path

import pandas as pd
import pytest

jsonschema = pytest.importorskip("jsonschema")

from tests.paths import ROOT  # noqa: E402
from textmine.engines.batch import classify_file  # noqa: E402

SCHEMA = json.loads((ROOT / "schema" / "classified.schema.json").read_text(encoding="utf-8"))


def rows_of(path: Path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".csv":
        frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    elif path.suffix == ".xlsx":
        frame = pd.read_excel(path)
    else:
        frame = pd.read_parquet(path)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict(orient="records")


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".parquet"])
def test_writer_output_matches_the_schema(tmp_path, suffix, default_model):
    texts = ["村会计挪用修路款三万元", "", "镇里天天要求在工作群打卡拍照", "hello"]
    pd.DataFrame({"内容": texts}).to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / f"out{suffix}"
    classify_file(tmp_path / "in.csv", out, model=default_model, progress=False)
    rows = rows_of(out)
    assert len(rows) == 4
    for row in rows:
        jsonschema.validate(row, SCHEMA)


def test_schema_rejects_a_row_without_results():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"内容": "x", "labels": "corruption"}, SCHEMA)
