"""Evidence for any classifier by occlusion: the words whose removal lowers a label's score the most.

It needs only a function from texts to scores, so it serves backends whose weights do not map to
words (spaCy's text classifier, a fine-tuned transformer).

>>> import numpy as np
>>> from textmine.text import Segmenter
>>> def score(texts):  # a toy model: the score of column 0 is 0.9 when the text mentions 公款
...     return np.array([[0.9 if "公款" in t else 0.1] for t in texts])
>>> texts = ["局长把公款借给亲戚"]
>>> occlusion_evidence(score, texts, score(texts), np.array([[True]]), Segmenter.default(), 3)
[{0: ['公款']}]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from textmine.text import Segmenter

DIGIT = re.compile(r"\d")
MAX_WORDS = 48  # occluded words per text: enough for a letter's content words, bounded cost


def candidate_words(segmenter: Segmenter, text: str, limit: int = MAX_WORDS) -> list[str]:
    """Distinct content words of two or more characters and no digits, in text order."""
    words = dict.fromkeys(t for t in segmenter.content_tokens(text) if len(t) >= 2 and not DIGIT.search(t))
    return list(words)[:limit]


def occlusion_evidence(
    score: Callable[[list[str]], np.ndarray],
    texts: Sequence[str],
    base: np.ndarray,
    decided: np.ndarray,
    segmenter: Segmenter,
    n_evidence: int,
) -> list[dict[int, list[str]]]:
    """For each text, ``{column: words}`` for every decided column of ``base`` (the scores of ``texts``).

    Each candidate word is deleted from the text in turn and the text scored again; the words whose
    deletion lowers a column's score are its evidence, largest drop first, at most ``n_evidence``.
    """
    words_of = [
        candidate_words(segmenter, text) if n_evidence > 0 and decided[i].any() else [] for i, text in enumerate(texts)
    ]
    variants = [text.replace(word, "") for text, words in zip(texts, words_of) for word in words]
    occluded = np.asarray(score(variants)) if variants else np.zeros((0, base.shape[1]))
    found: list[dict[int, list[str]]] = []
    start = 0
    for i, words in enumerate(words_of):
        rows = occluded[start : start + len(words)]
        start += len(words)
        evidence = {}
        for j in np.flatnonzero(decided[i]):
            drops = base[i, j] - rows[:, j] if len(words) else np.zeros(0)
            order = np.argsort(-drops, kind="stable")
            evidence[int(j)] = [words[k] for k in order if drops[k] > 0][:n_evidence]
        found.append(evidence)
    return found
