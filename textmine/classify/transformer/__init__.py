"""The transformer backend (optional extra ``textmine[transformers]``): a local encoder fine-tuned with a
sigmoid head over sliding windows. Its modules import torch and transformers; reach them through
:func:`textmine.classify.backend_named` so a missing extra gets an install hint."""
