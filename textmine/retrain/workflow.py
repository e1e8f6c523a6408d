"""The training workflow, the same for every backend: read labelled cases, check them, train, score against
the current model, train again on everything, save.

    read (files, exports) → parse labels (taxonomy) → checks → hold out part of the new cases
    → fit (backend) → compare with the current model → refit on all records → model folder

The model folder holds the model and its card (``card.json``), the settings (``training.json``), the
check report (``checks.json``), the held-out records (``heldout.jsonl``) and the comparison
(``evaluation.json``). Promotion is a separate step (:func:`textmine.retrain.registry.promote`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> subjects = {"交通": ["村口公路", "镇上的桥", "公交站台", "县道路面", "通村水泥路"],
...             "教育": ["镇中心小学", "县一中", "村幼儿园", "实验中学", "职业学校"]}
>>> problems = {"交通": ["坑洼不平没人修", "路灯全坏了", "塌了一半没人管"], "教育": ["乱收补课费", "老师体罚学生", "食堂不卫生"]}
>>> rows = [f"{s}{p},{label}" for label in subjects for s in subjects[label] for p in problems[label]]
>>> _ = (folder / "cases.csv").write_text("内容,类别\\n" + "\\n".join(rows) + "\\n", encoding="utf-8")
>>> settings = TrainingSettings(data=[str(folder / "cases.csv")], infer_taxonomy=True, min_df=1, check_folds=0)
>>> run = train(settings, folder / "models" / "2024-06")
>>> run.n_train, run.model.card_["mode"]
(30, 'single-label: exactly one label per record')
>>> print(run.report.lines()[0])
checks of 30 new records (base corpus: 0 records):
"""

from __future__ import annotations

import inspect
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from textmine.classify.base import LINEAR, backend_named, is_model_folder
from textmine.errors import TextmineError
from textmine.io.jsonfile import write_json
from textmine.resources import CORPUS_DIR
from textmine.retrain.checks import CheckReport, DuplicateIndex, Suspect, find_conflicts, find_duplicates, snippet
from textmine.retrain.compare import EVALUATION_FILE, Comparison, compare_models
from textmine.retrain.heldout import write_heldout
from textmine.retrain.label_check import find_disagreements, out_of_fold_scores
from textmine.retrain.records import (
    LabelledRecords,
    RawRecords,
    parse_records,
    read_labelled,
    read_raw,
    taxonomy_from_labels,
)
from textmine.retrain.settings import TrainingSettings, file_sha256, save_settings
from textmine.retrain.split import heldout_split
from textmine.taxonomy import Taxonomy, load_taxonomy
from textmine.text import Segmenter

log = logging.getLogger(__name__)

SHIPPED_CORPUS = CORPUS_DIR
CHECKS_FILE = "checks.json"
BASE_TEST = "base test"
NEW_CASES = "new cases"


def make_estimator(settings: TrainingSettings, taxonomy: Taxonomy, multilabel: bool, **overrides: Any):
    """A fresh, unfitted estimator of the chosen backend with the settings its class takes (``overrides``
    replace them)."""
    return _estimator(settings.backend, settings, taxonomy, multilabel, **overrides)


def _estimator(backend: str, settings: TrainingSettings, taxonomy: Taxonomy, multilabel: bool, **overrides: Any):
    model_class = backend_named(backend).load_class()
    accepted = set(inspect.signature(model_class).parameters)
    options = settings.model_options(accepted) | {"taxonomy": taxonomy}
    if "multilabel" in accepted:
        options["multilabel"] = multilabel
    return model_class(**{**options, **{k: v for k, v in overrides.items() if k in accepted}})


@dataclass
class TrainingRun:
    """What a run produced: the fitted model, the check report, the comparison and where it was saved."""

    model: Any
    report: CheckReport
    comparison: Comparison
    out: Path
    n_train: int
    heldout: dict[str, LabelledRecords]
    refit: bool = False


def read_new_records(settings: TrainingSettings) -> tuple[RawRecords, dict[str, str]]:
    """The label cells of every data file, and each file's SHA-256."""
    if not settings.data:
        raise TextmineError("no labelled data was given (use --data FILE)")
    raw = RawRecords([], [], [])
    for path in settings.data:
        raw = raw + read_raw(path, settings.text_column, settings.label_column, settings.title_column)
    if not raw.texts:
        raise TextmineError("the labelled data holds no records with text")
    return raw, {path: file_sha256(path) for path in settings.data}


def resolve_taxonomy(settings: TrainingSettings, raw: RawRecords) -> Taxonomy:
    if settings.infer_taxonomy:
        return taxonomy_from_labels(raw)
    return load_taxonomy(settings.taxonomy)


def base_folder(settings: TrainingSettings) -> Path | None:
    """The base corpus folder: the shipped corpus by default with the built-in taxonomy, else none."""
    if settings.base is None:
        return None if settings.custom_taxonomy else SHIPPED_CORPUS
    return None if settings.base.lower() == "none" else Path(settings.base)


