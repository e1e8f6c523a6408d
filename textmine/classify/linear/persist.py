"""Saving and loading models as plain data: JSON, safetensors arrays, word lists. Nothing is pickled,
so loading a model never runs code from the file.

A model folder holds ``model.json`` (settings, taxonomy, vocabularies, thresholds), ``weights.safetensors``,
``dictionary.txt`` and ``stopwords.txt`` (the segmenter) and ``card.json`` (the model card).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import load_file, save_file

from textmine.classify.base import CARD_FILE, LINEAR, LINEAR_FILE
from textmine.classify.linear.neighbours import ARRAY_NAMES as VOTE_ARRAYS
from textmine.classify.linear.neighbours import NeighbourVote
from textmine.errors import TextmineError
from textmine.io.atomic import atomic_output
from textmine.io.jsonfile import read_json, write_json
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter

MODEL_FILE = LINEAR_FILE
WEIGHTS_FILE = "weights.safetensors"
FORMAT = LINEAR.format
FORMAT_VERSION = 1
DESCRIPTION_LISTS = ("classes", "subtype_classes", "thresholds", "calibration", "word_vocabulary", "char_vocabulary")
JSON_TABLES = {"thresholds": "model.json's list of thresholds", "calibration": "model.json's calibration table"}
WEIGHT_ARRAYS = ("word_idf", "char_idf", "coef", "intercept", "subtype_coef", "subtype_intercept")
SETTINGS = (
    "C",
    "class_weight",
    "threshold_folds",
    "word_ngram_range",
    "char_ngram_range",
    "max_word_features",
    "max_char_features",
    "min_df",
    "multilabel",
    "n_evidence",
    "random_state",
)


def model_card(model) -> dict[str, Any]:
    """The card saved beside the model: what it is, what it was trained on, how it scores."""
    card = dict(getattr(model, "card_", {}) or {})
    card.setdefault("backend", "linear")
    card.setdefault("taxonomy", model.taxonomy_.name)
    card.setdefault("labels", [str(c) for c in model.classes_])
    card.setdefault("multilabel", bool(model.multilabel_))
    card.setdefault("thresholds", {str(c): round(float(t), 4) for c, t in zip(model.classes_, model.thresholds_)})
    card.setdefault("training", model.training_)
    card.setdefault("settings", {name: _plain(getattr(model, name)) for name in SETTINGS})
    card["settings"] |= _vote_settings(model) | _ratio_settings(model)
    return card


def save_linear(model, path) -> None:
    """Write a fitted linear model into folder ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    word_vocab, char_vocab = model.featurizer_.vocabularies()
    word_idf, char_idf = model.featurizer_.idf()
    description = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "settings": {name: _plain(getattr(model, name)) for name in SETTINGS},
        "taxonomy": model.taxonomy_.to_dict(),
        "classes": [str(c) for c in model.classes_],
        "subtype_classes": [str(c) for c in model.subtype_classes_],
        "multilabel": bool(model.multilabel_),
        "thresholds": [float(t) for t in model.thresholds_],
        "calibration": [[float(a), float(b)] for a, b in model.calibration_],
        "hmm": model.featurizer_.segmenter.hmm,
        "training": model.training_,
        "word_vocabulary": word_vocab,
        "char_vocabulary": char_vocab,
    }
    arrays = {
        "word_idf": np.asarray(word_idf, dtype=np.float64),
        "char_idf": np.asarray(char_idf, dtype=np.float64),
        "coef": np.ascontiguousarray(model.coef_, dtype=np.float32),
        "intercept": np.asarray(model.intercept_, dtype=np.float32),
        "subtype_coef": np.ascontiguousarray(model.subtype_coef_, dtype=np.float32),
        "subtype_intercept": np.asarray(model.subtype_intercept_, dtype=np.float32),
    }
    vote = _vote_settings(model)
    if vote:
        description["neighbours"] = vote
        arrays |= model.neighbours_.to_arrays()
    ratio = _ratio_settings(model)
    if ratio:
        description["log_count_ratio"] = ratio  # already folded into the weights: a record of how they were fitted
    write_json(folder / MODEL_FILE, description)
    with atomic_output(folder / WEIGHTS_FILE) as temp:  # whole or not at all, readable as the other files
        save_file(arrays, str(temp))
    model.featurizer_.segmenter.save(folder)
    write_json(folder / CARD_FILE, model_card(model))


