"""One tracking (回头看) job in one call: a new period's records checked against the last problem list, the
new problem list and the 回头看 report written into one folder with a short ``summary.json``. Records
without textmine's result columns are classified first. Used by the service's ``POST /v1/track``; the
command line's ``textmine track`` does the same on a classified file.

>>> result = run_track_job("五月.xlsx", "问题清单.xlsx", "out")     # doctest: +SKIP
>>> sorted(result.files), result.summary["conclusions"]            # doctest: +SKIP
(['register', 'report', 'summary'], {'新发现': 12, '持续反映': 3, '整改后反弹': 2, '本期无反映': 40})
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textmine.cluster.files import read_all
from textmine.engines.classified import Classify
from textmine.engines.job import JobProgress, JobResult, KnownExtractions
from textmine.errors import TextmineError
from textmine.io.atomic import atomic_outputs, made_folder
from textmine.io.jsonfile import write_json
from textmine.report.records import prepare_records
from textmine.report.register import read_register
from textmine.report.review import DEFAULT_REVIEW_TITLE, write_review_report
from textmine.report.track import track
from textmine.report.workbook import save_register
from textmine.text.extract import EntityExtractor
from textmine.text.redact import redact

#: What a tracking job writes: its kind and file name.
TRACK_OUTPUT_NAMES = {"register": "新问题清单.xlsx", "report": "回头看.html", "summary": "summary.json"}


@dataclass(frozen=True)
class TrackOptions:
    """What a tracking job can be told besides its two inputs, output folder and model. ``register_name``
    is how messages call the register, ``input_name`` how the summary calls the new records (the names the
    user gave them)."""

    title: str = DEFAULT_REVIEW_TITLE
    redact: bool = False
    register_name: str | None = None
    input_name: str | None = None
    text_column: str | None = None
    id_column: str | None = None
    sheet: str | int | None = None
    encoding: str | None = None


def run_track_job(
    input_path: str | Path,
    register_path: str | Path,
    outdir: str | Path,
    model=None,
    options: TrackOptions | None = None,
    progress: Callable[[JobProgress], None] | None = None,
    extractor: EntityExtractor | None = None,
) -> JobResult:
    """Track ``input_path`` against the register ``register_path`` into the folder ``outdir``.

    The register is read first, so a damaged one fails before any work. With ``options.redact`` the new
    records' texts are masked before they enter the register, and the report is redacted; what the uploaded
    register already holds (what staff typed) is kept as it was.
    """
    options = options or TrackOptions()
    started = time.perf_counter()
    tell = progress or (lambda _: None)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise TextmineError(f"{str(outdir)!r} is a file; give a folder for the outputs")
    register = read_register(register_path, options.register_name)
    frame, text_column, id_column = read_all(input_path, options.text_column, options.id_column, options.sheet,
                                             options.encoding)  # fmt: skip
    classified_first = 0
    if "labels" not in frame.columns:
        tell(JobProgress("classify", 0, len(frame)))
        classify = Classify(model)  # resolves the active model, a folder or a registry name
        frame = classify(frame, text_column)
        model = classify.classifier()
        classified_first = len(frame)
    tell(JobProgress("extract", 0, 1))
    known = KnownExtractions({}, extractor)  # a shared extractor is used, not fitted again
    records = prepare_records(frame, text_column=text_column, id_column=id_column, extractor=known)
    if options.redact:
        records = records.assign(text=records["text"].map(redact))
    tell(JobProgress("report", 0, 1))
    taxonomy = model.taxonomy_ if model is not None else None
    result = track(register, records, taxonomy)
    paths = {kind: outdir / name for kind, name in TRACK_OUTPUT_NAMES.items()}
    with made_folder(paths), atomic_outputs(paths) as staged:  # the three files appear together or not at all
        save_register(staged["register"], register, records, taxonomy)
        write_review_report(result, records, staged["report"], title=options.title, redact=options.redact,
                            taxonomy=taxonomy)  # fmt: skip
        summary = {
            "input": options.input_name or Path(input_path).name,
            "records": len(records),
            "classified_first": classified_first,
            "already_in_register": result.already_kept,
            "conclusions": result.counts(),
            "new_problems": len(result.new_numbers),
            "rebounds": [rebound.number for rebound in result.rebounds],
            "staff_edits_kept": len(result.staff_edits),
            "title": options.title,
            "redacted": options.redact,
            "files": {kind: path.name for kind, path in paths.items()},
            "seconds": round(time.perf_counter() - started, 2),
        }
        write_json(staged["summary"], summary)
    tell(JobProgress("report", 1, 1))
    return JobResult(paths, summary)
