"""The linear backend (the default): TF-IDF over words and character n-grams, one linear SVM per label,
Platt-calibrated scores, per-label thresholds and a subtype model per label."""

from textmine.classify.linear.model import LinearClassifier

__all__ = ["LinearClassifier"]
