"""Doctest collection: modules of an optional backend are skipped when its extra is not installed."""

import importlib.util

OPTIONAL_MODULES = {
    "spacy": [
        "textmine/classify/spacy_pipeline.py",
        "textmine/classify/spacy_textcat.py",
        "textmine/classify/spacy_component.py",
        "textmine/io/docbin.py",
    ],
    "transformers": [
        "textmine/classify/transformer.py",
        "textmine/classify/transformer_data.py",
        "textmine/classify/tiny_encoder.py",
    ],
    "datasets": ["textmine/io/hf_datasets.py", "textmine/classify/transformer.py"],
    "torch": ["textmine/classify/transformer.py", "textmine/classify/tiny_encoder.py"],
}

collect_ignore = sorted(
    {path for module, paths in OPTIONAL_MODULES.items() if importlib.util.find_spec(module) is None for path in paths}
)
