"""Clustering a file: read every record, cluster, write the records with their cluster columns and
the summary as JSON and/or Excel.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> letters = ["柳塘村会计把修路集资款挪去放贷，请查处。", "柳塘村会计挪用修路集资款三万元。", "柳塘村会计把修路的集资款挪用了。",
...            "邻居家狗半夜叫。"]
>>> _ = (folder / "letters.csv").write_text("反映内容\\n" + "\\n".join(letters) + "\\n", encoding="utf-8")
>>> run = cluster_file(folder / "letters.csv", folder / "clustered.csv", summary_path=folder / "clusters.json")
>>> run.clusters
[0, 0, 0, -1]
>>> sorted(p.name for p in folder.iterdir())
['clustered.csv', 'clusters.json', 'letters.csv']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from textmine.cluster.run import ClusterResult, cluster_texts
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table, open_writer
from textmine.io.columns import find_author_column, find_date_column
from textmine.io.jsonfile import read_json, write_json
from textmine.io.outputs import output_lock, refuse_input_as_output
from textmine.io.writers import writer_kind
from textmine.taxonomy import split_label_text
from textmine.text.key_sentence import excerpt
from textmine.text.redact import redact, redact_frame, sensitive_values

OUTPUT_COLUMNS = ("cluster", "cluster_keywords", "duplicate_of")
SUMMARY_HEADERS = {
    "cluster": "聚类编号", "size": "件数(去重)", "resubmissions": "重复件数", "topic": "主题", "keywords": "关键词",
    "coherence": "一致性", "mixed": "混杂",
    "labels": "问题类别分布", "representatives": "代表性记录", "places": "地点", "units": "单位",
    "date_span": "时间跨度", "record_ids": "记录编号",
}  # fmt: skip


def read_all(
    path, text_column=None, id_column=None, sheet=None, encoding=None, header_row=None
) -> tuple[pd.DataFrame, str, str | None]:
    """Every row of a file, its text column and its id column (None: row numbers)."""
    reader = open_table(path, sheet=sheet, encoding=encoding, header_row=header_row)
    text_column = find_text_column(reader.columns, text_column)
    id_column = find_id_column(reader.columns, id_column)
    frames = list(reader.chunks(20000))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=reader.columns)
    frame = frame.drop(columns=[READ_ERROR], errors="ignore")
    return frame, text_column, id_column


def load_previous(path: str | Path) -> list[dict[str, Any]]:
    """The clusters of an earlier summary JSON written by :func:`cluster_file`."""
    try:
        data = read_json(path)
    except TextmineError as err:
        raise TextmineError(f"cannot read the previous summary: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("clusters"), list):
        raise TextmineError(f"{str(path)!r} is not a textmine cluster summary (it has no 'clusters' list)")
    return data["clusters"]


def cluster_file(
    input_path,
    output_path,
    summary_path=None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet=None,
    encoding: str | None = None,
    within_labels: bool = False,
    classify: Callable[[pd.DataFrame, str], pd.DataFrame] | None = None,
    update=None,
    redact: bool = False,
    header_row: int | None = None,
    author_column: str | None = None,
    **settings: Any,
) -> ClusterResult:
    """Cluster every record of ``input_path``; write records to ``output_path`` and the summary.

    ``classify(frame, text_column)``, when given, returns the frame with the classification columns
    (``textmine.engines`` gives one that classifies with a model); it is called when the input has no
    ``labels`` column, so the records and the summary carry labels. With ``within_labels`` clusters are
    formed within each label.
    """
    writer_kind(output_path)
    refuse_input_as_output(output_path, input_path)
    if summary_path:
        refuse_input_as_output(summary_path, input_path)
    with output_lock(output_path):
        frame, text_column, id_column = read_all(input_path, text_column, id_column, sheet, encoding, header_row)
        out, result = cluster_frame(
            frame,
            text_column,
            id_column,
            within_labels=within_labels,
            classify=classify,
            update=update,
            author_column=author_column,
            **settings,
        )
        if redact:
            known = sensitive_values(frame[text_column].tolist())
            out = redact_frame(out, known)
            redact_summary(result.summary, known)
        with open_writer(output_path) as writer:
            writer.write(out)
        if summary_path:
            write_summary(result, summary_path, settings | {"within_labels": within_labels})
    return result


def cluster_frame(
    frame: pd.DataFrame,
    text_column: str,
    id_column: str | None,
    within_labels: bool = False,
    classify: Callable[[pd.DataFrame, str], pd.DataFrame] | None = None,
    update=None,
    author_column: str | None = None,
    **settings: Any,
) -> tuple[pd.DataFrame, ClusterResult]:
    """The records of ``frame`` with ``cluster``, ``cluster_keywords`` and ``duplicate_of`` added (and an
    ``id`` column first when there is no id column), and the clustering result. The author column (named, else
    found by its usual names: user, 用户, 留言用户 …) keeps one author's habits out of the similarity of that
    author's own records.

    >>> frame = pd.DataFrame({"内容": ["村会计挪用修路款", "村会计挪用修路款", "开会太多"]})
    >>> out, result = cluster_frame(frame, "内容", None, min_cluster_size=2)
    >>> out["id"].tolist(), out["duplicate_of"].tolist()
    (['1', '2', '3'], ['', '1', ''])
    """
    ids = frame[id_column].astype(str).tolist() if id_column else [str(i + 1) for i in range(len(frame))]
    texts = ["" if v is None or v != v else str(v) for v in frame[text_column].tolist()]
    date_column = find_date_column(list(frame.columns))
    author_column = find_author_column(list(frame.columns), author_column)
    authors = frame[author_column].tolist() if author_column else None
    dates = frame[date_column].tolist() if date_column else texts
    if "labels" not in frame.columns and classify is not None:
        frame = classify(frame, text_column)
    labels = None
    if "labels" in frame.columns:
        labels = [split_label_text(v) for v in frame["labels"].tolist()]
    elif within_labels:
        raise TextmineError("clustering within labels needs the records classified first")
    previous = load_previous(update) if update else None
    if ids:
        result = cluster_texts(
            ids,
            texts,
            dates=dates,
            labels=labels,
            within_labels=within_labels,
            previous=previous,
            authors=authors,
            **settings,
        )
    else:  # an empty table: nothing to cluster
        result = ClusterResult(clusters=[], keywords=[], duplicate_of=[], summary=[])
    out = frame.rename(columns={c: f"input_{c}" for c in OUTPUT_COLUMNS if c in frame.columns})
    if id_column is None:
        out.insert(0, "id", ids)
    out["cluster"] = result.clusters
    out["cluster_keywords"] = result.keywords
    out["duplicate_of"] = result.duplicate_of
    return out, result


def redact_summary(summary: list[dict[str, Any]], known: Mapping[str, str] | None = None) -> None:
    """Mask personal details in a cluster summary, in place: the representative records, and the keywords and
    names wherever they are one of the ``known`` details (see :func:`textmine.text.redact.sensitive_values`).

    >>> summary = [{"representatives": [{"id": "1", "text": "举报人：王小明"}], "keywords": ["王小明"]}]
    >>> redact_summary(summary, {"王小明": "【姓名】"})
    >>> summary[0]["representatives"][0]["text"], summary[0]["keywords"]
    ('举报人：【姓名】', ['【姓名】'])
    """
    for entry in summary:
        for record in entry["representatives"]:
            record["text"] = redact(record["text"], known=known)
        entry["keywords"] = [redact(word, known=known) for word in entry.get("keywords") or []]
        if entry.get("topic"):
            entry["topic"] = redact(entry["topic"], known=known)
        for key in ("places", "units"):
            for named in entry.get(key) or []:
                named["name"] = redact(named["name"], known=known)
        if isinstance(entry.get("centroid"), dict):  # its terms are words of the records
            entry["centroid"] = {redact(term, known=known): weight for term, weight in entry["centroid"].items()}


def write_summary(result: ClusterResult, path, settings: dict[str, Any]) -> None:
    """``.json`` (everything, including centroids for ``--update``) or ``.xlsx`` (for people)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        clustered = {rid for entry in result.summary for rid in entry["record_ids"]}
        data = {
            "settings": settings,
            "records": len(result.clusters),
            "clusters": result.summary,
            "unclustered_records": len(result.clusters) - len(clustered),
        }
        write_json(path, data)
    elif path.suffix.lower() == ".xlsx":
        with open_writer(path) as writer:
            writer.write(summary_table(result.summary))
    else:
        raise TextmineError(f"the summary is written as .json or .xlsx, not {path.suffix or 'no extension'}")


def summary_table(summary: list[dict[str, Any]]) -> pd.DataFrame:
    """The summary as one row per cluster, with Chinese headers."""
    rows = []
    for entry in summary:
        rows.append(
            {
                "cluster": entry["cluster"],
                "size": entry["size"],
                "resubmissions": entry["resubmissions"],
                "topic": entry.get("topic", ""),
                "keywords": "、".join(entry["keywords"]),
                "coherence": entry.get("coherence"),
                "mixed": "是" if entry.get("mixed") else "",
                "labels": "；".join(f"{k} {v}" for k, v in (entry.get("labels") or {}).items()),
                "representatives": "\n".join(
                    f"[{r['id']}] {excerpt(r['text'], 200)}" for r in entry["representatives"]
                ),
                "places": "、".join(p["name"] for p in entry["places"]),
                "units": "、".join(u["name"] for u in entry["units"]),
                "date_span": " ~ ".join(entry["date_span"]) if entry["date_span"] else "",
                "record_ids": "、".join(entry["record_ids"]),
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_HEADERS)).rename(columns=SUMMARY_HEADERS)