def load_linear(path, model_class: type):
    """The linear model saved in folder ``path``, as an instance of ``model_class``."""
    folder = Path(path)
    description = read_json(folder / MODEL_FILE)
    if description.get("format") != FORMAT:
        raise TextmineError(f"{str(folder)!r} holds a {description.get('format')!r} model, not {FORMAT!r}")
    settings = {k: tuple(v) if isinstance(v, list) else v for k, v in description["settings"].items()}
    taxonomy = Taxonomy.from_dict(description["taxonomy"])
    segmenter = Segmenter.load(folder, hmm=description.get("hmm", False))
    settings |= description.get("neighbours", {})  # saved only by a model that votes
    settings |= description.get("log_count_ratio", {"log_count_ratio": False})  # saved only by a model that scaled
    model = model_class(taxonomy=taxonomy, segmenter=segmenter, **settings)
    arrays = checked_parts(folder, description, load_file(str(folder / WEIGHTS_FILE)), taxonomy)
    model.classes_ = np.array(description["classes"], dtype=object)
    model.subtype_classes_ = np.array(description["subtype_classes"], dtype=object)
    model.multilabel_ = description["multilabel"]
    model.ratio_scaled_ = bool(model.log_count_ratio)
    model.thresholds_ = arrays.pop("thresholds")
    model.calibration_ = arrays.pop("calibration")
    model.training_ = description["training"]
    model.segmenter_ = segmenter
    model.featurizer_ = model._new_featurizer(segmenter)
    try:
        model.featurizer_.restore(
            description["word_vocabulary"], description["char_vocabulary"], arrays["word_idf"], arrays["char_idf"]
        )
    except (AttributeError, TypeError, IndexError):  # an entry that is not a term, or one listed twice
        raise damaged(folder, "model.json's vocabularies hold entries that are not distinct terms") from None
    model.coef_ = arrays["coef"]
    model.intercept_ = arrays["intercept"]
    model.subtype_coef_ = arrays["subtype_coef"]
    model.subtype_intercept_ = arrays["subtype_intercept"]
    n_word_features = len(description["word_vocabulary"])
    model.neighbours_ = NeighbourVote.from_arrays(arrays, n_word_features, len(model.classes_))
    for name in ("coef_", "intercept_", "subtype_coef_", "subtype_intercept_"):
        getattr(model, name).flags.writeable = False  # as fit leaves them
    model.card_ = read_json(folder / CARD_FILE)
    return model


def checked_parts(
    folder: Path, description: dict[str, Any], arrays: dict[str, np.ndarray], taxonomy: Taxonomy
) -> dict[str, np.ndarray]:
    """The weight ``arrays`` with the thresholds and calibration of ``description`` (``model.json``) added, once
    every part is known to agree with the others; else the error naming what does not. The checks are
    whole-array numpy operations, so loading a model stays as quick as reading its files."""
    problem = listing_problem(description, arrays)
    if problem is None:
        try:
            arrays = arrays | {name: np.array(description[name], dtype=np.float32) for name in JSON_TABLES}
        except (TypeError, ValueError):  # text, or rows of different lengths
            raise damaged(folder, "model.json's thresholds or calibration are not a table of numbers") from None
        problem = (
            categories_problem(description, taxonomy)
            or sizes_problem(description, arrays)
            or finite_problem(arrays)
            or vote_problem(description, arrays)
        )
    if problem:
        raise damaged(folder, problem)
    return arrays


def damaged(folder: Path, problem: str) -> TextmineError:
    """The error for a model folder whose parts do not agree, as one sentence.

    >>> print(damaged(Path("m1"), "model.json lists 3 classes"))
    the model in 'm1' is damaged: model.json lists 3 classes; copy the model folder again, or train it again
    """
    return TextmineError(
        f"the model in {str(folder)!r} is damaged: {problem}; copy the model folder again, or train it again"
    )


def listing_problem(description: dict[str, Any], arrays: dict[str, np.ndarray]) -> str | None:
    """A list missing from ``model.json`` or an array missing from the weights; None when all are there.

    >>> listing_problem({"classes": "formalism"}, {})
    'model.json has no list of classes'
    """
    for name in DESCRIPTION_LISTS:
        if not isinstance(description.get(name), list):
            return f"model.json has no list of {name.replace('_', ' ')}"
    if not isinstance(description.get("multilabel"), bool):
        return "model.json does not say true or false for multilabel"
    absent = [name for name in WEIGHT_ARRAYS if name not in arrays]
    return f"{WEIGHTS_FILE} has no {absent[0]} array" if absent else None


def categories_problem(description: dict[str, Any], taxonomy: Taxonomy) -> str | None:
    """A class or subtype of ``model.json`` that its taxonomy does not hold, or that is listed twice."""
    for key, kind, known in (
        ("classes", "class", taxonomy.label_ids),
        ("subtype_classes", "subtype", taxonomy.subtype_ids),
    ):
        listed, known_ids = description[key], set(known)
        unknown = [c for c in listed if not isinstance(c, str) or c not in known_ids]
        if unknown:
            return f"model.json lists {unknown[0]!r} as a {kind}, which its taxonomy does not have"
        if len(set(listed)) < len(listed):
            return f"model.json lists a {kind} twice"
    return None


def sizes_problem(description: dict[str, Any], arrays: dict[str, np.ndarray]) -> str | None:
    """The first array whose shape does not match the lists of ``model.json``; None when all do."""
    for name, sizes in expected_sizes(description).items():
        problem = shape_problem(array_name(name), arrays[name].shape, sizes)
        if problem:
            return problem
    return None


