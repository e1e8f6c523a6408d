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
    "dask": ["textmine/engines/dask.py"],
    "distributed": ["textmine/engines/dask.py"],
    "pyspark": ["textmine/engines/spark.py"],
    "fastapi": [
        "textmine/serve/app.py",
        "textmine/serve/api.py",
        "textmine/serve/jobs.py",
        "textmine/serve/jobstore.py",
        "textmine/serve/labelstudio.py",
        "textmine/serve/limits.py",
        "textmine/serve/page.py",
        "textmine/serve/security.py",
        "textmine/serve/server.py",
        "textmine/serve/service.py",
        "textmine/serve/uploads.py",
    ],
    "uvicorn": ["textmine/serve/server.py"],
    "python_multipart": ["textmine/serve/uploads.py"],
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
