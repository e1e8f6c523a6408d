"""Awkward inputs for the battery (test_battery.py): each case writes one input into a folder and says how many
records must come out, or None when one plain sentence must refuse it."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pandas as pd
from openpyxl import Workbook

TEXTS = ["村会计把三万元修路款挪去放贷，至今没有归还", "镇里天天开会，文件一个接一个", "村支书把低保名额给了亲戚"]
OUTPUTS = ("out.csv", "out.xlsx", "out.jsonl", "out.parquet", "out.tsv")


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]  # writes the input into the folder given; returns the path to classify
    records: int | None  # records that must come out; None: refused with one sentence
    options: dict = field(default_factory=dict)
    output: str = "out.csv"  # '' writes to the input itself


def text_file(name: str, content: str | bytes, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return make


def csv_of(rows: list[list[str]], header=("编号", "反映内容"), sep=",", newline="\n", encoding="utf-8", name="in.csv"):
    lines = [sep.join(header)] + [sep.join(row) for row in rows]
    return text_file(name, newline.join(lines) + newline, encoding)


ROWS = [[f"A{k + 1}", text] for k, text in enumerate(TEXTS)]
TEN = [[f"A{k}", f"第{k}件：{TEXTS[k % 3]}"] for k in range(1, 11)]


def jsonl_of(records: list, name="in.jsonl", prefix="") -> Callable[[Path], Path]:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return text_file(name, prefix + "\n".join(lines) + "\n")


def workbook_of(build: Callable[[Workbook], None], name="in.xlsx") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        book = Workbook()
        build(book)
        book.save(folder / name)
        return folder / name

    return make


def register(sheet, above=(), extra=()):
    for row in above:
        sheet.append(row)
    sheet.append(["编号", "来源", "反映内容"])
    for k, text in enumerate(TEXTS[:2]):
        sheet.append([str(k + 1), "来信", text])
    for row in extra:
        sheet.append(row)


def hidden_first(book):
    book.active.title = "旧表"
    book.active.append(["编号", "反映内容"])
    book.active.append(["0", "上个月的旧记录"])
    book.active.sheet_state = "hidden"
    register(book.create_sheet("登记"))


def merged_title(book):
    register(book.active, above=[["2024年第二季度信访件登记表"]])
    book.active.merge_cells("A1:C1")


def unsaved_formulas(book):
    register(book.active, extra=[["3", "来信", '=B2&"反映"']])


def injection_cells(book):
    book.active.append(["编号", '=HYPERLINK("http://x","点我")', "反映内容"])
    book.active.append(["1", "=1+1", "@SUM(A1) 村会计挪用"])
    book.active.append(["2", "+86 138", "-镇干部公车私用"])


def with_zip_bomb(make_inner: Callable[[Path], Path], member: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = make_inner(folder)
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as package, package.open(member, "w") as part:
            for _ in range(24):
                part.write(b"\0" * (1024 * 1024))
        return path

    return make


def parquet_of(frame: pd.DataFrame, damage: bool = False) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "in.parquet"
        frame.to_parquet(path)
        if damage:
            data = path.read_bytes()
            path.write_bytes(data[:30] + b"\xff" * 100 + data[130:])
        return path

    return make


def document(paragraphs=(), table=None) -> docx.Document:
    made = docx.Document()
    for text in paragraphs:
        made.add_paragraph(text)
    if table:
        grid = made.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    return made


def folder_of(build: Callable[[Path, Path], None]) -> Callable[[Path], Path]:
    """A folder of letters (``build(letters, outside)``; ``outside`` is a sibling folder)."""

    def make(folder: Path) -> Path:
        letters, outside = folder / "letters", folder.parent / f"{folder.name}-outside"
        letters.mkdir()
        outside.mkdir(exist_ok=True)
        build(letters, outside)
        return letters

    return make


def letters_with_links(letters: Path, outside: Path) -> None:
    (letters / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (outside / "secret.txt").write_text("文件夹外的信", encoding="utf-8")
    (letters / "b.txt").symlink_to(outside / "secret.txt")
    (letters / "c.txt").symlink_to(letters / "gone.txt")
    (letters / "d.docx").symlink_to("/etc/hostname")


def letters_mixed(letters: Path, outside: Path) -> None:
    (letters / "a.txt").write_bytes(TEXTS[0].encode("gb18030"))
    document(TEXTS[1:2], table=[["姓名", "问题"], ["王某", TEXTS[2]]]).save(letters / "b.docx")
    (letters / "c.docx").write_bytes(b"PK\x03\x04damaged")
    (letters / "notes.md").write_text("not a letter", encoding="utf-8")
    (letters / "sub").mkdir()


def docx_bomb(letters: Path, outside: Path) -> None:
    document(TEXTS[:1]).save(letters / "a.docx")
    with (
        zipfile.ZipFile(letters / "a.docx", "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/pad.bin", "w") as part,
    ):
        for _ in range(24):
            part.write(b"\0" * (1024 * 1024))
    (letters / "b.txt").write_text(TEXTS[1], encoding="utf-8")


LATE_KEY = [{"id": k, "text": TEXTS[k % 3]} for k in range(1, 1006)]
LATE_KEY[1002] = {**LATE_KEY[1002], "备注": "第1003行才出现的键"}
LONG = "村会计挪用修路款" * 20_000


def csv_cases() -> list[Case]:
    return [
        Case("utf-8", csv_of(ROWS), 3),
        Case("utf-8 with BOM", csv_of(ROWS, encoding="utf-8-sig"), 3),
        Case("gb18030", csv_of(ROWS, encoding="gb18030"), 3),
        Case("gbk", csv_of(ROWS, encoding="gbk"), 3),
        Case(
            "big5 with a traditional header",
            csv_of([["A1", "村幹部挪用公款，還說是領導同意的"]] * 3, header=("編號", "反映內容"), encoding="big5"),
            3,
        ),
        Case("utf-16", csv_of(ROWS, encoding="utf-16"), 3),
        Case("tab-separated .tsv", csv_of(ROWS, sep="\t", name="in.tsv"), 3),
        Case("semicolons", csv_of(ROWS, sep=";"), 3),
        Case("pipes", csv_of(ROWS, sep="|"), 3),
        Case("CRLF line ends", csv_of(ROWS, newline="\r\n"), 3),
        Case("CR line ends", csv_of(ROWS, newline="\r"), 3),
        Case("blank lines between records", text_file("in.csv", "编号,反映内容\n\nA1,挪用\n\n\nA2,吃喝\n\n"), 2),
        Case("unterminated quote in the middle", csv_of([*TEN[:4], ["A5", '"第5件没有闭合'], *TEN[5:]]), 10),
        Case("unterminated quote on the last line", csv_of([*TEN[:9], ["A10", '"最后一行没有闭合']]), 10),
        Case(
            "quote closed lines later",
            csv_of([*TEN[:2], ["A3", '"开了'], *TEN[3:6], ["A7", 'x","关了"'], *TEN[7:]]),
            10,
        ),
        Case("quoted line breaks", csv_of([["A1", '"第一行\n第二行"'], ["A2", '"说""好"""'], ["A3", "挪用"]]), 3),
        Case("too many fields", csv_of([["A1", "挪用", "多余", "更多"], *ROWS[1:]]), 3),
        Case("too few fields", csv_of([["A1"], *ROWS[1:]], header=("编号", "反映内容", "日期")), 3),
        Case("header only", text_file("in.csv", "编号,反映内容\n"), 0),
        Case("empty file", text_file("in.csv", ""), None),
        Case("only a byte-order mark", text_file("in.csv", b"\xef\xbb\xbf"), None),
        Case("NUL bytes", csv_of([["A1", "挪用\x00公款"], *ROWS[1:]]), 3),
        Case(
            "undecodable bytes",
            text_file("in.csv", "编号,反映内容\nA1,挪用\nA2,".encode() + b"\xff\xfe" + "吃喝\n".encode()),
            2,
        ),
        Case("a field of 160,000 characters", csv_of([["A1", LONG], ["A2", "短"]]), 2),
        Case("repeated column names", csv_of(ROWS, header=("反映内容", "反映内容")), 3),
        Case("blank column names", csv_of([["A1", "挪用", "x"]], header=("编号", "反映内容", "")), 1),
        Case(
            "formulas in cells and header",
            csv_of([["=1+1", "@SUM(A1)村会计挪用"], ["+86", "-镇干部公车私用"]], header=("=HYPERLINK(1)", "反映内容")),
            2,
        ),
        Case("columns named like results", csv_of([["挪用", "人工", "旧"]], header=("text", "labels", "error")), 1),
        Case("no text column", csv_of(ROWS, header=("编号", "日期")), None),
        Case("digits only", csv_of([["A1", "12345"], ["A2", "abc"]]), 2),
        Case("a very wide row", csv_of([["A1", ",".join(["挪用"] * 5000)]]), 1),
        Case(
            "title rows and --header-row",
            text_file("in.csv", "登记表,,\n,,\n编号,反映内容,日期\nA1,挪用,2024\n"),
            1,
            {"header_row": 3},
        ),
        Case("--header-row past the end", csv_of(ROWS), None, {"header_row": 40}),
        Case("line separators inside text", csv_of([["A1", "挪用\u2028公款\x85修路"], ["A2", "吃喝"]]), 2),
        Case(".txt read as CSV", csv_of(ROWS, name="in.txt"), 3),
        Case("wrong --encoding", csv_of(ROWS * 30, encoding="gb18030"), None, {"encoding": "utf-8"}),
        Case("unknown --encoding", csv_of(ROWS), None, {"encoding": "klingon"}),
    ]


