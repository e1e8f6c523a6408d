import numpy as np

from textmine.classify.evidence import candidate_words, occlusion_evidence
from textmine.text import Segmenter

SEGMENTER = Segmenter(["低保名额", "修路款"], stop_words=["反映"])


def keyword_scorer(texts):
    """Column 0 rises with 低保名额, column 1 with 修路款."""
    return np.array([[0.2 + 0.7 * ("低保名额" in t), 0.1 + 0.8 * ("修路款" in t)] for t in texts])


def test_candidates_are_distinct_content_words_without_digits_or_single_characters():
    words = candidate_words(SEGMENTER, "反映村支书把低保名额给亲戚，低保名额3个，钱")
    assert "低保名额" in words and words.count("低保名额") == 1
    assert "反映" not in words and "钱" not in words and not any(ch.isdigit() for w in words for ch in w)


def test_each_decided_label_gets_the_words_that_drive_it():
    texts = ["村支书把低保名额给亲戚，还挪用修路款"]
    base = keyword_scorer(texts)
    [found] = occlusion_evidence(keyword_scorer, texts, base, np.array([[True, True]]), SEGMENTER, 3)
    assert found == {0: ["低保名额"], 1: ["修路款"]}


def test_undecided_labels_and_zero_evidence_give_nothing():
    texts = ["村支书把低保名额给亲戚"]
    base = keyword_scorer(texts)
    assert occlusion_evidence(keyword_scorer, texts, base, np.array([[True, False]]), SEGMENTER, 3) == [
        {0: ["低保名额"]}
    ]
    assert occlusion_evidence(keyword_scorer, texts, base, np.array([[True, False]]), SEGMENTER, 0) == [{0: []}]
