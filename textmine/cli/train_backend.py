"""``textmine train --backend spacy|transformer``: fit such a model on labelled records and save its folder
(``textmine train`` hands these backends here; the linear backend goes through the retraining workflow).

    textmine train --data corpora/train.jsonl --out models/mine
    textmine train --backend spacy --data corpora/train.jsonl --dev corpora/dev.jsonl --out models/spacy
    textmine train --backend transformer --base-model ~/models/bert-base-chinese \\
        --data corpora/train.jsonl --dev corpora/dev.jsonl --out models/bert
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from textmine.classify.backends import Backend
from textmine.errors import TextmineError


def backend_options(args: argparse.Namespace, backend: Backend, taxonomy) -> dict[str, Any]:
    """The classifier settings the command line sets for ``backend``."""
    if args.base_model and backend is not Backend.TRANSFORMER:
        raise TextmineError("--base-model is only used by the transformer backend")
    options: dict[str, Any] = {"taxonomy": taxonomy, "random_state": args.seed}
    if backend is not Backend.LINEAR and args.max_epochs:
        options["max_epochs"] = args.max_epochs
    if backend is Backend.TRANSFORMER:
        from textmine.classify.transformer import check_base_model

        options["base_model"] = str(check_base_model(args.base_model))
    return options


def fit(model, backend: Backend, train, dev) -> None:
    """Fit on the training records; dev records go to early stopping, or into training for linear."""
    if backend is Backend.LINEAR:
        records = train.extend(dev) if dev is not None else train
        subtypes = records.subtypes if any(records.subtypes) else None
        model.fit(records.texts, records.labels, subtypes=subtypes)
        return
    dev_parts = (dev.texts, dev.labels, dev.subtypes) if dev is not None else (None, None, None)
    model.fit(train.texts, train.labels, train.subtypes, *dev_parts)


def run(args: argparse.Namespace) -> int:
    from textmine.classify.backends import new_classifier
    from textmine.io.records import read_records
    from textmine.taxonomy import load_taxonomy

    backend = Backend(args.backend)
    taxonomy = load_taxonomy(args.taxonomy)
    model = new_classifier(backend, **backend_options(args, backend, taxonomy))
    train = read_records(args.data, taxonomy, args.text_column, args.label_column)
    dev = read_records(args.dev, taxonomy, args.text_column, args.label_column) if args.dev else None
    started = time.perf_counter()
    fit(model, backend, train, dev)
    model.save(args.out)
    seconds = time.perf_counter() - started
    print(
        f"trained a {backend.value} model on {len(train)} records in {seconds:.1f}s; wrote {args.out}", file=sys.stderr
    )
    return 0
