"""A spaCy Chinese pipeline that segments with textmine's jieba segmenter and saves its dictionary.

spaCy's own Chinese tokenizer (``segmenter = "jieba"``) cuts with jieba's global tokenizer and does not
save a user dictionary with the pipeline, so a pipeline loaded elsewhere segments differently. The
tokenizer here owns a :class:`~textmine.text.Segmenter` (its own ``jieba.Tokenizer``, the domain
dictionary and stop words) and writes them into the pipeline folder (``tokenizer/dictionary.txt``,
``tokenizer/stopwords.txt``), so ``spacy.load`` gives back the same segmentation. It is registered as
``textmine.JiebaTokenizer.v1`` through the ``spacy_tokenizers`` entry point.

>>> nlp = blank_pipeline(Segmenter(["三会一课"]))
>>> [token.text for token in nlp("支部三会一课不落实")]
['支部', '三会一课', '不', '落实']
"""

from __future__ import annotations

from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, ensure_path, get_words_and_spaces, registry
from spacy.vocab import Vocab

from textmine.text import Segmenter

TOKENIZER_NAME = "textmine.JiebaTokenizer.v1"
SETTINGS_FILE = "settings.json"


class JiebaTokenizer(DummyTokenizer):
    """A spaCy tokenizer over a textmine Segmenter; serialises the segmenter's dictionary and stop words."""

    def __init__(self, vocab: Vocab, segmenter: Segmenter | None = None) -> None:
        self.vocab = vocab
        self.segmenter = segmenter if segmenter is not None else Segmenter.default()

    def __call__(self, text: str) -> Doc:
        words = [w for w in self.segmenter.tokenizer.cut(text, HMM=self.segmenter.hmm) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _state(self) -> dict:
        segmenter = self.segmenter
        return {"user_words": segmenter.user_words, "stop_words": sorted(segmenter.stop_words), "hmm": segmenter.hmm}

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, **kwargs) -> JiebaTokenizer:
        state = srsly.msgpack_loads(data)
        self.segmenter = Segmenter(state["user_words"], state["stop_words"], hmm=state["hmm"])
        return self

    def to_disk(self, path: str | Path, **kwargs) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.segmenter.save(path)
        srsly.write_json(path / SETTINGS_FILE, {"hmm": self.segmenter.hmm})

    def from_disk(self, path: str | Path, **kwargs) -> JiebaTokenizer:
        path = ensure_path(path)
        settings = srsly.read_json(path / SETTINGS_FILE)
        self.segmenter = Segmenter.load(path, hmm=settings["hmm"])
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_jieba_tokenizer():
    """The registered tokenizer factory; the dictionary comes from the pipeline folder on load."""

    def make_tokenizer(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return make_tokenizer


def blank_pipeline(segmenter: Segmenter) -> Language:
    """``spacy.blank("zh")`` with the jieba tokenizer over ``segmenter``."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.tokenizer.segmenter = segmenter
    return nlp