def expected_sizes(description: dict[str, Any]) -> dict[str, tuple[tuple[int, str], ...]]:
    """The size each array's axes must have, each with what in ``model.json`` sets it; the vocabularies
    first, so a shortened one is named rather than the weights it indexes.

    >>> expected_sizes({"classes": ["a", "b"], "subtype_classes": [], "word_vocabulary": ["x"],
    ...                 "char_vocabulary": ["x", "y"]})["coef"]
    ((2, 'model.json lists 2 classes'), (3, "model.json's vocabularies hold 3 terms"))
    """
    n_classes, n_subtypes = len(description["classes"]), len(description["subtype_classes"])
    n_words, n_chars = len(description["word_vocabulary"]), len(description["char_vocabulary"])
    classes = (n_classes, f"model.json lists {n_classes} classes")
    subtypes = (n_subtypes, f"model.json lists {n_subtypes} subtypes")
    terms = (n_words + n_chars, f"model.json's vocabularies hold {n_words + n_chars} terms")
    return {
        "word_idf": ((n_words, f"model.json's word vocabulary holds {n_words} terms"),),
        "char_idf": ((n_chars, f"model.json's character vocabulary holds {n_chars} terms"),),
        "coef": (classes, terms),
        "intercept": (classes,),
        "subtype_coef": (subtypes, terms),
        "subtype_intercept": (subtypes,),
        "thresholds": (classes,),
        "calibration": (classes, (2, "each class has a slope and an offset")),
    }


def shape_problem(name: str, shape: tuple[int, ...], sizes: tuple[tuple[int, str], ...]) -> str | None:
    """What is wrong with an array ``name`` of ``shape`` whose axes must have ``sizes`` (each a count and what
    sets it); None when it fits.

    >>> shape_problem("the coef array", (6, 8), ((3, "model.json lists 3 classes"), (8, "")))
    'the coef array has 6 rows, but model.json lists 3 classes'
    >>> shape_problem("the intercept array", (3, 1), ((3, "model.json lists 3 classes"),))
    'the intercept array has 2 dimensions instead of 1'
    """
    if len(shape) != len(sizes):
        return f"{name} has {len(shape)} dimensions instead of {len(sizes)}"
    units = ("values",) if len(shape) == 1 else ("rows", "columns")
    for actual, (wanted, reason), unit in zip(shape, sizes, units):
        if actual != wanted:
            return f"{name} has {actual} {unit}, but {reason}"
    return None


def finite_problem(arrays: dict[str, np.ndarray]) -> str | None:
    """The first float array holding NaN or an infinity (what overwritten bytes often read as); None when
    none does.

    >>> finite_problem({"coef": np.array([[0.5, np.nan]], dtype=np.float32)})
    'the coef array in weights.safetensors holds numbers that are not finite (NaN or infinity)'
    """
    for name, array in arrays.items():
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            return f"{array_name(name)} holds numbers that are not finite (NaN or infinity)"
    return None


def vote_problem(description: dict[str, Any], arrays: dict[str, np.ndarray]) -> str | None:
    """What is wrong with a saved neighbour vote: arrays missing where ``model.json`` says the model votes,
    rows that do not add up, or indices past the word vocabulary or the classes; None when it is sound
    (or the model does not vote)."""
    present = [name for name in VOTE_ARRAYS if name in arrays]
    if not present and "neighbours" not in description:
        return None
    if len(present) < len(VOTE_ARRAYS):
        missing = next(name for name in VOTE_ARRAYS if name not in arrays)
        return f"its neighbour vote has no {missing} array in {WEIGHTS_FILE}"
    data, indices, indptr, labels = (arrays[name] for name in VOTE_ARRAYS)
    if any(array.ndim != 1 for array in (data, indices, indptr, labels)):
        return f"its neighbour vote's arrays in {WEIGHTS_FILE} are not flat lists"
    ends = len(indptr) == len(labels) + 1 and indptr[0] == 0 and indptr[-1] == len(indices) == len(data)
    if not ends or (np.diff(indptr) < 0).any():
        return f"its neighbour vote's rows in {WEIGHTS_FILE} do not add up"
    n_words, n_classes = len(description["word_vocabulary"]), len(description["classes"])
    if len(indices) and (indices.min() < 0 or indices.max() >= n_words):
        return f"its neighbour vote uses terms past the {n_words} of model.json's word vocabulary"
    if len(labels) and (labels.min() < 0 or labels.max() >= n_classes):
        return f"its neighbour vote uses labels past the {n_classes} classes of model.json"
    return None


def array_name(name: str) -> str:
    """How a message names a saved array: one of the weights, or a table of ``model.json``."""
    return JSON_TABLES.get(name) or f"the {name} array in {WEIGHTS_FILE}"


def _vote_settings(model) -> dict[str, Any]:
    """The settings of a model's neighbour vote; empty when it has none."""
    if getattr(model, "neighbours_", None) is None:
        return {}
    return {"neighbours": model.neighbours, "neighbour_weight": model.neighbour_weight}


def _ratio_settings(model) -> dict[str, Any]:
    """The settings of a model whose SVMs learnt from log-count-ratio scaled features; empty for the others."""
    if not getattr(model, "ratio_scaled_", False):
        return {}
    return {"log_count_ratio": True, "ratio_C": model.ratio_C}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
