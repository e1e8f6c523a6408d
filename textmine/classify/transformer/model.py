"""Transformer backend: fine-tune a local Chinese encoder (bert-base-chinese, chinese-roberta-wwm-ext, a
bge model …) for multi-label classification.

A sigmoid head scores every label and every subtype. Training reads token windows from a
``datasets.Dataset`` (see :mod:`textmine.classify.transformer.data`: sliding windows, so long records
are read whole), is seeded, evaluates dev macro-F1 after each epoch, stops early and keeps the best
epoch; per-label thresholds are tuned on the dev records. A GPU is used when present.

Nothing is fetched from a model hub: ``base_model`` is a folder on disk, and loading passes
``local_files_only``. A model folder holds ``textmine.json`` (format ``textmine-transformer``),
``card.json``, the segmenter's ``dictionary.txt`` and ``stopwords.txt`` (for evidence words) and the
encoder in ``encoder/`` as written by ``save_pretrained`` (safetensors weights: no pickle).

>>> TransformerClassifier(base_model="/no/such/folder").fit(["文本"], [["corruption"]])
Traceback (most recent call last):
...
textmine.errors.TextmineError: no model at '/no/such/folder': download an encoder (for example bert-base-chinese) on a machine with internet access, copy its folder (config.json, the weights and the tokenizer files) here, and pass that folder as the base model
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
import torch
import transformers
from sklearn.base import BaseEstimator, ClassifierMixin
from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup, set_seed

from textmine.classify.base import TRANSFORMER
from textmine.classify.joint import CategorySpace, JointClassifier
from textmine.classify.transformer.data import encode_windows, pad_batch, pick_device, window_batches, window_dataset
from textmine.errors import TextmineError
from textmine.taxonomy import Taxonomy
from textmine.text import Segmenter

ENCODER_DIR = "encoder"


def check_base_model(path: str | Path | None) -> Path:
    """The base model folder, or a TextmineError saying where to put a downloaded model."""
    if not path:
        raise TextmineError("the transformer backend needs a base model: the folder of a downloaded encoder")
    folder = Path(path)
    if not (folder / "config.json").is_file():
        raise TextmineError(
            f"no model at {str(folder)!r}: download an encoder (for example bert-base-chinese) on a machine with "
            "internet access, copy its folder (config.json, the weights and the tokenizer files) here, and pass "
            "that folder as the base model"
        )
    return folder


class TransformerClassifier(JointClassifier, ClassifierMixin, BaseEstimator):
    """Multi-label classifier fine-tuned from a local encoder.

    Parameters
    ----------
    base_model: folder of the encoder to fine-tune (``config.json``, weights, a fast tokenizer).
    taxonomy: the categories; the built-in taxonomy when None.
    segmenter: the word segmenter used for evidence words; the shipped dictionary when None.
    max_length, stride: tokens per window and tokens shared by neighbouring windows.
    learning_rate, weight_decay, warmup_ratio: AdamW with a linear schedule after warm-up.
    batch_size: windows per training step.
    max_epochs, patience: training stops after ``patience`` epochs without a better dev macro-F1.
    dev_fraction: share of the training records held out when no dev records are given to :meth:`fit`.
    n_evidence: evidence words per predicted label (found by occlusion; 0 turns it off).
    device: "auto" (a GPU when present), "cpu" or "cuda".
    random_state: the seed of torch, the shuffles and the held-out split.

    Learned attributes: ``classes_``, ``subtype_classes_``, ``thresholds_``, ``model_``, ``tokenizer_``,
    ``segmenter_``, ``history_`` (loss and dev macro-F1 per epoch), ``training_``.
    """

    def __init__(
        self,
        base_model: str | None = None,
        taxonomy: Taxonomy | None = None,
        segmenter: Segmenter | None = None,
        max_length: int = 256,
        stride: int = 64,
        learning_rate: float = 3e-5,
        weight_decay: float = 0.01,
        warmup_ratio: float = 0.1,
        batch_size: int = 16,
        max_epochs: int = 8,
        patience: int = 2,
        dev_fraction: float = 0.15,
        n_evidence: int = 5,
        device: str = "auto",
        random_state: int = 0,
    ) -> None:
        self.base_model = base_model
        self.taxonomy = taxonomy
        self.segmenter = segmenter
        self.max_length = max_length
        self.stride = stride
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.warmup_ratio = warmup_ratio
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.dev_fraction = dev_fraction
        self.n_evidence = n_evidence
        self.device = device
        self.random_state = random_state

    def check_settings(self) -> None:
        """A local encoder folder, and windows that overlap by less than half."""
        check_base_model(self.base_model)
        if not 0 <= self.stride < self.max_length // 2:
            raise TextmineError(f"stride ({self.stride}) must be under half of max_length ({self.max_length})")

    # ----------------------------------------------------------------- fitting
    def fit(
        self,
        X: Sequence[str],
        y: Sequence[Sequence[str]],
        subtypes: Sequence[Sequence[str]] | None = None,
        dev: tuple | None = None,
    ) -> TransformerClassifier:
        """Fine-tune on texts ``X`` with label-id lists ``y`` (and subtype-id lists); stop early on dev."""
        self.check_settings()
        base = check_base_model(self.base_model)
        data = self._fit_data(X, y, subtypes, dev)
        set_seed(self.random_state)
        self.device_ = pick_device(self.device)
        self.tokenizer_, self.model_ = self._load_base(base, data.space)
        kept = [i for i, text in enumerate(data.texts) if text]
        texts, targets = [data.texts[i] for i in kept], data.targets[kept]
        train = window_dataset(self.tokenizer_, texts, targets, self.max_length, self.stride)
        self.history_ = self._train(train, data.dev_texts, data.dev_label_targets)
        self._tune_thresholds(data)
        return self

    def _load_base(self, base: Path, space: CategorySpace):
        names = space.names
        tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(
            base,
            num_labels=len(names),
            problem_type="multi_label_classification",
            id2label=dict(enumerate(names)),
            label2id={name: i for i, name in enumerate(names)},
            local_files_only=True,
        )
        return tokenizer, model.to(self.device_)

    def _train(self, train, dev_texts: list[str], dev_truth: np.ndarray) -> list[dict]:
        """Epochs until dev macro-F1 stops improving; the best epoch's weights are kept."""

        generator = torch.Generator().manual_seed(self.random_state)
        loader = torch.utils.data.DataLoader(
            train,
            batch_size=self.batch_size,
            shuffle=True,
            generator=generator,
            collate_fn=partial(pad_batch, self.tokenizer_),
        )
        optimizer = torch.optim.AdamW(self.model_.parameters(), lr=self.learning_rate, weight_decay=self.weight_decay)
        total = max(1, self.max_epochs * len(loader))
        schedule = get_linear_schedule_with_warmup(optimizer, int(self.warmup_ratio * total), total)
        history, best = self._train_epochs(
            lambda: self._train_epoch(loader, optimizer, schedule),
            lambda: {k: v.detach().to("cpu", copy=True) for k, v in self.model_.state_dict().items()},
            dev_texts,
            dev_truth,
        )
        if best is not None:
            self.model_.load_state_dict(best)
        return history

    def _train_epoch(self, loader, optimizer, schedule) -> float:
        self.model_.train()
        total = 0.0
        for batch in loader:
            batch = {k: v.to(self.device_) for k, v in batch.items()}
            with torch.autocast(self.device_.type, dtype=torch.bfloat16, enabled=self.device_.type == "cuda"):
                loss = self.model_(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model_.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            total += float(loss.detach())
        return total / max(1, len(loader))

    # -------------------------------------------------------------- prediction
    def _score_all(self, texts: list[str]) -> np.ndarray:
        """Sigmoid scores per record: the highest logit over the record's windows."""
        windows = encode_windows(self.tokenizer_, texts, self.max_length, self.stride)
        n_outputs = self.model_.config.num_labels
        logits = np.full((len(texts), n_outputs), -np.inf, dtype=np.float32)
        self.model_.eval()
        with torch.inference_mode():
            for index, rows in window_batches(windows, 4 * self.batch_size):
                batch = {k: v.to(self.device_) for k, v in pad_batch(self.tokenizer_, rows).items()}
                with torch.autocast(self.device_.type, dtype=torch.bfloat16, enabled=self.device_.type == "cuda"):
                    out = self.model_(**batch).logits.float().cpu().numpy()
                records = np.asarray(windows["record"])[index]
                np.maximum.at(logits, records, out)
        return (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)

    # ------------------------------------------------------------ persistence
    def save(self, path: str | Path) -> None:
        """Write the model folder: textmine.json, card.json, the segmenter and the encoder."""

        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        self.model_.save_pretrained(folder / ENCODER_DIR)
        # encoding leaves the window settings on the fast tokenizer; they live in textmine.json instead,
        # so the saved tokenizer files do not depend on what was classified before saving
        self.tokenizer_.backend_tokenizer.no_truncation()
        self.tokenizer_.backend_tokenizer.no_padding()
        self.tokenizer_.save_pretrained(folder / ENCODER_DIR)
        self.segmenter_.save(folder)
        versions = {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "transformers": transformers.__version__,
        }
        card = {"encoder": ENCODER_DIR, "long_records": "sliding windows, max over windows", "history": self.history_}
        self._write_description(folder, TRANSFORMER.format, card | {"versions": versions})

    @classmethod
    def load(cls, path: str | Path, device: str = "auto") -> TransformerClassifier:
        """A model from the folder :meth:`save` wrote; no network is used."""
        folder = Path(path)
        description, taxonomy = cls._read_description(folder, TRANSFORMER.format)
        settings = description["settings"] | {"device": device}
        segmenter = Segmenter.load(folder)
        model = cls(taxonomy=taxonomy, segmenter=segmenter, **settings)
        model.segmenter_ = segmenter
        model.device_ = pick_device(device)
        encoder = folder / ENCODER_DIR
        model.tokenizer_ = AutoTokenizer.from_pretrained(encoder, local_files_only=True)
        model.model_ = AutoModelForSequenceClassification.from_pretrained(
            encoder, local_files_only=True, use_safetensors=True
        ).to(model.device_)
        model.model_.eval()
        model._restore_description(description, folder)
        return model
