"""The Label Studio ML backend protocol, so that a Label Studio project shows textmine's labels as
pre-annotations: ``GET /health`` (shared with the API), ``POST /setup`` (Label Studio sends the project's
labelling config; the answer is the model version) and ``POST /predict`` (Label Studio sends tasks and the
labelling config; the answer is one prediction per task, in order: ``{"results": [{"result": [...],
"score": ..., "model_version": ...}]}``).

The labelling config decides what is predicted: each ``<Choices>`` whose choices name textmine labels or
subtypes (by Chinese name or id, as ``textmine suggest --format labelstudio`` writes them) gets the predicted
ones, for the text its ``toName`` object shows. In Label Studio add the service's URL as a model; with a
token, choose basic authentication and give the token as the password (these routes take Basic auth,
as Label Studio can send nothing else; see :mod:`textmine.serve.security`).

>>> from textmine.taxonomy import load_taxonomy
>>> config = '<View><Text name="t" value="$letter"/><Choices name="c" toName="t"><Choice value="腐败问题"/>'
>>> [c.text_key for c in read_config(config + '</Choices></View>', load_taxonomy(), True)]
['letter']
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from textmine.classify.results import Classification
from textmine.engines.batch import check_text
from textmine.io.annotations import CHOICES_NAME, TEXT_NAME
from textmine.serve.api import ServiceDep
from textmine.serve.limits import ApiError, check_lengths, check_records
from textmine.serve.service import Service
from textmine.taxonomy import Taxonomy

router = APIRouter(tags=["label studio"])
MAX_CONFIG_CHARS = 200_000


@dataclass(frozen=True)
class ChoicesControl:
    """A ``<Choices>`` of a labelling config: its name, the object it labels, the task data key that object
    shows, its choices as (value written in results, taxonomy id), and whether several may be chosen."""

    name: str
    to_name: str
    text_key: str
    choices: tuple[tuple[str, str], ...]
    multiple: bool


def read_config(label_config: str | None, taxonomy: Taxonomy, multiple: bool) -> list[ChoicesControl]:
    """The controls of a labelling config that textmine can fill; without a config, the one ``textmine suggest``
    writes (choices: the labels' Chinese names)."""
    if not label_config:
        choices = tuple((label.name, label.id) for label in taxonomy.labels)
        return [ChoicesControl(CHOICES_NAME, TEXT_NAME, TEXT_NAME, choices, multiple)]
    root = _parse(label_config)
    objects = {element.get("name"): element for element in root.iter() if element.get("value")}
    controls = []
    for element in root.iter("Choices"):
        to_name = (element.get("toName") or "").split(",")[0]
        shown = objects.get(to_name)
        text_key = (shown.get("value") if shown is not None else "") or f"${TEXT_NAME}"
        choices = tuple(
            (choice.get("alias") or choice.get("value") or "", category)
            for choice in element.iter("Choice")
            if (category := _category(taxonomy, choice.get("alias"), choice.get("value")))
        )
        if choices and element.get("name"):
            many = element.get("choice", "single") == "multiple"
            controls.append(ChoicesControl(element.get("name"), to_name, text_key.lstrip("$"), choices, many))
    return controls


def multilabel(model) -> bool:
    """Whether a model may give several labels to one record."""
    return bool(getattr(model, "multilabel_", True))


def _parse(label_config: str) -> ElementTree.Element:
    if len(label_config) > MAX_CONFIG_CHARS:
        raise ApiError(413, f"the labelling config is longer than {MAX_CONFIG_CHARS} characters")
    if "<!DOCTYPE" in label_config.upper() or "<!ENTITY" in label_config.upper():
        raise ApiError(422, "the labelling config may not declare a DOCTYPE or entities")
    try:
        return ElementTree.fromstring(label_config)
    except ElementTree.ParseError as err:
        raise ApiError(422, f"the labelling config is not valid XML: {err}") from None


def _category(taxonomy: Taxonomy, *values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            for category in (*taxonomy.labels, *taxonomy.subtypes):
                if value.strip() in (category.id, category.name):
                    return category.id
    return None


def prediction(result: Classification | None, controls: list[ChoicesControl], model_version: str) -> dict:
    """One task's prediction: the chosen choices of each control, and a score (the mean score of the chosen
    labels, or one minus the highest score when no label is chosen)."""
    if result is None:
        return {"result": [], "score": 0.0, "model_version": model_version}
    scores = {label.id: label.score for label in result.labels}
    scores |= {sub.id: sub.score for label in result.labels for sub in label.subtypes}
    regions = []
    for n, control in enumerate(controls):
        chosen = sorted(((value, c) for value, c in control.choices if c in scores), key=lambda vc: -scores[vc[1]])
        if not control.multiple:
            chosen = chosen[:1]
        if chosen:
            regions.append({"id": f"textmine-{n}", "from_name": control.name, "to_name": control.to_name,
                            "type": "choices", "value": {"choices": [value for value, _ in chosen]}})  # fmt: skip
    label_scores = [label.score for label in result.labels]
    none_score = 1.0 - max(result.scores.values(), default=0.0)
    score = sum(label_scores) / len(label_scores) if label_scores else none_score
    return {"result": regions, "score": round(float(score), 4), "model_version": model_version}


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    tasks: list[dict[str, Any]]
    label_config: str | None = None
    project: str | int | None = None
    model_version: str | None = None


class SetupRequest(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    project: str | int | None = None
    label_config: str | None = Field(None, alias="schema")
    model_version: str | None = None


def task_text(task: Any, key: str) -> str | None:
    """The text a task shows under ``key`` (None when its data is not an object or holds no text there).

    >>> task_text({"data": {"text": "村会计挪用修路款"}}, "text"), task_text({"data": "x"}, "text")
    ('村会计挪用修路款', None)
    """
    data = task.get("data") if isinstance(task, dict) else None
    text = data.get(key) if isinstance(data, dict) else None
    return text if isinstance(text, str) else None


def predict_tasks(service: Service, tasks: list[dict[str, Any]], controls: list[ChoicesControl]) -> list[dict]:
    """One prediction per task, in order; a task without text in the configured key (or whose data is not
    an object) gets an empty one."""
    key = controls[0].text_key if controls else TEXT_NAME
    texts = [task_text(task, key) for task in tasks]
    wanted = [i for i, text in enumerate(texts) if text and text.strip()]
    results = service.model.classify([check_text(texts[i])[0] for i in wanted]) if wanted else []
    by_task: dict[int, Classification] = dict(zip(wanted, results))
    return [prediction(by_task.get(i), controls, service.model_version) for i in range(len(tasks))]  # no text in them


@router.post("/setup")
async def setup(body: SetupRequest, service: ServiceDep) -> dict[str, Any]:
    """Label Studio connects a project: 422 when its labelling config has no choices textmine can fill."""
    if body.label_config is not None:
        controls = read_config(body.label_config, service.model.taxonomy_, multilabel(service.model))
        if not controls:
            names = "、".join(label.name for label in service.model.taxonomy_.labels)
            raise ApiError(422, f"the labelling config has no <Choices> whose choices are textmine labels ({names})")
    return {"model_version": service.model_version}


@router.post("/predict")
async def predict(body: PredictRequest, service: ServiceDep) -> dict[str, Any]:
    """Pre-annotations for Label Studio tasks, one per task, in order."""
    check_records(len(body.tasks), service.settings.max_records, what="tasks")
    controls = read_config(body.label_config, service.model.taxonomy_, multilabel(service.model))
    key = controls[0].text_key if controls else TEXT_NAME
    texts = [task_text(t, key) or "" for t in body.tasks]
    check_lengths(texts, [t.get("id", n) for n, t in enumerate(body.tasks, 1)], service.settings.max_chars)
    return {"results": await service.run(predict_tasks, service, body.tasks, controls)}


@router.post("/webhook")
async def webhook(body: dict[str, Any]) -> dict[str, str]:
    """Label Studio's training events: textmine does not train from them (export the project and run
    ``textmine train --data export.json``)."""
    return {"status": "ignored: train with textmine train --data <the project's JSON export>"}