def json_cases() -> list[Case]:
    rows = [{"id": f"A{k}", "text": t} for k, t in enumerate(TEXTS, 1)]
    return [
        Case("json lines", jsonl_of(rows), 3),
        Case("a key first seen after line 1000", jsonl_of(LATE_KEY), 1005),
        Case("lines that are not JSON", jsonl_of([rows[0], "{broken", "", rows[1], "not json"]), 4),
        Case("lines that are not objects", jsonl_of([rows[0], "[1, 2]", "3", '"文本"']), 4),
        Case("blank lines", jsonl_of([rows[0], "", "   ", rows[1]]), 2),
        Case("json lines with a BOM", jsonl_of(rows[:2], prefix="\ufeff"), 2),
        Case("nested values", jsonl_of([{"text": "挪用", "meta": {"a": [1, 2]}}, {"text": "吃喝", "meta": None}]), 2),
        Case("only broken lines", jsonl_of(["{broken", "[1]"]), None),
        Case("empty json lines", text_file("in.jsonl", ""), None),
        Case("line separators in values", jsonl_of([{"text": "挪用\u2028公款\u2029修路\x85"}, rows[1]]), 2),
        Case("numbers and nulls as text", jsonl_of([{"text": 123}, {"text": None}, {"text": 1.5}]), 3),
        Case(".ndjson", jsonl_of(rows[:2], name="in.ndjson"), 2),
        Case("json array", text_file("in.json", json.dumps(rows, ensure_ascii=False)), 3),
        Case(
            "json object holding the records",
            text_file("in.json", json.dumps({"data": rows[:2]}, ensure_ascii=False)),
            2,
        ),
        Case(
            "json array with a non-object",
            text_file("in.json", json.dumps([rows[0], 5, rows[1]], ensure_ascii=False)),
            3,
        ),
        Case("json scalar", text_file("in.json", "42"), None),
        Case("broken json", text_file("in.json", "[{"), None),
    ]