@dataclass(frozen=True)
class BaseCorpus:
    """The base corpus's splits (empty when there is none): train, dev and test."""

    train: LabelledRecords
    dev: LabelledRecords
    test: LabelledRecords


def base_corpus(settings: TrainingSettings, taxonomy: Taxonomy) -> BaseCorpus:
    """The base corpus's splits; empty when there is none."""
    empty = LabelledRecords.empty()
    folder = base_folder(settings)
    if folder is None:
        return BaseCorpus(empty, empty, empty)
    if not (folder / "train.jsonl").is_file():
        raise TextmineError(
            f"no base corpus in {str(folder)!r} (it needs train.jsonl); give --base FOLDER, or --base none to train "
            "on the new records alone"
        )

    def split(name: str) -> LabelledRecords:
        path = folder / f"{name}.jsonl"
        return read_labelled(path, taxonomy) if path.is_file() else empty

    return BaseCorpus(split("train"), split("dev"), split("test"))


def dev_records(settings: TrainingSettings, taxonomy: Taxonomy, base: BaseCorpus) -> LabelledRecords:
    """The records backends stop early on: the ``dev`` files, else the base corpus's dev split."""
    return read_labelled(settings.dev, taxonomy) if settings.dev else base.dev


def indicator(records: LabelledRecords, taxonomy: Taxonomy) -> np.ndarray:
    position = {label: j for j, label in enumerate(taxonomy.label_ids)}
    Y = np.zeros((len(records), len(position)), dtype=np.int8)
    for i, labels in enumerate(records.labels):
        Y[i, [position[label] for label in labels]] = 1
    return Y


def run_checks(
    settings: TrainingSettings, new: LabelledRecords, base_train: LabelledRecords, base_test: LabelledRecords
) -> tuple[CheckReport, DuplicateIndex]:
    """Duplicates and conflicts of the new records; the label check is added by :func:`check_labels`."""
    base = base_train + base_test
    duplicates = find_duplicates(
        new.texts,
        base.texts,
        threshold=settings.near_duplicate_threshold,
        new_sources=new.sources,
        base_sources=base.sources,
        base_test=[False] * len(base_train) + [True] * len(base_test),
    )
    everything = base + new
    conflicts = find_conflicts(everything.texts, everything.labels, everything.sources, first_new=len(base))
    report = CheckReport(
        n_records=len(new),
        n_base=len(base),
        no_label=sum(not labels for labels in new.labels),
        duplicates=duplicates.found,
        conflicts=conflicts,
        left_out=[new.sources[i] for i in sorted(duplicates.copies_base_test)],
    )
    return report, duplicates


def check_labels(
    settings: TrainingSettings,
    taxonomy: Taxonomy,
    new: LabelledRecords,
    base_train: LabelledRecords,
    new_estimator: Callable[..., Any],
    single_label: bool,
) -> tuple[list[Suspect], str]:
    """Cross-validated label check of the new records (base records join every training fold). The check
    is a property of the data, so it always uses the linear model, whatever backend is trained."""
    folds = settings.check_folds
    Y = indicator(new, taxonomy)
    if folds == 0:
        return [], "turned off"
    if len(new) < 2 * folds or (Y.sum(axis=0) > 0).sum() < 2:
        return [], "skipped: too few records or labels"
    log.info("checking labels with %d-fold cross-validation", folds)
    scores = out_of_fold_scores(
        lambda: new_estimator(threshold_folds=0),
        new.texts,
        Y,
        folds=folds,
        seed=settings.seed,
        extra_texts=base_train.texts,
        extra_Y=indicator(base_train, taxonomy),
    )
    names = [taxonomy.name_of(label) for label in taxonomy.label_ids]
    suspects = [
        Suspect(
            new.sources[doubt.index],
            snippet(new.texts[doubt.index]),
            [taxonomy.name_of(label) for label in new.labels[doubt.index]],
            [name for name, on in zip(names, doubt.suggested) if on],
            doubt.given_score,
        )
        for doubt in find_disagreements(Y, scores, single_label=single_label)
    ]
    return suspects, f"{folds}-fold cross-validation"


def fit(model, records: LabelledRecords, dev: LabelledRecords, taxonomy: Taxonomy):
    """Fit ``model`` on ``records``, with ``dev`` for the backends that stop early (the linear one trains on it)."""
    subtypes = records.subtypes if taxonomy.subtypes else None
    dev_parts = (dev.texts, dev.labels, dev.subtypes if taxonomy.subtypes else None) if len(dev) else None
    return model.fit(records.texts, records.labels, subtypes=subtypes, dev=dev_parts)


