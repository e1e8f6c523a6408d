"""Cluster keywords by class-based TF-IDF: a cluster's word counts, weighted by how rare the word is
across clusters.

A keyword should read as part of a topic: words of one character, words with digits, counts and amounts in
Chinese numerals (三年, 千多, 一圈, 五十八) and the filler words listed in ``textmine/resources/filler_words.txt``
(地处, 常年, 放在, 步伐: how or when, not what) are never keywords.

>>> class_tfidf_keywords(["挪用 公款 会计", "挪用 会计", "开会 文件"], [0, 0, 1], top_n=2)[0]
['会计', '挪用']
>>> [is_topic_word(w) for w in ("车位", "三年", "千多", "地处", "三会一课", "两委", "a")]
[True, False, False, False, True, True, False]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from textmine.lazy import lazy_module
from textmine.resources import RESOURCE_DIR
from textmine.text.segment import read_word_list

sklearn_text = lazy_module("sklearn.feature_extraction.text")

DIGIT = re.compile(r"\d")
#: A count or amount in Chinese numerals, with at most one measure word after it (三年, 千多, 十几台, 五十八).
NUMERAL = re.compile(
    r"^[一二三四五六七八九十百千万亿两几半数]+[多余来]?[个年月日天次圈道台桌元块件户人名位栋层米岁条张期趟遍回]?$"
)
FILLER_WORDS = frozenset(read_word_list(RESOURCE_DIR / "filler_words.txt"))


def is_topic_word(word: str) -> bool:
    """Whether ``word`` may be a keyword: two characters or more, no digit, no count, not a filler word."""
    return len(word) >= 2 and not DIGIT.search(word) and not NUMERAL.match(word) and word not in FILLER_WORDS


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
    useful = np.array([is_topic_word(w) for w in vocabulary])
    keywords = {}
    for k, cluster in enumerate(clusters):
        row = weights.getrow(k)
        order = row.indices[np.argsort(-row.data, kind="stable")]
        keywords[cluster] = [str(vocabulary[i]) for i in order if useful[i]][:top_n]
    return keywords
