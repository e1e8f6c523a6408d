"""``textmine report`` end to end on the classified and clustered sample: the page and the workbook agree."""

import re
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.paths import ROOT
from tests.redaction_cases import KEPT, MASKED, secrets
from textmine.errors import TextmineError
from textmine.report import build_report
from textmine.report.register import REGISTER_COLUMNS


def textmine(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "textmine.cli", *map(str, args)], capture_output=True, text=True, cwd=ROOT
    )


def card(page: str, caption: str) -> int:
    return int(re.search(rf"<b>(\d+)</b><span>{caption}", page).group(1))


@pytest.fixture(scope="module")
def made(sample_report):
    return (sample_report / "r.html").read_text(encoding="utf-8"), load_workbook(sample_report / "p.xlsx")


def test_page_is_self_contained_chinese_and_complete(made):
    page, _ = made
    assert "<title>样例报告</title>" in page
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "default-src 'none'" in page
    for section in ("overview", "labels", "months", "names", "clusters", "typical"):
        assert f'<section id="{section}">' in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert "问题群 1 · " in page


def test_workbook_sheets_headers_and_layout(made):
    _, book = made
    visible = [name for name in book.sheetnames if book[name].sheet_state == "visible"]
    assert visible[0] == "问题清单" and visible[-1] == "全部记录"
    assert {"腐败问题", "形式主义", "党建问题"} <= set(book.sheetnames)
    problems = book["问题清单"]
    assert [c.value for c in problems[1]] == list(REGISTER_COLUMNS)
    assert [c.value for c in problems["A"][1:4]] == ["Q0001", "Q0002", "Q0003"]
    for sheet in (book[name] for name in visible):
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(sheet.column_dimensions[c].width >= 8 for c in "AB")


def test_workbook_counts_equal_the_page(made):
    page, book = made
    rows = list(book["问题清单"].values)[1:]
    assert len(rows) == card(page, "问题数")
    assert len(list(book["全部记录"].values)) - 1 == card(page, "记录总数") == 200
    assert sum(row[REGISTER_COLUMNS.index("反映件数")] for row in rows) == card(page, "反映问题的记录")
    assert sum(row[REGISTER_COLUMNS.index("重复件数")] for row in rows) == card(page, "重复件")
    table = re.search(r'<table id="label-table">(.*?)</table>', page, re.S).group(1)
    for name, count in re.findall(r"<tr><td>(.+?)</td><td class=\"n\">(\d+)</td></tr>", table):
        assert (len(list(book[name].values)) - 1 if name in book.sheetnames else 0) == int(count)


def test_without_cluster_columns_every_record_is_its_own_problem(tmp_path, classified_sample):
    build_report(classified_sample, tmp_path / "r.html", xlsx=tmp_path / "p.xlsx")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<section id="clusters">' not in page
    assert card(page, "问题数") == card(page, "反映问题的记录")
    problems = pd.read_excel(tmp_path / "p.xlsx", sheet_name="问题清单")
    assert (problems["反映件数"] == 1).all()


def test_redact_hides_personal_details(tmp_path):
    frame = pd.DataFrame(
        {
            "编号": ["A1", "A2"],
            "反映内容": ["村会计挪用修路款3万元，举报人王小明，电话13812345678。", "乡里天天要求打卡拍照。"],
            "labels": ["corruption", "formalism"],
            "score_corruption": [0.95, 0.1],
            "score_formalism": [0.1, 0.9],
        }
    )
    source = tmp_path / "classified.csv"
    frame.to_csv(source, index=False, encoding="utf-8-sig")
    build_report(source, tmp_path / "plain.html")
    assert "13812345678" in (tmp_path / "plain.html").read_text(encoding="utf-8")
    build_report(source, tmp_path / "r.html", xlsx=tmp_path / "p.xlsx", redact=True)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "13812345678" not in page and "王小明" not in page and "【电话】" in page
    cells = [str(v) for sheet in load_workbook(tmp_path / "p.xlsx").worksheets for row in sheet.values for v in row]
    assert not any("13812345678" in c or "王小明" in c for c in cells)


def test_redact_masks_every_case_of_the_table_in_the_page_and_the_list(tmp_path):
    texts = [text for text, _ in MASKED] + KEPT
    frame = pd.DataFrame(
        {
            "编号": [f"R{k}" for k in range(len(texts))],
            "反映内容": texts,
            "labels": ["corruption"] * len(texts),
            "score_corruption": [round(0.99 - k / 1000, 3) for k in range(len(texts))],
        }
    )
    frame.to_csv(tmp_path / "classified.csv", index=False, encoding="utf-8-sig")
    build_report(tmp_path / "classified.csv", tmp_path / "r.html", xlsx=tmp_path / "p.xlsx", redact=True)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    workbook = load_workbook(tmp_path / "p.xlsx")
    cells = "\n".join(str(v) for sheet in workbook.worksheets for row in sheet.values for v in row if v is not None)
    hidden = [(text, piece) for text, masked in MASKED for piece in secrets(text, masked)]
    assert len(hidden) >= len(MASKED)
    assert [piece for _, piece in hidden if piece in page] == []
    assert [piece for _, piece in hidden if piece in cells] == []
    records = list(workbook["全部记录"].values)
    shown = {row[0]: row[records[0].index("内容")] for row in records[1:]}
    assert [shown[f"R{k}"] for k in range(len(texts))] == [masked for _, masked in MASKED] + KEPT
    assert "【电话】" in page


def test_build_report_of_input_that_is_not_classified_is_one_sentence(tmp_path):
    with pytest.raises(TextmineError, match="has no 'labels' column; make it with: textmine classify"):
        build_report(ROOT / "corpora" / "samples" / "sample.csv", tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()  # the command classifies such input first (tests/integration/cli)


def test_wrong_output_suffixes_are_refused(tmp_path, classified_sample):
    with pytest.raises(TextmineError, match=r"ending in \.html"):
        build_report(classified_sample, tmp_path / "r.pdf")
    with pytest.raises(TextmineError, match=r"ending in \.xlsx"):
        build_report(classified_sample, tmp_path / "r.html", xlsx=tmp_path / "p.csv")
    assert not list(tmp_path.iterdir())
