"""A small BERT encoder with random weights and a character vocabulary, built from texts.

For tests and benchmarks where no downloaded Chinese encoder is at hand: it has the same files as a
real one (``config.json``, ``model.safetensors``, the tokenizer files), so the transformer backend
treats it exactly like ``bert-base-chinese``. It learns only from the fine-tuning data, so its scores
say nothing about a pretrained encoder's.

>>> tokenizer = character_tokenizer(["村支书"])
>>> tokenizer.convert_ids_to_tokens(tokenizer("村支书")["input_ids"])
['[CLS]', '村', '支', '书', '[SEP]']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch
from transformers import BertConfig, BertModel, BertTokenizer

from textmine.text import normalize

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def character_tokenizer(texts: Sequence[str]):
    """A BERT tokenizer whose vocabulary is the special tokens and every character of ``texts``."""
    chars = sorted({ch.lower() for text in texts for ch in normalize(text) if not ch.isspace()})
    vocabulary = {token: i for i, token in enumerate([*SPECIAL_TOKENS, *chars])}
    return BertTokenizer(vocab=vocabulary)


def build_tiny_encoder(
    texts: Sequence[str],
    folder: str | Path,
    hidden_size: int = 32,
    layers: int = 2,
    heads: int = 2,
    max_positions: int = 512,
    seed: int = 0,
) -> Path:
    """Write a random-weight BERT over the characters of ``texts`` into ``folder``; returns the folder."""

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = character_tokenizer(texts)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=hidden_size * 4,
        max_position_embeddings=max_positions,
    )
    torch.manual_seed(seed)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
