"""Long records are read window by window: a problem named only in a late window changes the score."""

from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the transformers extra is not installed")
pytest.importorskip("transformers", reason="the transformers extra is not installed")
pytest.importorskip("datasets", reason="the transformers extra is not installed")

from transformers import AutoTokenizer  # noqa: E402

from textmine.classify.transformer.model import TransformerClassifier  # noqa: E402
from textmine.classify.transformer.tiny_encoder import build_tiny_encoder  # noqa: E402
from textmine.taxonomy import load_taxonomy  # noqa: E402

pytestmark = pytest.mark.optional


class KeywordLogits(torch.nn.Module):
    """An encoder stand-in whose logits say only whether a window holds one token: +10 if so, else -10."""

    def __init__(self, token_id: int, n_outputs: int) -> None:
        super().__init__()
        self.token_id = token_id
        self.config = SimpleNamespace(num_labels=n_outputs)

    def forward(self, input_ids, attention_mask=None, **ignored):
        found = (input_ids == self.token_id).any(dim=1, keepdim=True)
        logits = torch.where(found, 10.0, -10.0).float().expand(-1, self.config.num_labels)
        return SimpleNamespace(logits=logits.clone())


@pytest.fixture
def keyword_model(tmp_path):
    base = build_tiny_encoder(["的挪用公款"], tmp_path / "base")
    model = TransformerClassifier(base_model=str(base), max_length=64, stride=16, batch_size=4)
    model.tokenizer_ = AutoTokenizer.from_pretrained(base)
    model.classes_ = np.array(load_taxonomy().label_ids, dtype=object)
    model.subtype_classes_ = np.array([], dtype=object)
    model.device_ = torch.device("cpu")
    model.model_ = KeywordLogits(model.tokenizer_.convert_tokens_to_ids("挪"), len(model.classes_))
    return model


def test_a_keyword_in_the_last_window_changes_the_score(keyword_model):
    early, late, nowhere = "挪用公款" + "的" * 200, "的" * 200 + "挪用公款", "的" * 204
    windows = keyword_model.tokenizer_(late, truncation=True, max_length=64, stride=16, return_overflowing_tokens=True)
    assert len(windows["input_ids"]) >= 4  # the keyword is far past the first window
    scores = keyword_model.predict_proba([early, late, nowhere])
    assert scores[0].min() > 0.99 and scores[1].min() > 0.99  # found wherever it stands
    assert scores[2].max() < 0.01
