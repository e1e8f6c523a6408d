"""Folders of letters: links stay inside the folder, what is skipped is a flagged row, .docx tables are read."""

import docx
import pandas as pd

from textmine.io import READ_ERROR, open_table


def read(path) -> pd.DataFrame:
    return pd.concat(list(open_table(path).chunks(10)), ignore_index=True)


def test_links_out_of_the_folder_or_to_nothing_are_flagged_not_followed(tmp_path):
    folder, sibling = tmp_path / "letters", tmp_path / "other"
    folder.mkdir()
    sibling.mkdir()
    (folder / "a.txt").write_text("村主任截留补贴", encoding="utf-8")
    (sibling / "secret.txt").write_text("别的文件夹里的信", encoding="utf-8")
    (folder / "b.txt").symlink_to(sibling / "secret.txt")
    (folder / "c.txt").symlink_to("/etc/passwd")
    (folder / "d.txt").symlink_to(folder / "removed.txt")
    (folder / "e.txt").symlink_to(folder / "a.txt")  # inside the folder: read
    frame = read(folder)
    assert frame["id"].tolist() == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    assert frame["text"].tolist() == ["村主任截留补贴", "", "", "", "村主任截留补贴"]
    errors = frame[READ_ERROR].tolist()
    assert (
        errors[1] == errors[2].replace("c.txt", "b.txt") == "b.txt is a link leading out of the folder; it was not read"
    )
    assert errors[3] == "d.txt is a link to a file that does not exist; it was not read"
    assert errors[0] == errors[4] == ""


def test_docx_tables_are_read_cell_by_cell_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于村务公开的反映")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["姓名", "职务", "问题"], ["王某", "村会计", "挪用修路款三万元"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("请予查处。")
    merged = document.add_table(rows=1, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并的单元格"
    document.save(tmp_path / "a.docx")
    [text] = read(tmp_path)["text"].tolist()
    assert text == "关于村务公开的反映\n姓名\t职务\t问题\n王某\t村会计\t挪用修路款三万元\n请予查处。\n合并的单元格"
