import io
import json
import logging
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook

from textmine.errors import MissingColumnError, TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table

ROWS = [
    {"编号": "A1", "反映内容": "村会计挪用修路款三万元"},
    {"编号": "A2", "反映内容": "镇里天天开会，\n文件一个接一个"},
]


def read_all(path, **kwargs) -> pd.DataFrame:
    reader = open_table(path, **kwargs)
    return pd.concat(list(reader.chunks(1)), ignore_index=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "in.csv"
    rows = [{"id": r["编号"], "text": r["反映内容"]} for r in ROWS]
    if encoding == "big5":
        rows = [{"id": "A1", "text": "村幹部挪用公款，還說這是領導同意的"}] * 3
    pd.DataFrame(rows).to_csv(path, index=False, encoding=encoding)
    frame = read_all(path)
    assert frame["text"].tolist() == [r["text"] for r in rows]
    assert frame[READ_ERROR].tolist() == [""] * len(rows)


def test_tab_and_semicolon_delimiters_are_sniffed(tmp_path):
    for sep in ("\t", ";"):
        path = tmp_path / "in.csv"
        pd.DataFrame(ROWS).to_csv(path, index=False, sep=sep)
        assert read_all(path)["编号"].tolist() == ["A1", "A2"]


def test_wrong_encoding_override_is_refused(tmp_path):
    path = tmp_path / "in.csv"
    pd.DataFrame(ROWS * 20).to_csv(path, index=False, encoding="gb18030")
    with pytest.raises(TextmineError, match="does not look like utf-8"):
        open_table(path, encoding="utf-8")


def test_row_with_too_many_fields_is_kept_and_flagged(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("编号,反映内容\nA1,挪用公款\nA2,开会,太多\n", encoding="utf-8")
    frame = read_all(path)
    assert frame["反映内容"].tolist() == ["挪用公款", "开会,太多"]
    assert frame[READ_ERROR].tolist()[1].startswith("row had 3 fields")


def test_excel_title_rows_above_header_and_merged_cells(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "登记"
    sheet["A1"] = "2024年信访件登记表"
    sheet.append([])
    sheet.append(["编号", "来源", "反映内容"])
    sheet.append(["1", "来信", "镇干部公车私用"])
    sheet.append(["2", None, "村支书优亲厚友"])
    sheet.merge_cells("B4:B5")
    book.create_sheet("其他")
    path = tmp_path / "in.xlsx"
    book.save(path)
    frame = read_all(path)
    assert list(frame.columns[:3]) == ["编号", "来源", "反映内容"]
    assert frame["来源"].tolist() == ["来信", "来信"]
    assert read_all(path, sheet="登记")["反映内容"].tolist()[1] == "村支书优亲厚友"
    with pytest.raises(TextmineError, match=r"no sheet '不存在'.*登记, 其他"):
        open_table(path, sheet="不存在")


def test_jsonl_bad_line_is_a_flagged_row(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 1, "text": "挪用"}\n{broken\n[1, 2]\n{"id": 4, "text": "吃喝"}\n', encoding="utf-8")
    frame = read_all(path)
    assert len(frame) == 4
    assert frame["text"].tolist()[3] == "吃喝"
    assert frame[READ_ERROR].tolist()[1:3] == ["line 2 is not valid JSON", "line 3 is not a JSON object"]


def test_json_array_parquet_and_folder(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    assert read_all(tmp_path / "a.json")["编号"].tolist() == ["A1", "A2"]
    pd.DataFrame(ROWS).to_parquet(tmp_path / "a.parquet")
    assert read_all(tmp_path / "a.parquet")["反映内容"].tolist()[0] == ROWS[0]["反映内容"]
    folder = tmp_path / "letters"
    folder.mkdir()
    (folder / "b.txt").write_text("村主任截留补贴", encoding="gb18030")
    import docx

    document = docx.Document()
    document.add_paragraph("支部三会一课不落实")
    document.save(folder / "a.docx")
    frame = read_all(folder)
    assert frame["id"].tolist() == ["a.docx", "b.txt"]
    assert frame["text"].tolist() == ["支部三会一课不落实", "村主任截留补贴"]


def test_plain_errors_for_missing_file_unknown_extension_and_xls(tmp_path):
    with pytest.raises(TextmineError, match="does not exist"):
        open_table(tmp_path / "nope.csv")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(TextmineError, match="unknown extension"):
        open_table(tmp_path / "a.pdf")
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf")
    with pytest.raises(TextmineError, match=r"save it as \.xlsx"):
        open_table(tmp_path / "a.xls")


def test_text_and_id_columns_found_by_usual_names():
    assert find_text_column(["序号", "留言详情"]) == "留言详情"
    assert find_id_column(["序号", "留言详情"]) == "序号"
    assert find_id_column(["内容"]) is None
    with pytest.raises(MissingColumnError, match="its columns are: 编号, 日期"):
        find_text_column(["编号", "日期"])


def workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["编号", "反映内容"])
    book.active.append(["A1", "村会计挪用修路款"])
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data,kind",
    [
        (workbook_bytes(), "looks like an Excel workbook (.xlsx), not a CSV file; rename it to end in .xlsx"),
        (docx_bytes(), "looks like a Word document (.docx), not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "looks like an old Excel or Word file (.xls or .doc)"),
        (bytes(range(256)) * 40, "is not text"),
    ],
    ids=["xlsx", "docx", "xls", "binary"],
)
def test_a_file_that_is_no_csv_is_named_for_what_it_looks_like(tmp_path, data, kind):
    (tmp_path / "x.csv").write_bytes(data)
    with pytest.raises(TextmineError) as refused:
        open_table(tmp_path / "x.csv")
    message = str(refused.value)
    assert kind in message and "\n" not in message and "PK" not in message and "\\x" not in message


def test_a_workbook_named_jsonl_is_named_for_what_it_looks_like(tmp_path):
    (tmp_path / "x.jsonl").write_bytes(workbook_bytes())
    with pytest.raises(TextmineError, match=r"looks like an Excel workbook \(\.xlsx\), not a JSON lines file"):
        open_table(tmp_path / "x.jsonl")


def test_a_stray_nul_in_a_csv_is_still_text(tmp_path):
    (tmp_path / "in.csv").write_bytes("编号,反映内容\nA1,挪用\x00公款\nA2,吃喝\n".encode())
    assert read_all(tmp_path / "in.csv")["反映内容"].tolist() == ["挪用\x00公款", "吃喝"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding):
    (tmp_path / "u16.csv").write_bytes("id,text\n1,村会计挪用修路款\n2,镇里天天开会\n".encode(encoding))
    frame = read_all(tmp_path / "u16.csv")
    assert frame["text"].tolist() == ["村会计挪用修路款", "镇里天天开会"]
    assert frame[READ_ERROR].tolist() == ["", ""]


def test_a_missing_column_lists_a_few_short_names_on_one_line():
    letter = "尊敬的组织部、纪委领导：\n我是本村村民，现将村会计挪用修路款三万元的情况反映如下。" * 5
    columns = ["S0002", "来信", letter, "PK\x03\x04\x14\x00docProps/app.xml", *[f"c{k}" for k in range(20)]]
    with pytest.raises(MissingColumnError) as refused:
        find_text_column(columns)
    listed = str(refused.value).split("its columns are: ")[1]
    assert "\n" not in listed and "\x03" not in listed and len(listed) < 200
    assert listed.startswith("S0002, 来信, 尊敬的组织部、纪委领导：\\n") and listed.endswith("… (16 more)")


def test_several_text_columns_the_one_read_is_noted_with_the_others(caplog):
    columns = ["编号", "反映内容", "内容", "备注"]
    with caplog.at_level(logging.INFO, logger="textmine.io.columns"):
        assert find_text_column(columns) == "内容"
    assert caplog.messages == ["text read from column 内容; 反映内容 also looks like text (choose with --text-column)"]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="textmine.io.columns"):
        assert find_text_column(["编号", "反映内容"]) == "反映内容"
        assert find_text_column(columns, "反映内容") == "反映内容"
    assert caplog.messages == []
