"""Clustering stage: vectors, recurring-problem clusters, near-duplicates, cluster summaries."""

from textmine.cluster.duplicates import NearDuplicateFinder
from textmine.cluster.model import ProblemClusterer
from textmine.cluster.vectors import WordVectors

__all__ = ["NearDuplicateFinder", "ProblemClusterer", "WordVectors"]
