import pytest

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")

from spacy.tokens import DocBin  # noqa: E402

from textmine.classify.results import Classification, LabelResult  # noqa: E402
from textmine.retrain.export.docbin import records_docbin, save_docbin  # noqa: E402
from textmine.retrain.records import LabelledRecords  # noqa: E402
from textmine.text import Segmenter  # noqa: E402

pytestmark = pytest.mark.optional

LABELS = ["corruption", "party_building"]
RECORDS = LabelledRecords(
    ["村会计挪用修路款", "支部三会一课不落实"],
    [["corruption"], ["party_building"]],
    [[], []],
    ["x 1", "x 2"],
    ["a", "b"],
)


def read_back(path):
    return list(DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab))


def test_labelled_records_round_trip_with_cats_and_dictionary_words(tmp_path):
    path = save_docbin(records_docbin(RECORDS, LABELS, Segmenter(["三会一课"])), tmp_path / "train.spacy")
    first, second = read_back(path)
    assert first.cats == {"corruption": 1.0, "party_building": 0.0}
    assert "三会一课" in [t.text for t in second]
    assert first._.textmine_id == "a" and list(second._.textmine_labels) == ["party_building"]


def test_classified_records_keep_scores_and_evidence(tmp_path):
    results = [
        Classification(
            [LabelResult("corruption", "腐败问题", 0.9, evidence=["挪用"])], {"corruption": 0.9, "party_building": 0.1}
        ),
        Classification([], {"corruption": 0.2, "party_building": 0.3}),
    ]
    path = save_docbin(records_docbin(RECORDS, LABELS, Segmenter(), results), tmp_path / "out.spacy")
    first, second = read_back(path)
    assert first.cats["corruption"] == pytest.approx(0.9)
    assert {k: list(v) for k, v in first._.textmine_evidence.items()} == {"corruption": ["挪用"]}
    assert not second._.textmine_labels
