"""Retraining stage: an office's own labelled cases in, a checked, compared and registered model out.

- :mod:`.records`: the one reader of labelled data (tables, Label Studio, doccano, corpus splits, real
  annotations) and :class:`LabelledRecords`;
- :mod:`.checks`, :mod:`.label_check`, :mod:`.split`: duplicates and conflicts, suspect labels, the held-out
  split;
- :mod:`.settings`: :class:`TrainingSettings`, saved as ``training.json``;
- :mod:`.workflow`: the training run, the same for every backend; :mod:`.compare` and :mod:`.evaluate`
  score models; :mod:`.registry`: the model folder registry and promotion; :mod:`.suggest`: what to label
  next; :mod:`.export`: records for other tools.

Names are imported on first use, so that a command using only the registry does not load the workflow.

>>> from textmine.retrain import TrainingSettings
>>> TrainingSettings(data=["cases.xlsx"]).refit
True
"""

from textmine.lazy import lazy_exports

_EXPORTS = {
    "LabelledRecords": "textmine.retrain.records",
    "read_labelled": "textmine.retrain.records",
    "ModelRegistry": "textmine.retrain.registry",
    "resolve_model": "textmine.retrain.registry",
    "TrainingSettings": "textmine.retrain.settings",
    "TrainingRun": "textmine.retrain.workflow",
    "train": "textmine.retrain.workflow",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = sorted(_EXPORTS)