def table_cases() -> list[Case]:
    frame = pd.DataFrame({"编号": ["A1", "A2", "A3"], "反映内容": TEXTS})
    return [
        Case("parquet", parquet_of(frame), 3),
        Case("damaged parquet", parquet_of(frame, damage=True), None),
        Case("parquet without rows", parquet_of(frame.iloc[:0]), 0),
        Case("xlsx", workbook_of(lambda book: register(book.active)), 2),
        Case("xlsx with a hidden first sheet", workbook_of(hidden_first), 2),
        Case("xlsx with a merged title", workbook_of(merged_title), 2),
        Case(
            "xlsx with a longer data row",
            workbook_of(lambda b: register(b.active, extra=[["3", "来访", TEXTS[2], "备注"]])),
            3,
        ),
        Case("xlsx formula without a value", workbook_of(unsaved_formulas), 3),
        Case("xlsx zip bomb", with_zip_bomb(workbook_of(lambda book: register(book.active)), "xl/media/pad.bin"), None),
        Case("xlsx that is no zip", text_file("in.xlsx", b"PK\x03\x04 not a zip"), None),
        Case("xlsx with an empty sheet", workbook_of(lambda book: None), None),
        Case("xlsx with formulas in cells and header", workbook_of(injection_cells), 2),
        Case("xlsx with numbers and dates", workbook_of(lambda b: register(b.active, extra=[[3, 20240501, 4.5]])), 3),
        Case("old .xls", text_file("in.xls", b"\xd0\xcf\x11\xe0"), None),
        Case("folder with links out and to nothing", folder_of(letters_with_links), 4),
        Case("folder of txt and docx", folder_of(letters_mixed), 3),
        Case("folder with a docx zip bomb", folder_of(docx_bomb), 2),
        Case("empty folder", folder_of(lambda letters, outside: None), None),
        Case("missing input", lambda folder: folder / "nope.csv", None),
        Case("unknown extension", text_file("in.pdf", b"%PDF-1.4"), None),
        Case("output is the input", csv_of(ROWS), None, output=""),
        Case("output folder missing", csv_of(ROWS), None, output="missing/out.csv"),
        Case("chunk size 0", csv_of(ROWS), None, {"chunk_size": 0}),
        Case("chunk size -5", csv_of(ROWS), None, {"chunk_size": -5}),
        Case("unknown output extension", csv_of(ROWS), None, output="out.doc"),
    ]


def all_cases() -> list[Case]:
    """Every case; those that must give records write each output format in turn."""
    cases = csv_cases() + json_cases() + table_cases()
    for k, case in enumerate(c for c in cases if c.records is not None and c.output == "out.csv"):
        case.output = OUTPUTS[k % len(OUTPUTS)]
    return cases
