"""Doctest collection: modules of an optional backend are skipped when its extra is not installed."""

import importlib.util

OPTIONAL_MODULES = {
    "spacy": [
        "textmine/classify/spacy/pipeline.py",
        "textmine/classify/spacy/model.py",
        "textmine/classify/spacy/component.py",
        "textmine/retrain/export/docbin.py",
    ],
    "transformers": [
        "textmine/classify/transformer/model.py",
        "textmine/classify/transformer/data.py",
        "textmine/classify/transformer/tiny_encoder.py",
    ],
    "datasets": [
        "textmine/retrain/export/hf_datasets.py",
        "textmine/classify/transformer/model.py",
        "textmine/classify/transformer/data.py",
    ],
    "sklearn_crfsuite": ["textmine/text/unit_training.py"],
    "torch": [
        "textmine/classify/transformer/model.py",
        "textmine/classify/transformer/data.py",
        "textmine/classify/transformer/tiny_encoder.py",
    ],
}

collect_ignore = sorted(
    {path for module, paths in OPTIONAL_MODULES.items() if importlib.util.find_spec(module) is None for path in paths}
)
