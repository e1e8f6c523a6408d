"""Text stage: normalisation, segmentation, stop words, redaction."""

from textmine.text.normalize import normalize
from textmine.text.segment import Segmenter

__all__ = ["Segmenter", "normalize"]
