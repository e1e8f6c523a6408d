"""``textmine classify --extract``: units, places, amounts and dates beside the labels."""

import json
import subprocess
import sys

import pandas as pd

from tests.paths import ROOT

TEXTS = [
    "举报桦岭县住房和城乡建设局副局长王某某2023年3月5日收受开发商红包3万元。",
    "石碾镇柳河村党支部书记把低保名额给了亲戚。",
    "这条路什么时候修？",
]


def classify(tmp_path, suffix, *extra):
    source = tmp_path / "in.csv"
    pd.DataFrame({"编号": ["a", "b", "c"], "内容": TEXTS}).to_csv(source, index=False, encoding="utf-8-sig")
    out = tmp_path / f"out{suffix}"
    done = subprocess.run(
        [sys.executable, "-m", "textmine.cli", "classify", source, "-o", out, "--quiet", *extra],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_extract_adds_units_places_amounts_and_dates(tmp_path):
    out = pd.read_csv(classify(tmp_path, ".csv", "--extract"), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(out.columns[-4:]) == ["units", "places", "amount_yuan", "dates"]
    assert out["units"][0].split(";")[0] == "桦岭县住房和城乡建设局副局长"
    assert float(out["amount_yuan"][0]) == 30000 and out["dates"][0] == "2023-03-05"
    assert "柳河村" in out["places"][1] and out["units"][1].split(";")[0].endswith("党支部书记")
    assert out["units"][2] == "" and out["amount_yuan"][2] == ""


def test_extract_writes_lists_in_jsonl_and_nothing_without_the_flag(tmp_path):
    rows = [
        json.loads(line) for line in classify(tmp_path, ".jsonl", "--extract").read_text(encoding="utf-8").splitlines()
    ]
    assert isinstance(rows[0]["units"], list) and rows[0]["dates"] == ["2023-03-05"]
    plain = pd.read_csv(classify(tmp_path, ".csv"), encoding="utf-8-sig", dtype=str)
    assert "units" not in plain.columns
