"""Cluster keywords by class-based TF-IDF: a cluster's word counts, weighted by how rare the word is
across clusters.

>>> class_tfidf_keywords(["挪用 公款 会计", "挪用 会计", "开会 文件"], [0, 0, 1], top_n=2)[0]
['会计', '挪用']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.lazy import lazy_module

sklearn_text = lazy_module("sklearn.feature_extraction.text")

DIGIT = re.compile(r"\d")


def class_tfidf_keywords(word_docs: Sequence[str], cluster_ids: Sequence[int], top_n: int = 8) -> dict[int, list[str]]:
    """Top words per cluster id (records with id -1 are left out)."""
    ids = np.asarray(cluster_ids)
    clusters = sorted({int(c) for c in ids if c >= 0})
    if not clusters:
        return {}
    counter = sklearn_text.CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
    counts = counter.fit_transform(word_docs)
    vocabulary = counter.get_feature_names_out()
    kept = np.flatnonzero(ids >= 0)
    position = np.searchsorted(clusters, ids[kept])
    membership = sp.csr_matrix((np.ones(len(kept)), (position, kept)), shape=(len(clusters), len(ids)))
    per_cluster = sp.csr_matrix(membership @ counts, dtype=np.float64)  # word counts summed per cluster
    term_freq = np.asarray(per_cluster.sum(axis=0)).ravel()
    average = per_cluster.sum() / len(clusters)
    idf = np.log1p(average / np.maximum(term_freq, 1))
    weights = sp.csr_matrix(per_cluster.multiply(1.0 / np.maximum(per_cluster.sum(axis=1), 1))).multiply(idf).tocsr()
    useful = np.array([len(w) >= 2 and not DIGIT.search(w) for w in vocabulary])
    keywords = {}
    for k, cluster in enumerate(clusters):
        row = weights.getrow(k)
        order = row.indices[np.argsort(-row.data, kind="stable")]
        keywords[cluster] = [str(vocabulary[i]) for i in order if useful[i]][:top_n]
    return keywords
