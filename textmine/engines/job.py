"""The whole job on one input, in one call: classify every record, extract who, where, when and how much,
cluster the recurring problems, and write every output into one folder with a short ``summary.json``.

``run_job`` reports its progress to a callback as :class:`JobProgress` (a stage, the records done in it,
and the fraction of the whole job); ``textmine run`` draws it as one progress bar and the service's jobs
store it for the web page.

>>> seen = []
>>> result = run_job("corpora/samples/sample.csv", "out", progress=seen.append)   # doctest: +SKIP
>>> sorted(result.files), seen[-1].fraction                                      # doctest: +SKIP
(['clusters', 'clusters_table', 'problems', 'report', 'results', 'summary'], 1.0)
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from textmine.cluster.files import cluster_frame, redact_summary, write_summary
from textmine.engines.batch import ChunkTask, output_names
from textmine.engines.local import map_chunks
from textmine.errors import TextmineError
from textmine.io import READ_ERROR, find_id_column, find_text_column, open_table, open_writer
from textmine.io.atomic import atomic_outputs, made_folder
from textmine.io.jsonfile import write_json
from textmine.report import DEFAULT_TITLE, build_report_from_frame
from textmine.retrain.registry import resolve_model
from textmine.text.extract import EntityExtractor, Extraction
from textmine.text.redact import redact, redact_frame, sensitive_values

STAGES = ("classify", "extract", "cluster", "report")
STAGE_NAMES = {"classify": "分类", "extract": "抽取", "cluster": "聚类", "report": "报告"}
#: About the share of a whole job's time each stage takes, for one progress fraction over the stages: on the
#: shipped sample classifying took 0.1 s, extracting 0.6-2.5 s (more when a new extractor loads its
#: dictionary), clustering 0.4-1.9 s and the report and files 0.7-1.2 s over four runs.
STAGE_WEIGHTS = {"classify": 0.05, "extract": 0.5, "cluster": 0.3, "report": 0.15}
RESULT_SUFFIXES = {".csv": ".csv", ".tsv": ".tsv", ".txt": ".csv", ".xlsx": ".xlsx", ".xlsm": ".xlsx",
                   ".jsonl": ".jsonl", ".ndjson": ".jsonl", ".json": ".jsonl", ".parquet": ".parquet"}  # fmt: skip
#: What a job writes: its kind and file name (the results' suffix follows the input).
OUTPUT_NAMES = {
    "results": "结果",
    "clusters": "聚类.json",
    "clusters_table": "聚类.xlsx",
    "report": "报告.html",
    "problems": "问题清单.xlsx",
    "summary": "summary.json",
}


@dataclass(frozen=True)
class JobOptions:
    """Everything a job can be told besides its input, output folder and model."""

    title: str = DEFAULT_TITLE
    redact: bool = False
    within_labels: bool = False
    input_name: str | None = None  # how the summary calls the input (the name its user gave it)
    text_column: str | None = None
    id_column: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None
    chunk_size: int = 500
    jobs: int = 1
    distance_threshold: float = 0.85
    min_cluster_size: int = 3
    seed: int = 0

    def cluster_settings(self) -> dict[str, Any]:
        return {"distance_threshold": self.distance_threshold, "min_cluster_size": self.min_cluster_size,
                "seed": self.seed}  # fmt: skip


@dataclass(frozen=True)
class JobProgress:
    """Where a job is: ``stage`` (one of :data:`STAGES`), ``done`` of ``total`` in it, and the whole job's
    fraction done.

    >>> JobProgress("extract", 50, 100).fraction
    0.3
    """

    stage: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        before = sum(STAGE_WEIGHTS[s] for s in STAGES[: STAGES.index(self.stage)])
        inside = self.done / self.total if self.total else 1.0
        return round(before + STAGE_WEIGHTS[self.stage] * min(inside, 1.0), 4)


@dataclass
class JobResult:
    """The files a job wrote (kind -> path) and what ``summary.json`` holds."""

    files: dict[str, Path]
    summary: dict[str, Any] = field(default_factory=dict)


def output_paths(input_path: str | Path, outdir: str | Path) -> dict[str, Path]:
    """The file of each output kind in ``outdir``: the results in the input's format (Excel for a folder).

    >>> output_paths("letters.csv", "out")["results"].name, output_paths("letters/", "out")["report"].name
    ('结果.csv', '报告.html')
    """
    suffix = RESULT_SUFFIXES.get(Path(input_path).suffix.lower(), ".xlsx")
    names = OUTPUT_NAMES | {"results": OUTPUT_NAMES["results"] + suffix}
    return {kind: Path(outdir) / name for kind, name in names.items()}


def run_job(
    input_path: str | Path,
    outdir: str | Path,
    model=None,
    options: JobOptions | None = None,
    progress: Callable[[JobProgress], None] | None = None,
    extractor: EntityExtractor | None = None,
) -> JobResult:
    """Classify, extract, cluster and report ``input_path`` into the folder ``outdir`` (made if missing).

    ``model`` is a classifier (the active model, else the shipped one, when None) and ``extractor`` a fitted
    :class:`EntityExtractor` (a new one when None: a service passes the one it keeps). Every input record
    comes out in the results, in order; with ``options.redact`` every file written is redacted.
    """
    options = options or JobOptions()
    started = time.perf_counter()
    paths = _prepare_outdir(input_path, outdir)
    model = model if model is not None else resolve_model()
    tell = progress or (lambda _: None)
    frame, text_column, id_column, counts = classify_records(input_path, model, options, tell)
    found = extract_records(frame[text_column].tolist(), tell, extractor)
    tell(JobProgress("cluster", 0, 1))
    clustered, result = cluster_frame(
        frame, text_column, id_column, within_labels=options.within_labels, **options.cluster_settings()
    )
    tell(JobProgress("cluster", 1, 1))
    tell(JobProgress("report", 0, 1))
    known = sensitive_values(frame[text_column].tolist()) if options.redact else {}
    if options.redact:  # a keyword can be a name: mask the details found in the texts wherever they stand
        clustered["cluster_keywords"] = [redact(k, known=known) for k in clustered["cluster_keywords"].tolist()]
    with made_folder(paths), atomic_outputs(paths) as staged:
        report = build_report_from_frame(
            clustered, staged["report"], staged["problems"], title=options.title, redact=options.redact,
            taxonomy=model.taxonomy_, text_column=text_column, id_column=id_column,
            extractor=KnownExtractions(found, extractor),
        )  # fmt: skip
        if options.redact:
            clustered = redact_frame(clustered, known)
            redact_summary(result.summary, known)
        with open_writer(staged["results"]) as writer:
            writer.write(clustered)
        settings = options.cluster_settings() | {"within_labels": options.within_labels}
        write_summary(result, staged["clusters"], settings)
        write_summary(result, staged["clusters_table"], {})
        summary = _summary(input_path, clustered, counts, model, report, result, options, paths)
        summary["seconds"] = round(time.perf_counter() - started, 2)
        write_json(staged["summary"], summary)
    tell(JobProgress("report", 1, 1))
    return JobResult(paths, summary)


def _summary(input_path, clustered, counts, model, report, result, options, paths) -> dict[str, Any]:
    """What ``summary.json`` holds (the seconds are added by the caller)."""
    return {
        "input": options.input_name or Path(input_path).name,
        "records": len(clustered),
        "flagged": counts["flagged"],
        "labels": {label: counts["labels"].get(label, 0) for label in model.taxonomy_.label_ids},
        "no_label": counts["labels"].get("", 0),
        "problems": report.n_problems,
        "records_raising_a_problem": report.n_problem_records,
        "clusters": len(result.summary),
        "records_in_clusters": sum(1 for c in result.clusters if c >= 0),
        "resubmissions": sum(1 for d in result.duplicate_of if d),
        "title": options.title,
        "redacted": options.redact,
        "options": {k: v for k, v in asdict(options).items() if k not in ("title", "redact", "input_name")},
        "files": {kind: path.name for kind, path in paths.items()},
    }


def _prepare_outdir(input_path: str | Path, outdir: str | Path) -> dict[str, Path]:
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise TextmineError(f"{str(outdir)!r} is a file; give a folder for the outputs")
    paths = output_paths(input_path, outdir)
    if str(input_path) != "-" and Path(input_path).exists():
        source = Path(input_path).resolve()
        if any(path.resolve() == source for path in paths.values()):
            raise TextmineError(f"the input {str(input_path)!r} would be overwritten; choose another output folder")
    return paths


def classify_records(
    input_path: str | Path, model, options: JobOptions, tell: Callable[[JobProgress], None]
) -> tuple[pd.DataFrame, str, str, dict[str, Any]]:
    """Every record of the input with the result columns (an ``id`` column of row numbers first when the input
    has no id column), its text and id columns, and the counts of labels and flagged records."""
    reader = open_table(input_path, sheet=options.sheet, encoding=options.encoding)
    task = ChunkTask(
        text_column=find_text_column(reader.columns, options.text_column),
        id_column=find_id_column(reader.columns, options.id_column),
        as_lists=False,
    )
    task.renames, result_names = output_names(reader.columns, model, as_lists=False)
    chunks = list(reader.chunks(options.chunk_size))  # the job holds every record anyway: count them first
    total = sum(len(chunk) for chunk in chunks)
    tell(JobProgress("classify", 0, total))
    frames, labels, flagged, done = [], Counter(), 0, 0
    for chunk in map_chunks(task, _numbered(chunks), jobs=options.jobs, setup=model):
        frames.append(chunk.rows)
        labels.update(chunk.counts.labels)
        flagged += chunk.counts.flagged
        done += chunk.counts.records
        tell(JobProgress("classify", done, total))
    if frames:
        frame = pd.concat(frames, ignore_index=True)
    else:
        inputs = ["id"] if task.id_column is None else []
        inputs += [task.renames.get(c, c) for c in reader.columns if c != READ_ERROR]
        frame = pd.DataFrame(columns=[*inputs, *result_names])
    text_column = task.renames.get(task.text_column, task.text_column)
    id_column = task.renames.get(task.id_column, task.id_column) if task.id_column else "id"  # row numbers
    return frame, text_column, id_column, {"labels": labels, "flagged": flagged}


def _numbered(chunks):
    first_row = 1
    for chunk in chunks:
        yield first_row, chunk
        first_row += len(chunk)


def extract_records(
    texts: list[Any], tell: Callable[[JobProgress], None], extractor: EntityExtractor | None = None, every: int = 50
) -> dict[str, Extraction]:
    """What :class:`EntityExtractor` finds in each distinct text, keyed by the text as the report reads it."""
    extractor = extractor if extractor is not None else EntityExtractor().fit()
    keys = [record_text(t) for t in texts]
    found: dict[str, Extraction] = {}
    tell(JobProgress("extract", 0, len(keys)))
    for done, key in enumerate(keys, 1):
        if key not in found:
            found[key] = extractor.extract(key)
        if done % every == 0 or done == len(keys):
            tell(JobProgress("extract", done, len(keys)))
    return found


def record_text(value: Any) -> str:
    """A text cell as the report reads it (missing values empty, surrounding space removed)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


class KnownExtractions:
    """An extractor that answers from extractions made earlier, and extracts what it has not seen.

    >>> known = KnownExtractions({"开会太多": Extraction(units=["县委"])}).fit()
    >>> known.extract("开会太多").units
    ['县委']
    """

    def __init__(self, found: dict[str, Extraction], extractor: EntityExtractor | None = None) -> None:
        self.found = found
        self.extractor = extractor

    def fit(self, texts=None, y=None) -> KnownExtractions:
        return self

    def extract(self, text: str) -> Extraction:
        if text in self.found:
            return self.found[text]
        if self.extractor is None:
            self.extractor = EntityExtractor().fit()
        return self.extractor.extract(text)
