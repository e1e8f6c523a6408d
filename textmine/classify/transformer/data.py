"""The transformer backend's data pipeline: sliding windows of tokens, a ``datasets.Dataset`` for
training, padding into batches, and the device.

Long records are cut into overlapping windows (``max_length`` tokens, ``stride`` tokens shared by
neighbours) rather than truncated to their head and tail: a letter or report often raises a second
problem in its middle, and with multi-label targets that problem must be read to be found. A record's
score for a category is the highest score of its windows. Most records of the corpus fit in one
window of 256 characters, so this costs little.

>>> from textmine.classify.transformer.tiny_encoder import character_tokenizer
>>> tokenizer = character_tokenizer(["村支书把低保给亲戚"])
>>> windows = encode_windows(tokenizer, ["村支书把低保给亲戚", "低保"], max_length=6, stride=2)
>>> windows["record"]
[0, 0, 0, 0, 1]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from datasets import Dataset

from textmine.errors import TextmineError


def encode_windows(tokenizer, texts: Sequence[str], max_length: int, stride: int) -> dict[str, list]:
    """Token windows of every text; ``record`` gives the index of the text each window came from."""
    if not getattr(tokenizer, "is_fast", False):
        raise TextmineError(
            "the base model's tokenizer has no fast version (tokenizer.json), which sliding windows need"
        )
    encoded = tokenizer(
        list(texts), truncation=True, max_length=max_length, stride=stride, return_overflowing_tokens=True
    )
    windows = {key: list(values) for key, values in encoded.items() if key != "overflow_to_sample_mapping"}
    windows["record"] = list(encoded["overflow_to_sample_mapping"])
    return windows


def window_dataset(tokenizer, texts: Sequence[str], targets: np.ndarray, max_length: int, stride: int):
    """A ``datasets.Dataset`` of token windows with their record's targets, tokenised by a batched ``map``."""
    records = Dataset.from_dict({"text": list(texts), "labels": targets.astype(np.float32).tolist()})

    def tokenize(batch: dict[str, list]) -> dict[str, list]:
        windows = encode_windows(tokenizer, batch["text"], max_length, stride)
        windows["labels"] = [batch["labels"][k] for k in windows.pop("record")]
        return windows

    return records.map(tokenize, batched=True, remove_columns=records.column_names, desc="tokenising")


def pad_batch(tokenizer, rows: list[dict[str, Any]]):
    """Pad a list of windows into a batch of tensors (labels as float for the multi-label loss)."""
    labels = [row.pop("labels") for row in rows] if "labels" in rows[0] else None
    batch = tokenizer.pad(rows, return_tensors="pt")
    if labels is not None:
        batch["labels"] = torch.tensor(labels, dtype=torch.float32)
    return batch


def window_batches(windows: dict[str, list], size: int):
    """Lists of window rows (without the record index), ``size`` at a time, longest first for less padding."""
    keys = [k for k in windows if k != "record"]
    order = sorted(range(len(windows["record"])), key=lambda i: -len(windows["input_ids"][i]))
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        yield chunk, [{k: windows[k][i] for k in keys} for i in chunk]


def pick_device(name: str = "auto"):
    """The torch device: a GPU when present and ``name`` is "auto", else what ``name`` says."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        return torch.device(name)
    except RuntimeError:
        raise TextmineError(f"unknown device {name!r}; use auto, cpu or cuda") from None
