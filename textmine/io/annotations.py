"""Labelling applications: Label Studio and doccano exports in, Label Studio tasks with pre-annotations out.

A Label Studio export is a JSON array of tasks, each with ``data`` (the record) and ``annotations``
(each a ``result`` list of regions; a text-classification region holds ``value.choices``). doccano
exports one record per line with ``text`` and ``label`` (a list of names), or, in older versions,
``annotations`` as a list of ``{"label": ...}``. Both come out as rows of ``text``, ``labels`` and
``source`` (where in the file the record was), ready for :mod:`textmine.retrain.records`.

>>> tasks = [{"id": 7, "data": {"text": "村会计挪用修路款"},
...           "annotations": [{"result": [{"type": "choices", "value": {"choices": ["腐败问题"]}}]}]}]
>>> label_studio_rows(tasks)[0]["labels"]
['腐败问题']
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from textmine.errors import TextmineError

CHOICES_NAME = "label"  # the Choices control of the labelling config textmine writes
TEXT_NAME = "text"  # the Text object it labels
TEXT_KEYS = ("text", "content", "内容", "正文")


def _json_line(path: Path, number: int, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        raise TextmineError(f"line {number} of {str(path)!r} is not valid JSON (near character {err.colno})") from None


def read_json_records(path: str | Path) -> list[Any]:
    """The records of a ``.json`` array or a ``.jsonl`` file, as parsed JSON values."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return [_json_line(path, number, line) for number, line in enumerate(raw.splitlines(), 1) if line.strip()]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise TextmineError(f"{str(path)!r} is not valid JSON: {err}") from None
    return data if isinstance(data, list) else [data]


def export_kind(records: Sequence[Any]) -> str | None:
    """``"labelstudio"``, ``"doccano"`` or None (a plain table) for the first record's shape."""
    first = next((r for r in records if isinstance(r, dict)), None)
    if first is None:
        return None
    if isinstance(first.get("data"), dict) and ("annotations" in first or "completions" in first):
        return "labelstudio"
    annotations = first.get("annotations")
    if "text" in first and isinstance(annotations, list) and all(isinstance(a, dict) for a in annotations):
        return "doccano"
    return None


def label_studio_rows(tasks: Sequence[dict]) -> list[dict[str, Any]]:
    """One row per annotated task: its text, the chosen labels of its latest kept annotation, its id.

    Tasks with no annotation, or whose annotations were all skipped, are left out: nobody labelled them.
    """
    rows = []
    for n, task in enumerate(tasks, 1):
        annotation = _latest_annotation(task.get("annotations") or task.get("completions") or [])
        if annotation is None:
            continue
        data = task.get("data") or {}
        choices = _choices(annotation.get("result") or [])
        rows.append(
            {
                "text": _task_text(data),
                "labels": choices,
                "id": data.get("id", task.get("id")),
                "source": f"task {task.get('id', n)}",
            }
        )
    return rows


def unannotated_tasks(tasks: Sequence[dict]) -> list[str]:
    """The tasks :func:`label_studio_rows` leaves out, as ``task <id>``."""
    return [
        f"task {task.get('id', n)}"
        for n, task in enumerate(tasks, 1)
        if _latest_annotation(task.get("annotations") or task.get("completions") or []) is None
    ]


def _latest_annotation(annotations: Sequence[dict]) -> dict | None:
    kept = [a for a in annotations if isinstance(a, dict) and not a.get("was_cancelled")]
    if not kept:
        return None
    return max(enumerate(kept), key=lambda pair: (str(pair[1].get("updated_at") or ""), pair[0]))[1]


def _choices(regions: Sequence[dict]) -> list[str]:
    """The chosen labels of an annotation: from textmine's own control when present, else any choices."""
    regions = [r for r in regions if isinstance(r, dict) and r.get("type") in ("choices", "taxonomy")]
    own = [r for r in regions if r.get("from_name") == CHOICES_NAME]
    chosen = []
    for region in own or regions:
        value = region.get("value") or {}
        for choice in value.get("choices") or value.get("taxonomy") or []:
            chosen.append(choice if isinstance(choice, str) else str(choice[-1]))  # a taxonomy path: its leaf
    return chosen


def _task_text(data: dict) -> str:
    for key in TEXT_KEYS:
        if isinstance(data.get(key), str):
            return data[key]
    strings = [v for v in data.values() if isinstance(v, str)]
    return max(strings, key=len) if strings else ""


def doccano_rows(records: Sequence[dict]) -> list[dict[str, Any]]:
    """One row per doccano record whose labels are given as ``annotations`` (older exports)."""
    rows = []
    for n, record in enumerate(records, 1):
        labels = [str(a["label"]) for a in record.get("annotations") or [] if isinstance(a, dict) and "label" in a]
        rows.append({"text": record.get("text") or "", "labels": labels, "id": record.get("id"), "source": f"line {n}"})
    return rows


def label_studio_config(choices: Sequence[str], multiple: bool) -> str:
    """A Label Studio labelling config (XML) whose names match the tasks :func:`label_studio_task` writes."""
    lines = [
        "<View>",
        f'  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>',
        f'  <Choices name="{CHOICES_NAME}" toName="{TEXT_NAME}" choice="{"multiple" if multiple else "single"}"'
        ' showInline="false">',
        *[f"    <Choice value={quoteattr(choice)}/>" for choice in choices],
        "  </Choices>",
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def label_studio_task(data: dict[str, Any], choices: Sequence[str], score: float, model_version: str) -> dict:
    """A task to import into Label Studio, with the predicted choices as its pre-annotation."""
    result = [
        {
            "id": "textmine",
            "from_name": CHOICES_NAME,
            "to_name": TEXT_NAME,
            "type": "choices",
            "value": {"choices": list(choices)},
        }
    ]
    return {"data": data, "predictions": [{"model_version": model_version, "score": round(score, 4), "result": result}]}


def write_label_studio(path: str | Path, tasks: list[dict], config: str) -> Path:
    """Write the tasks (JSON) and, beside them, the labelling config (``<name>.xml``); returns the config path."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise TextmineError(f"Label Studio tasks are JSON; name the output .json instead of {path.name!r}")
    if not path.parent.is_dir():
        raise TextmineError(f"output folder {str(path.parent)!r} does not exist")
    config_path = path.with_suffix(".xml")
    temp = path.with_name(f".{path.name}.part")
    temp.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temp.replace(path)
    config_path.write_text(config, encoding="utf-8")
    return config_path
