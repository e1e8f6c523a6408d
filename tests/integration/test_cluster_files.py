import json

import pandas as pd

from textmine.cluster.files import cluster_file
from textmine.engines import classify_dataframe

RECORDS = [
    ("A1", "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处。", "2024-01-05"),
    ("A2", "反映柳塘村会计王某挪用修路集资款三万多元，至今未归还。", "2024-02-11"),
    ("A3", "柳塘村村民来电：会计把修路集资的钱挪用了，村里路一直没修。", "2024-03-02"),
    ("A4", "柳塘村会计王某把修村道的集资款挪去给儿子买车，请查处！", "2024-03-09"),
    ("A5", "邻居家狗半夜叫，影响休息。", "2024-03-10"),
]


def write_input(path):
    pd.DataFrame(RECORDS, columns=["编号", "反映内容", "日期"]).to_csv(path, index=False)


def test_cluster_file_writes_columns_and_summary(tmp_path):
    write_input(tmp_path / "in.csv")
    cluster_file(tmp_path / "in.csv", tmp_path / "out.csv", summary_path=tmp_path / "s.json", min_cluster_size=3)
    out = pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig", keep_default_na=False)
    assert out["编号"].tolist() == ["A1", "A2", "A3", "A4", "A5"]
    assert out["cluster"].tolist() == [0, 0, 0, 0, -1]
    assert out["duplicate_of"].tolist() == ["", "", "", "A1", ""]
    assert "柳塘村" in out["cluster_keywords"][0] or "集资款" in out["cluster_keywords"][0]
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    [entry] = summary["clusters"]
    assert entry["size"] == 3 and entry["resubmissions"] == 1 and entry["records"] == 4
    assert entry["date_span"] == ["2024-01-05", "2024-03-09"]
    assert entry["record_ids"] == ["A1", "A2", "A3", "A4"]
    assert any(p["name"] == "柳塘村" for p in entry["places"])


def test_update_keeps_previous_ids_and_assigns_new_records(tmp_path):
    write_input(tmp_path / "in.csv")
    cluster_file(tmp_path / "in.csv", tmp_path / "a.csv", summary_path=tmp_path / "a.json", min_cluster_size=3)
    new = [("B1", "石门乡每天要求在工作群打卡拍照上传", "2024-04-01"), ("B2", "石门乡工作群天天要打卡拍照", "2024-04-02"),
           ("B3", "石门乡干部每天工作群打卡拍照留痕", "2024-04-03"), ("B4", "柳塘村会计挪用修村道集资款的事还没人管", "2024-04-05")]  # fmt: skip
    pd.DataFrame(new, columns=["编号", "反映内容", "日期"]).to_csv(tmp_path / "new.csv", index=False)
    result = cluster_file(tmp_path / "new.csv", tmp_path / "b.csv", update=tmp_path / "a.json", min_cluster_size=3)
    assert result.clusters[3] == 0  # joins last month's cluster 0
    assert result.clusters[:3] == [1, 1, 1]  # a new problem gets a new id


def test_within_labels_classifies_first(tmp_path, small_model):
    write_input(tmp_path / "in.csv")
    cluster_file(
        tmp_path / "in.csv",
        tmp_path / "out.xlsx",
        summary_path=tmp_path / "s.xlsx",
        within_labels=True,
        classify=lambda frame, column: classify_dataframe(frame, text_column=column, model=small_model),
    )
    from openpyxl import load_workbook

    header = [c.value for c in load_workbook(tmp_path / "out.xlsx").active[1]]
    assert {"labels", "cluster", "duplicate_of"} <= set(header)
    summary_header = [c.value for c in load_workbook(tmp_path / "s.xlsx").active[1]]
    assert summary_header[:5] == ["聚类编号", "件数(去重)", "重复件数", "主题", "关键词"]


def test_update_keeps_known_records_in_their_cluster_whatever_their_text_now(tmp_path):
    write_input(tmp_path / "in.csv")
    first = cluster_file(tmp_path / "in.csv", tmp_path / "a.csv", summary_path=tmp_path / "a.json", min_cluster_size=3)
    assert first.clusters[:4] == [0, 0, 0, 0]
    again = [("A2", "邻居家狗半夜叫，影响休息。", "2024-04-01"), ("A5", "邻居家狗又半夜叫了。", "2024-04-02"),
             ("B1", "楼上装修噪音太大。", "2024-04-03")]  # fmt: skip
    pd.DataFrame(again, columns=["编号", "反映内容", "日期"]).to_csv(tmp_path / "again.csv", index=False)
    result = cluster_file(tmp_path / "again.csv", tmp_path / "b.csv", update=tmp_path / "a.json", min_cluster_size=3)
    assert result.clusters[0] == 0  # A2 was in cluster 0 last month: it stays there, though its text now differs
    assert result.clusters[1:] == [-1, -1]  # A5 was in no cluster; B1 is new and joins none
    out = pd.read_csv(tmp_path / "b.csv", encoding="utf-8-sig", keep_default_na=False)
    assert out["cluster"].tolist() == [0, -1, -1]


STYLE = "在国家大力倡导以人民为中心的大背景下，不知市委市政府有何具体政策和行动？刻不容缓！"
ONE_AUTHOR = [
    "地处时代倾城小区的自来水烧开后有水垢，重金属超标。",
    "地处银杉路旁的考古遗址公园多年杂草丛生，盗墓频发。",
    "地处星城的民办幼儿园老师工资待遇最低，流失严重。",
    "地处河西的高铁西站规划多年还不见动静。",
]


def test_an_author_column_keeps_one_authors_unrelated_records_apart(tmp_path):
    texts = [t + STYLE for t in ONE_AUTHOR] + ["柳塘村会计挪用修路集资款三万元", "柳塘村会计把修路集资款挪去放贷了"]
    users = ["u1"] * 4 + ["u2", "u3"]
    frame = pd.DataFrame({"id": [f"m{i}" for i in range(6)], "user": users, "text": texts})
    frame.to_json(tmp_path / "with_user.jsonl", orient="records", lines=True, force_ascii=False)
    frame.drop(columns=["user"]).to_json(tmp_path / "no_user.jsonl", orient="records", lines=True, force_ascii=False)
    alike = cluster_file(tmp_path / "no_user.jsonl", tmp_path / "a.jsonl", distance_threshold=0.75).clusters
    assert alike[0] == alike[1] == alike[2] == alike[3] >= 0  # the shared style alone joins them
    apart = cluster_file(tmp_path / "with_user.jsonl", tmp_path / "b.jsonl", distance_threshold=0.75).clusters
    assert apart[:4] == [-1, -1, -1, -1]
    assert apart[4] == apart[5] >= 0
    named = cluster_file(
        tmp_path / "no_user.jsonl", tmp_path / "c.jsonl", author_column="id", distance_threshold=0.75
    ).clusters
    assert named[:4] == alike[:4]  # every record its own author: nothing to take off
