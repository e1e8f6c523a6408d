"""Training settings: one documented dataclass holding every knob of a training run.

It is saved as ``training.json`` beside the model, with the hashes of the data files, so that
``textmine train --settings models/NAME/training.json --out models/AGAIN`` repeats the run exactly.

>>> settings = TrainingSettings(data=["cases.xlsx"], seed=3)
>>> TrainingSettings.from_dict(settings.to_dict()) == settings
True
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from textmine.classify.base import LINEAR, SETTINGS_FILE, backend_named
from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json, write_json

#: Settings that name a model option of the same name (``seed`` is each model's ``random_state``).
MODEL_OPTIONS = (
    "C", "class_weight", "word_ngram_range", "char_ngram_range", "max_word_features", "max_char_features",
    "min_df", "threshold_folds", "base_model", "max_epochs",
)  # fmt: skip


@dataclass(frozen=True)
class TrainingSettings:
    """Every setting of a training run.

    Data
        data: labelled files (.xlsx, .csv, .jsonl, .json, Label Studio or doccano exports).
        dev: labelled files the spaCy and transformer backends stop early on (the linear backend adds them to
            its training records); the base corpus's dev split when None.
        base: None for the default (the shipped corpus with the built-in taxonomy, nothing with a custom
            one), "none" for no base corpus, or a folder holding ``train.jsonl``, ``dev.jsonl``, ``test.jsonl``.
        taxonomy: a taxonomy YAML file; None for the built-in one (or the inferred one).
        infer_taxonomy: build a flat taxonomy from the distinct labels in the data.
        text_column, label_column, title_column: column names (found by their usual names when None;
            a title, when named, is put before the text).
    Model
        backend: the model family: ``linear``, ``spacy``, ``transformer`` or a registered one.
        C, class_weight, word_ngram_range, char_ngram_range, max_word_features, max_char_features,
        min_df, threshold_folds: passed to the linear backend (:class:`textmine.classify.LinearClassifier`).
        base_model: the transformer backend's local encoder folder; max_epochs: the spaCy and transformer
            backends' most epochs (their default when None).
        refit: after the held-out comparison, train the saved model again on all the records (False keeps
            the model that was compared).
    Checks and evaluation
        heldout_fraction: share of the new records kept out of training to compare models on.
        check_folds: folds of the cross-validated label check (0 turns it off).
        near_duplicate_threshold: character-shingle Jaccard from which two records count as near copies.
        seed: the seed of every random choice (held-out split, folds, the model).
    """

    data: tuple[str, ...] = ()
    dev: tuple[str, ...] = ()
    base: str | None = None
    taxonomy: str | None = None
    infer_taxonomy: bool = False
    text_column: str | None = None
    label_column: str | None = None
    title_column: str | None = None
    backend: str = LINEAR.name
    C: float = 1.0
    class_weight: str | None = "balanced"
    word_ngram_range: tuple[int, int] = (1, 2)
    char_ngram_range: tuple[int, int] = (1, 3)
    max_word_features: int = 20000
    max_char_features: int = 40000
    min_df: int = 2
    threshold_folds: int = 5
    base_model: str | None = None
    max_epochs: int | None = None
    refit: bool = True
    heldout_fraction: float = 0.2
    check_folds: int = 5
    near_duplicate_threshold: float = 0.8
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("data", "dev"):
            object.__setattr__(self, name, tuple(str(p) for p in getattr(self, name)))
        for name in ("word_ngram_range", "char_ngram_range"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        backend_named(self.backend)  # a plain error for an unknown backend
        if self.base_model and self.backend != "transformer":
            raise TextmineError("a base model is only used by the transformer backend")
        if not 0 <= self.heldout_fraction <= 0.5:
            raise TextmineError(f"the held-out share must be between 0 and 0.5, not {self.heldout_fraction}")
        if self.check_folds == 1 or self.check_folds < 0:
            raise TextmineError(f"the label check needs 2 or more folds (or 0 to turn it off), not {self.check_folds}")
        if self.taxonomy and self.infer_taxonomy:
            raise TextmineError("give a taxonomy file or infer the taxonomy from the labels, not both")

    @property
    def custom_taxonomy(self) -> bool:
        return bool(self.taxonomy) or self.infer_taxonomy

    def model_options(self, accepted: set[str]) -> dict[str, Any]:
        """The settings a model class takes (those of its ``__init__`` parameters in ``accepted``), with the
        seed as its ``random_state``; options left at None keep the model's own default."""
        options = {name: getattr(self, name) for name in MODEL_OPTIONS if name in accepted}
        options = {name: value for name, value in options.items() if value is not None}
        if "random_state" in accepted:
            options["random_state"] = self.seed
        return options

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainingSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise TextmineError(f"unknown training settings: {', '.join(unknown)}")
        return cls(**data)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_settings(settings: TrainingSettings, folder: Path, data_files: dict[str, str]) -> None:
    """Write ``training.json``: the settings and the SHA-256 of every data file they read."""
    write_json(folder / SETTINGS_FILE, {"settings": settings.to_dict(), "data_sha256": data_files})


def load_settings(path: str | Path) -> tuple[TrainingSettings, dict[str, str]]:
    """The settings in a ``training.json`` (or a model folder holding one) and the data hashes recorded."""
    path = Path(path)
    if path.is_dir():
        path = path / SETTINGS_FILE
    if not path.is_file():
        raise TextmineError(f"training settings {str(path)!r} do not exist")
    record = read_json(path)
    if not isinstance(record, dict) or not isinstance(record.get("settings"), dict):
        raise TextmineError(f"{str(path)!r} holds no training settings")
    return TrainingSettings.from_dict(record["settings"]), dict(record.get("data_sha256") or {})
