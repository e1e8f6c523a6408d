"""The model registry: a folder the user controls (``./models`` by default, or ``TEXTMINE_MODELS``) holding
one sub-folder per trained model and ``active.json``, which names the model in use.

``textmine classify`` and the other commands use the active model when no ``--model`` is given, and
the model shipped with textmine when the registry has no active one (an active model whose folder is gone
is an error, never a silent fall back). Promotion (:func:`promote`) takes the candidate's held-out scores
measured when it was trained (``evaluation.json``, before the refit on all records), scores the current
model on the same held-out records, and refuses, unless forced, a model whose macro-F1 falls by more than
0.02 on any part, one that could be compared on no part, and one trained on records of a single label.

>>> registry_folder("office_models").name
'office_models'
>>> ModelRegistry("no_such_folder").names()
[]
>>> is_registry_name("2024-06"), is_registry_name("../w/m_mine"), is_registry_name(".m.partial")
(True, False, False)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textmine.classify import Classifier, is_model_folder, load_classifier
from textmine.classify.base import CARD_FILE
from textmine.errors import TextmineError
from textmine.io.jsonfile import read_json, write_json
from textmine.resources import DEFAULT_MODEL_DIR
from textmine.retrain.compare import EVALUATION_FILE, PROMOTION_TOLERANCE, Comparison, compare_models
from textmine.retrain.heldout import read_heldout
from textmine.retrain.records import LabelledRecords
from textmine.taxonomy import load_taxonomy

ACTIVE_FILE = "active.json"
REGISTRY_ENV = "TEXTMINE_MODELS"
SHIPPED_NAME = "shipped default"
NOT_RECORDED = f"its folder holds no {EVALUATION_FILE} with the held-out scores measured when it was trained"

log = logging.getLogger(__name__)


def registry_folder(folder: str | Path | None = None) -> Path:
    """``folder`` if given, else ``$TEXTMINE_MODELS``, else ``./models``."""
    return Path(folder if folder is not None else os.environ.get(REGISTRY_ENV) or "models")


def is_registry_name(name: object) -> bool:
    """Whether ``name`` can name a model folder directly in the registry: no path, and not hidden (a name
    starting with "." is a staging folder such as ``.NAME.partial``)."""
    return isinstance(name, str) and bool(name) and not name.startswith(".") and not {"/", "\\"} & set(name)


@dataclass(frozen=True)
class ModelEntry:
    """One model of the registry, with its card; ``note`` says what is wrong with it ("" when nothing)."""

    name: str
    path: Path
    active: bool
    card: dict[str, Any]
    note: str = ""


class ModelRegistry:
    """The models in one folder, and which one is active."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = registry_folder(folder)

    def names(self) -> list[str]:
        """The models' folder names (hidden folders, such as an interrupted save's, are none)."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if is_registry_name(p.name) and is_model_folder(p))

    def path_of(self, name: str) -> Path:
        """The folder of model ``name``; a plain error listing the models when there is none."""
        if not is_registry_name(name):
            raise TextmineError(
                f"{name!r} is not the name of a model in the registry {str(self.folder)!r}: give the name of a "
                f"folder directly in it (textmine models list shows them); copy the model folder into "
                f"{str(self.folder)!r} first, or give its path to each command with --model PATH"
            )
        path = self.folder / name
        if not is_model_folder(path):
            known = ", ".join(self.names()) or "(none)"
            raise TextmineError(f"there is no model {name!r} in {str(self.folder)!r}; its models are: {known}")
        return path

    def named_active(self) -> str | None:
        """The name ``active.json`` records, whether or not the registry holds it (None without the file)."""
        path = self.folder / ACTIVE_FILE
        if not path.is_file():
            return None
        try:
            name = read_json(path).get("model")
        except (TextmineError, AttributeError):
            name = None
        if not isinstance(name, str):
            raise TextmineError(f"{str(path)!r} is damaged; run textmine models use NAME to set it again")
        return name

    def missing_active(self, name: str) -> str:
        """The sentence for an active model the registry does not hold."""
        return (
            f"the active model {name!r} named in {str(self.folder / ACTIVE_FILE)!r} is not in the registry (no "
            f"model folder {str(self.folder / name)!r}); choose one with textmine models use NAME, or delete "
            f"{ACTIVE_FILE} to use the {SHIPPED_NAME} model"
        )

    def active_name(self) -> str | None:
        """The active model's name; None when none is chosen; a plain error when the chosen one is gone."""
        name = self.named_active()
        if name is not None and not (is_registry_name(name) and is_model_folder(self.folder / name)):
            raise TextmineError(self.missing_active(name))
        return name

    def active_path(self) -> Path | None:
        name = self.active_name()
        return self.folder / name if name else None

    def entries(self) -> list[ModelEntry]:
        """Every model with its card (a damaged card is noted, not raised), and an active one that is gone."""
        active = self.recorded_active()
        entries = [
            ModelEntry(name, self.folder / name, name == active, *read_card(self.folder / name))
            for name in self.names()
        ]
        if active is not None and active not in self.names():
            note = f"missing: named in {ACTIVE_FILE}, but not in the registry"
            entries.append(ModelEntry(active, self.folder / active, True, {}, note))
        return entries

    def recorded_active(self) -> str | None:
        """:meth:`named_active`, None when ``active.json`` is damaged."""
        try:
            return self.named_active()
        except TextmineError:
            return None

    def active_problem(self) -> str:
        """What is wrong with the active model, in a few words ("" when it is usable or none is chosen)."""
        try:
            self.active_name()
        except TextmineError:
            name = self.recorded_active()
            return f"the active model {name!r} is not in the registry" if name else f"{ACTIVE_FILE} is damaged"
        return ""

    def activate(self, name: str) -> None:
        """Record ``name`` as the active model (written to a temporary file, then renamed)."""
        self.path_of(name)
        record = {
            "model": name,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "previous": self.recorded_active(),
        }
        write_json(self.folder / ACTIVE_FILE, record)


