"""The model registry: a folder the user controls (``./models`` by default, or ``TEXTMINE_MODELS``) holding
one sub-folder per trained model and ``active.json``, which names the model in use.

``textmine classify`` and the other commands use the active model when no ``--model`` is given, and
the model shipped with textmine when the registry has none. Promotion (:func:`promote`) re-scores the
candidate and the current model on the candidate's held-out records and refuses a model whose
macro-F1 falls by more than 0.02 on any part, unless forced.

>>> registry_folder("office_models").name
'office_models'
>>> ModelRegistry("no_such_folder").names()
[]
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textmine.classify import Classifier, is_model_folder, load_classifier
from textmine.classify.base import CARD_FILE
from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json, write_json
from textmine.resources import DEFAULT_MODEL_DIR
from textmine.retrain.compare import PROMOTION_TOLERANCE, Comparison, compare_models
from textmine.retrain.heldout import read_heldout
from textmine.taxonomy import load_taxonomy

ACTIVE_FILE = "active.json"
REGISTRY_ENV = "TEXTMINE_MODELS"
SHIPPED_NAME = "shipped default"


def registry_folder(folder: str | Path | None = None) -> Path:
    """``folder`` if given, else ``$TEXTMINE_MODELS``, else ``./models``."""
    return Path(folder if folder is not None else os.environ.get(REGISTRY_ENV) or "models")


@dataclass(frozen=True)
class ModelEntry:
    """One model of the registry, with its card."""

    name: str
    path: Path
    active: bool
    card: dict[str, Any]


class ModelRegistry:
    """The models in one folder, and which one is active."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = registry_folder(folder)

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if is_model_folder(p))

    def path_of(self, name: str) -> Path:
        """The folder of model ``name``; a plain error listing the models when there is none."""
        path = self.folder / name
        if not is_model_folder(path):
            known = ", ".join(self.names()) or "(none)"
            raise TextmineError(f"there is no model {name!r} in {str(self.folder)!r}; its models are: {known}")
        return path

    def active_name(self) -> str | None:
        path = self.folder / ACTIVE_FILE
        if not path.is_file():
            return None
        try:
            name = read_json(path).get("model")
        except (TextmineError, AttributeError):
            raise TextmineError(f"{str(path)!r} is damaged; run textmine models use NAME to set it again") from None
        return name if isinstance(name, str) and is_model_folder(self.folder / name) else None

    def active_path(self) -> Path | None:
        name = self.active_name()
        return self.folder / name if name else None

    def entries(self) -> list[ModelEntry]:
        active = self.active_name()
        entries = []
        for name in self.names():
            card_path = self.folder / name / CARD_FILE
            card = read_json(card_path) if card_path.is_file() else {}
            entries.append(ModelEntry(name, self.folder / name, name == active, card))
        return entries

    def activate(self, name: str) -> None:
        """Record ``name`` as the active model (written to a temporary file, then renamed)."""
        self.path_of(name)
        record = {
            "model": name,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "previous": self.active_name(),
        }
        write_json(self.folder / ACTIVE_FILE, record)


def current_model(registry: ModelRegistry):
    """The model in use now, and its name: the registry's active model, else the shipped one."""
    path = registry.active_path()
    return load_classifier(path or DEFAULT_MODEL_DIR), (path.name if path else SHIPPED_NAME)


def promote(
    registry: ModelRegistry, name: str, force: bool = False, tolerance: float = PROMOTION_TOLERANCE
) -> Comparison:
    """Make ``name`` the active model after comparing it with the current one on its held-out records.

    Raises TextmineError, and leaves the active model as it is, when macro-F1 falls by more than
    ``tolerance`` on any held-out part, unless ``force``.
    """
    path = registry.path_of(name)
    current, current_name = current_model(registry)
    comparison = compare_models(load_classifier(path), current, read_heldout(path), current_name)
    refusals = comparison.refusals(tolerance)
    if refusals and not force:
        raise TextmineError(
            f"{name} is not promoted: {'; '.join(refusals)}; add --force to promote it anyway "
            f"(the active model stays {current_name})"
        )
    registry.activate(name)
    return comparison


def model_path(name_or_path: str | Path | None = None) -> Path | None:
    """The folder of the model a command uses: ``name_or_path`` as a folder, else as the name of a model in the
    registry; for None the registry's active model, else None (the shipped one).

    >>> model_path("models/2024-06").name
    '2024-06'
    """
    registry = ModelRegistry()
    if name_or_path is None:
        return registry.active_path()
    if not Path(name_or_path).exists() and str(name_or_path) in registry.names():
        return registry.path_of(str(name_or_path))
    return Path(name_or_path)


def resolve_model(name_or_path: str | Path | None = None, taxonomy_path: str | Path | None = None) -> Classifier:
    """The model a command uses: a model folder, the name of a model in the registry, or (None) the registry's
    active model, else the shipped one; checked against a taxonomy file when one is given.

    >>> resolve_model().taxonomy_.label_ids[0]
    'formalism'
    """
    model = load_classifier(model_path(name_or_path))
    if taxonomy_path:
        wanted = load_taxonomy(taxonomy_path)
        if list(wanted.label_ids) != [str(c) for c in model.classes_]:
            raise TextmineError(
                f"the model's labels ({', '.join(map(str, model.classes_))}) differ from the taxonomy's "
                f"({', '.join(wanted.label_ids)}); train a model for this taxonomy with textmine train"
            )
    return model
