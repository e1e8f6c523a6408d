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
    arrays = load_file(str(folder / WEIGHTS_FILE))
    model.classes_ = np.array(description["classes"], dtype=object)
    model.subtype_classes_ = np.array(description["subtype_classes"], dtype=object)
    model.multilabel_ = description["multilabel"]
    model.ratio_scaled_ = bool(model.log_count_ratio)
    model.thresholds_ = np.array(description["thresholds"], dtype=np.float32)
    model.calibration_ = np.array(description["calibration"], dtype=np.float32)
    model.training_ = description["training"]
    model.segmenter_ = segmenter
    model.featurizer_ = model._new_featurizer(segmenter)
    model.featurizer_.restore(
        description["word_vocabulary"], description["char_vocabulary"], arrays["word_idf"], arrays["char_idf"]
    )
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
