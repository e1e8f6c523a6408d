"""The JSON API: health, the taxonomy, classifying and clustering records.

    curl -s localhost:8000/v1/classify -H 'Content-Type: application/json' \\
         -d '{"records": [{"id": "A1", "text": "村会计挪用修路款"}], "extract": true}'

Each result holds the columns ``textmine classify`` writes to JSON Lines (``labels``, ``labels_zh``,
``subtypes``, ``scores``, ``evidence``, ``error``) and, with ``extract``, what was extracted.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, field_validator

from textmine import __version__
from textmine.engines.batch import LONE_SURROGATE
from textmine.serve.limits import check_lengths, check_records
from textmine.serve.service import Service

router = APIRouter()
MODEL_CLASS = "textmine"


def service_of(request: Request) -> Service:
    """The worker's :class:`Service` (a FastAPI dependency)."""
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(service_of)]


class RecordIn(BaseModel):
    id: str | int | None = Field(None, description="the record's id, returned with its result (default: its position)")
    text: str = Field(..., description="the record's text")

    @field_validator("id")
    @classmethod
    def whole_characters(cls, value: str | int | None) -> str | int | None:
        """An id with half a character (a lone surrogate escaped in JSON) comes back with U+FFFD in its place,
        so the answer can be written as JSON."""
        return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


class ClassifyRequest(BaseModel):
    records: list[RecordIn]
    extract: bool = Field(False, description="also return units, places, amounts, dates, periods and roles")


class ClusterRequest(BaseModel):
    records: list[RecordIn]
    within_labels: bool = Field(False, description="classify first, then cluster inside each record's first label")
    distance_threshold: float = Field(0.85, gt=0, le=1, description="cosine distance at which merging stops")
    min_cluster_size: int = Field(3, ge=2, le=10_000, description="distinct records a cluster needs")


def checked_records(records: list[RecordIn], service: Service) -> tuple[list[Any], list[str]]:
    """Ids (positions where missing) and texts, within the service's limits."""
    check_records(len(records), service.settings.max_records)
    ids = [r.id if r.id is not None else str(n) for n, r in enumerate(records, 1)]
    texts = [r.text for r in records]
    check_lengths(texts, ids, service.settings.max_chars)
    return ids, texts


@router.get("/health", tags=["service"])
@router.head("/health", include_in_schema=False)
async def health(service: ServiceDep) -> dict[str, Any]:
    """Whether the service is up (also the Label Studio ML backend's health check); needs no token."""
    return {"status": "UP", "model_class": MODEL_CLASS, "model_version": service.model_version,
            "version": __version__, "auth": service.token is not None}  # fmt: skip


@router.get("/v1/taxonomy", tags=["api"])
async def taxonomy(service: ServiceDep) -> dict[str, Any]:
    """The labels and subtypes the model gives, with their Chinese names and definitions."""
    return {"model_version": service.model_version, **service.model.taxonomy_.to_dict()}


@router.post("/v1/classify", tags=["api"])
async def classify(body: ClassifyRequest, service: ServiceDep) -> dict[str, Any]:
    """Labels, subtypes, a score per label and the evidence words of each record (and, with ``extract``, who,
    where, when and how much)."""
    ids, texts = checked_records(body.records, service)
    results = await service.run(service.classify_records, ids, texts, body.extract)
    return {"model_version": service.model_version, "results": results}


@router.post("/v1/cluster", tags=["api"])
async def cluster(body: ClusterRequest, service: ServiceDep) -> dict[str, Any]:
    """Recurring problems among the records: a cluster per record (-1 for none), its keywords, the record it
    resubmits, and the clusters, largest first."""
    ids, texts = checked_records(body.records, service)
    settings = {"distance_threshold": body.distance_threshold, "min_cluster_size": body.min_cluster_size}
    return await service.run(service.cluster_records, ids, texts, body.within_labels, **settings)
