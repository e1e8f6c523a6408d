"""A tracking job in one call: the register read first, unlabelled records classified first, progress in
order, the three files written."""

import pandas as pd
import pytest
from openpyxl import load_workbook

from textmine.engines.job import run_job
from textmine.engines.tracking import TRACK_OUTPUT_NAMES, TrackOptions, run_track_job
from textmine.errors import TextmineError

LETTERS = [
    "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处。",
    "反映柳塘村会计王某挪用修路集资款三万多元，至今未归还。",
    "柳塘村村民来电：会计把修路集资的钱挪用了，村里路一直没修。",
    "石门乡每天要求在工作群打卡拍照上传。",
]


@pytest.fixture(scope="module")
def register(tmp_path_factory, default_model):
    folder = tmp_path_factory.mktemp("period1")
    pd.DataFrame({"编号": ["A1", "A2", "A3", "A4"], "内容": LETTERS}).to_csv(folder / "p1.csv", index=False)
    result = run_job(folder / "p1.csv", folder / "out", default_model)
    book = load_workbook(result.files["problems"])
    sheet = book["问题清单"]
    column = {cell.value: cell.column for cell in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column["整改状态"], value="已整改")
    book.save(folder / "清单.xlsx")
    return folder / "清单.xlsx"


def test_unlabelled_records_are_classified_first_and_a_rectified_problem_rebounds(register, default_model, tmp_path):
    pd.DataFrame({"编号": ["B1", "B2"], "内容": [LETTERS[1], LETTERS[0]]}).to_csv(tmp_path / "p2.csv", index=False)
    seen = []
    result = run_track_job(tmp_path / "p2.csv", register, tmp_path / "out", default_model, progress=seen.append)
    assert {kind: path.name for kind, path in result.files.items()} == TRACK_OUTPUT_NAMES
    assert all(path.is_file() for path in result.files.values())
    assert result.summary["classified_first"] == 2 and result.summary["conclusions"]["整改后反弹"] == 1
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and seen[0].stage == "classify"


def test_labelled_records_are_used_as_they_are(register, default_model, tmp_path):
    labelled = pd.DataFrame({"编号": ["C1"], "内容": [LETTERS[3]], "labels": ["formalism"]})
    labelled.to_csv(tmp_path / "p2.csv", index=False)
    result = run_track_job(tmp_path / "p2.csv", register, tmp_path / "out", default_model)
    assert result.summary["classified_first"] == 0 and result.summary["records"] == 1


def test_a_damaged_register_fails_before_any_work_under_the_users_name(tmp_path, default_model):
    (tmp_path / "register.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    (tmp_path / "p2.csv").write_text("内容\n村会计挪用修路款\n", encoding="utf-8")
    options = TrackOptions(register_name="五月清单.xlsx")
    with pytest.raises(TextmineError, match=r"the register '五月清单\.xlsx' could not be opened"):
        run_track_job(tmp_path / "p2.csv", tmp_path / "register.xlsx", tmp_path / "out", default_model, options)
    assert not (tmp_path / "out").exists()
