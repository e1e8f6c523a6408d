"""Labelled or classified records for other tools: Hugging Face datasets and Parquet (optional extra
``textmine[transformers]`` for ``datasets``), spaCy DocBins (``textmine[spacy]``).

>>> ExportFormat("hf").value
'hf'
"""

from textmine.retrain.export.formats import ExportFormat, export_splits

__all__ = ["ExportFormat", "export_splits"]
