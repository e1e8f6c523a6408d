"""What one worker process of the service holds: its settings, the model (loaded once, when the worker
starts), the extractor, the job store, and the thread limiter that keeps classification off the event loop.

>>> from textmine.serve.settings import ServeSettings
>>> service = Service.start(ServeSettings(max_records=10))     # doctest: +SKIP
>>> service.classify_records(["1"], ["村会计挪用修路款"])[0]["labels"]   # doctest: +SKIP
['corruption']
"""

from __future__ import annotations

import functools
import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio

from textmine.classify import is_model_folder
from textmine.cluster.run import cluster_texts
from textmine.engines.batch import check_text
from textmine.resources import DEFAULT_MODEL_DIR
from textmine.retrain.registry import ModelRegistry, resolve_model
from textmine.serve.jobstore import JobStore
from textmine.serve.settings import ServeSettings, token_file_is_private
from textmine.text.extract import EntityExtractor
from textmine.text.redact import redact, sensitive_values

log = logging.getLogger(__name__)
WARM_UP_TEXT = "举报人反映：县水务局柳河村党支部书记2023年春节期间收受红包3万多元，村务公开弄虚作假。"


@dataclass
class Service:
    settings: ServeSettings
    token: str | None
    model: Any
    model_version: str
    extractor: EntityExtractor
    jobs: JobStore
    limiter: anyio.CapacityLimiter = field(repr=False)
    owns_work_dir: bool = False

    @classmethod
    def start(cls, settings: ServeSettings, model=None, model_version: str | None = None) -> Service:
        """Load the model and warm it (and the extractor) up, so that no request pays for a first use."""
        settings.check()
        if settings.token_file and not token_file_is_private(settings.token_file):
            log.warning("the token file %s can be read by other users; chmod 600 it", settings.token_file)
        if model is None:
            model, model_version = resolve_model(settings.model), model_version or model_name(settings.model)
        model.classify([WARM_UP_TEXT])
        extractor = EntityExtractor().fit()
        extractor.extract(WARM_UP_TEXT)
        owns = settings.work_dir is None
        work_dir = Path(tempfile.mkdtemp(prefix="textmine-serve-")) if owns else Path(settings.work_dir)
        jobs = JobStore(work_dir, keep_seconds=settings.keep_seconds, max_jobs=settings.max_jobs,
                        threads=settings.job_threads, max_uploads=settings.max_uploads)  # fmt: skip
        limiter = anyio.CapacityLimiter(settings.classify_threads)
        return cls(settings, settings.token(), model, model_version or "textmine", extractor, jobs, limiter, owns)

    def close(self) -> None:
        self.jobs.close(remove=self.owns_work_dir)

    async def run(self, function, *args, **kwargs):
        """``function(*args, **kwargs)`` in a worker thread, at most ``classify_threads`` at once."""
        return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs), limiter=self.limiter)

    def redacted(self, value: Any, texts: list[str] | None = None) -> Any:
        """``value`` with every string redacted when the service runs with ``--redact`` (and the personal details
        found in ``texts``, the request's records, masked wherever they stand: a keyword can be a name)."""
        if not self.settings.redact:
            return value
        return redact_strings(value, sensitive_values(texts or []))

    def classify_records(self, ids: list[Any], texts: list[str], extract: bool = False) -> list[dict[str, Any]]:
        """One result per record: labels, labels_zh, subtypes, scores, evidence, error (and what was extracted)."""
        checked = [check_text(text) for text in texts]
        results = self.model.classify([text for text, _ in checked])
        out = []
        for record_id, (text, problems), result in zip(ids, checked, results):
            row = {"id": record_id, **result.to_record(as_lists=True)}
            errors = [*problems, *([row["error"]] if row["error"] else [])]
            row["error"] = "; ".join(errors) or None
            if extract:
                row["extracted"] = self.extractor.extract(text).to_record(as_lists=True)
            out.append(row)
        return self.redacted(out, texts)

    def cluster_records(self, ids: list[Any], texts: list[str], within_labels: bool, **settings: Any) -> dict:
        """Cluster ids, keywords and resubmission links per record, and the clusters, largest first."""
        keys = [str(i) for i in ids]
        labels = None
        if within_labels:
            labels = [r.label_ids for r in self.model.classify([check_text(t)[0] for t in texts])]
        result = cluster_texts(keys, texts, labels=labels, within_labels=within_labels, **settings)
        records = [
            {"id": record_id, "cluster": cluster, "cluster_keywords": keywords, "duplicate_of": duplicate or None}
            for record_id, cluster, keywords, duplicate in zip(ids, result.clusters, result.keywords,
                                                                 result.duplicate_of)
        ]  # fmt: skip
        clusters = [{k: v for k, v in entry.items() if k != "centroid"} for entry in result.summary]
        return self.redacted({"records": records, "clusters": clusters}, texts)


def redact_strings(value: Any, known: dict[str, str] | None = None) -> Any:
    """Every string inside lists and dicts redacted (keys too), ``known`` details wherever they stand.

    >>> redact_strings({"evidence": ["电话13812345678", "王小明"], "score": 0.5}, {"王小明": "【姓名】"})
    {'evidence': ['电话【电话】', '【姓名】'], 'score': 0.5}
    """
    if isinstance(value, str):
        return redact(value, known=known)
    if isinstance(value, list | tuple):
        return [redact_strings(v, known) for v in value]
    if isinstance(value, dict):
        return {redact_strings(k, known): redact_strings(v, known) for k, v in value.items()}
    return value


def model_name(name_or_path: str | None) -> str:
    """A model version for callers (Label Studio shows it): the model's name and a digest of its files.

    >>> model_name(None).startswith("default-")
    True
    """
    registry = ModelRegistry()
    if name_or_path is None:
        folder = registry.active_path() or DEFAULT_MODEL_DIR
    elif not Path(name_or_path).exists() and str(name_or_path) in registry.names():
        folder = registry.path_of(str(name_or_path))
    else:
        folder = Path(name_or_path)
    name = "default" if folder == DEFAULT_MODEL_DIR else folder.resolve().name
    digest = hashlib.sha256()
    if is_model_folder(folder):
        for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".json", ".safetensors")):
            digest.update(path.name.encode() + path.read_bytes())
    return f"{name}-{digest.hexdigest()[:8]}"