def train(
    settings: TrainingSettings,
    out: str | Path,
    current: Any = None,
    current_name: str = "none",
    overwrite: bool = False,
    before_save: Callable[[TrainingRun], None] | None = None,
) -> TrainingRun:
    """Run the whole workflow and save the model folder at ``out``; ``current`` is the model to beat.

    ``before_save`` sees the finished run before anything is written; an error it raises leaves ``out`` as it
    was (a promotion gate for a run that replaces the model in use)."""
    out = Path(out)
    _check_out(out, overwrite)
    if not settings.data:
        raise TextmineError("no labelled data was given (use --data FILE)")
    _estimator(settings.backend, settings, load_taxonomy(), True).check_settings()
    raw, data_files = read_new_records(settings)
    taxonomy = resolve_taxonomy(settings, raw)
    if settings.infer_taxonomy:  # an inferred taxonomy is flat: a subtypes column names nothing in it
        raw = replace(raw, subtype_values=[None] * len(raw.texts))
    new = parse_records(raw, taxonomy)
    base = base_corpus(settings, taxonomy)
    dev = dev_records(settings, taxonomy, base)
    report, duplicates = run_checks(settings, new, base.train + base.dev, base.test)
    report.skipped = list(raw.skipped)
    segmenter = Segmenter.default(taxonomy.cue_words())  # one jieba tokenizer for every fit of the run
    multilabel = not (base.train + new).single_label
    new_estimator = partial(make_estimator, settings, taxonomy, multilabel, segmenter=segmenter)
    checker = partial(_estimator, LINEAR.name, settings, taxonomy, multilabel, segmenter=segmenter)
    report.suspects, report.label_check = check_labels(
        settings, taxonomy, new, base.train + base.dev, checker, single_label=not multilabel
    )
    train_index, heldout_index = heldout_split(
        new.labels, duplicates.group, settings.heldout_fraction, settings.seed, duplicates.copies_base_test
    )
    training = base.train + new.subset(train_index)
    log.info("training a %s model on %d records (%d held out)", settings.backend, len(training), len(heldout_index))
    model = fit(new_estimator(), training, dev, taxonomy)
    heldout = {BASE_TEST: base.test, NEW_CASES: new.subset(heldout_index)}
    comparison = compare_models(model, current, heldout, current_name)
    refit = settings.refit and len(heldout_index) > 0
    if refit:
        training = base.train + new
        log.info("training again on all %d records", len(training))
        model = fit(new_estimator(), training, dev, taxonomy)
    model.card_ = _card(out.name, settings, model, report, comparison, len(training), refit)
    run = TrainingRun(model, report, comparison, out, len(training), heldout, refit)
    if before_save is not None:
        before_save(run)
    _save(out, model, settings, data_files, report, heldout, comparison, overwrite)
    return run


def _check_out(out: Path, overwrite: bool) -> None:
    if out.exists() and not overwrite:
        raise TextmineError(f"{str(out)!r} already exists; choose another name or add --overwrite")
    if out.exists() and not is_model_folder(out):
        raise TextmineError(f"{str(out)!r} exists and is not a model folder; it is left as it is")


def _card(
    name: str, settings, model, report: CheckReport, comparison: Comparison, n_train: int, refit: bool
) -> dict[str, Any]:
    multilabel = bool(model.multilabel_)
    return {
        "name": name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "backend": settings.backend,
        "mode": "multi-label: zero or more labels per record"
        if multilabel
        else "single-label: exactly one label per record",
        "trained_on": {"data": list(settings.data), "base": str(base_folder(settings) or "none"), "records": n_train},
        "saved_model": "refit on all records after the held-out comparison"
        if refit
        else "the model scored on the held-out records (trained without them)",
        "heldout_scores": {
            part.name: {k: part.new[k] for k in ("macro_f1", "micro_f1", "subset_accuracy", "n_records")}
            for part in comparison.parts
        },
        "compared_with": comparison.current_name,
        "checks": {
            "duplicates": len(report.duplicates),
            "conflicts": len(report.conflicts),
            "suspect_labels": len(report.suspects),
        },
        "settings_file": "training.json",
    }


def _save(out: Path, model, settings, data_files, report, heldout, comparison, overwrite: bool) -> None:
    """Write the folder beside ``out`` (hidden, as ``.NAME.partial``) and move it into place only when it is
    complete; a folder it replaces is moved aside first and removed last."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        model.save(staging)
        save_settings(settings, staging, data_files)
        write_json(staging / CHECKS_FILE, report.to_dict())
        write_json(staging / EVALUATION_FILE, comparison.to_dict())
        write_heldout(staging, heldout)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move_into_place(staging, out, replace_existing=overwrite)


def _move_into_place(staging: Path, out: Path, replace_existing: bool) -> None:
    """Rename ``staging`` to ``out``; an existing ``out`` (when replaced) is renamed aside until then."""
    if not (replace_existing and out.exists()):
        staging.rename(out)
        return
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    out.rename(old)
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