def read_card(folder: Path) -> tuple[dict[str, Any], str]:
    """A model folder's card and, when it is damaged, a short note ({} and "" when it has none)."""
    path = folder / CARD_FILE
    if not path.is_file():
        return {}, ""
    try:
        card = read_json(path)
    except TextmineError:
        return {}, f"damaged: {CARD_FILE} is not valid JSON"
    if not isinstance(card, dict):
        return {}, f"damaged: {CARD_FILE} holds no JSON object"
    return card, ""


def current_model(registry: ModelRegistry):
    """The model in use now, and its name: the registry's active model, else the shipped one."""
    path = registry.active_path()
    return load_classifier(path or DEFAULT_MODEL_DIR), (path.name if path else SHIPPED_NAME)


def recorded_comparison(folder: Path) -> Comparison | None:
    """The comparison a training run saved in ``folder`` (None when it is missing or damaged)."""
    path = folder / EVALUATION_FILE
    try:
        return Comparison.from_dict(read_json(path)) if path.is_file() else None
    except (TextmineError, KeyError, TypeError, ValueError, AttributeError):
        return None


def saved_heldout(folder: Path) -> dict[str, LabelledRecords]:
    """The held-out records saved with a model; none when ``heldout.jsonl`` is missing or damaged."""
    try:
        return read_heldout(folder)
    except (TextmineError, KeyError, TypeError, AttributeError):
        return {}


def trained_labels(model) -> list[str] | None:
    """The labels the model's training records carried (None when the model does not say)."""
    counts = (getattr(model, "training_", None) or {}).get("label_counts")
    return [str(label) for label, n in counts.items() if n] if isinstance(counts, dict) else None


def promotion_refusals(comparison: Comparison, labels: list[str] | None, tolerance: float = PROMOTION_TOLERANCE):
    """Why a model is not promoted without --force: macro-F1 falls, it could be compared on no held-out
    part, or it learnt a single label.

    >>> from textmine.retrain.compare import NO_HELDOUT
    >>> promotion_refusals(Comparison("m", [], NO_HELDOUT), ["交通"])  # doctest: +NORMALIZE_WHITESPACE
    ['there is nothing to compare it on (there are no held-out records to compare on)',
     "it was trained on records of one label ('交通'), so it can only answer that label"]
    """
    reasons = comparison.refusals(tolerance)
    nothing = comparison.nothing_compared()
    if nothing:
        reasons.append(f"there is nothing to compare it on ({nothing})")
    if labels is not None and len(labels) == 1:
        reasons.append(f"it was trained on records of one label ({labels[0]!r}), so it can only answer that label")
    return reasons


def check_promotion(
    name: str,
    comparison: Comparison,
    labels: list[str] | None,
    force: bool = False,
    tolerance: float = PROMOTION_TOLERANCE,
    kept: str = "",
) -> None:
    """Raise TextmineError naming every reason when ``name`` may not be promoted, unless ``force``; when
    forced past a single label, warn that the model can only answer that label."""
    reasons = promotion_refusals(comparison, labels, tolerance)
    if reasons and not force:
        kept = kept or f"the active model stays {comparison.current_name}"
        raise TextmineError(f"{name} is not promoted: {'; '.join(reasons)}; add --force to promote it anyway ({kept})")
    if labels is not None and len(labels) == 1:
        log.warning("%s was trained on records of one label (%s) only: it can only answer that label", name, labels[0])


def promote(
    registry: ModelRegistry,
    name: str,
    force: bool = False,
    tolerance: float = PROMOTION_TOLERANCE,
    comparison: Comparison | None = None,
) -> Comparison:
    """Make ``name`` the active model after comparing it with the current one on its held-out records.

    The comparison is ``comparison`` when given (the one a training run just made), else
    :func:`recorded_against_current`. Raises TextmineError, and leaves the active model as it is, when
    :func:`promotion_refusals` gives a reason, unless ``force``.
    """
    path = registry.path_of(name)
    model = load_classifier(path)
    problem = registry.active_problem() if comparison is None else ""
    if comparison is None:
        comparison = recorded_against_current(registry, path, model)
    kept = f"{ACTIVE_FILE} is left as it is" if problem else ""
    check_promotion(name, comparison, trained_labels(model), force, tolerance, kept)
    registry.activate(name)
    return comparison


def recorded_against_current(registry: ModelRegistry, path: Path, model) -> Comparison:
    """The held-out scores recorded when the model at ``path`` was trained (before any refit on all records),
    against the current model scored now on the same held-out records (``heldout.jsonl``)."""
    problem = registry.active_problem()
    current, current_name = (None, registry.recorded_active() or "none") if problem else current_model(registry)
    recorded = recorded_comparison(path) or Comparison(current_name, [], NOT_RECORDED)
    comparison = compare_models(model, current, saved_heldout(path), current_name, recorded)
    return replace(comparison, note=problem) if problem else comparison


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
