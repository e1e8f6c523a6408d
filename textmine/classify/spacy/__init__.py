"""The spaCy backend (optional extra ``textmine[spacy]``): a ``textcat_multilabel`` pipeline over
textmine's jieba tokenizer, and the ``textmine_classifier`` pipeline component. Its modules import spaCy;
reach them through :func:`textmine.classify.backend_named` so a missing extra gets an install hint."""
