"""Word segmentation with a jieba tokenizer owned by the segmenter, a domain dictionary and stop words.

The dictionary and stop words travel with every saved model, so a model loaded on another
machine segments exactly as it did when it was trained.

jieba defines the tokens. Where ``rjieba`` (the jieba-rs binding) is installed, the segmenter cuts
with it instead, loaded with the same dictionary and words: with the HMM off (the default) its
tokens are identical to jieba's on the whole corpus (a test checks this) and it is more than ten
times faster. With the HMM on, the two differ on runs of digits and punctuation (jieba-rs keeps
"2023-12-25" whole), so the HMM is off by default.

>>> seg = Segmenter.default()
>>> seg.tokens("村支书从不召开三会一课")
['村支书', '从不', '召开', '三会一课']
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from itertools import compress
from pathlib import Path

from textmine.errors import TextmineError
from textmine.lazy import lazy_module
from textmine.resources import DEFAULT_DOMAIN_WORDS, DEFAULT_STOP_WORDS

jieba = lazy_module("jieba")  # rjieba cuts where installed: jieba itself (and pkg_resources) only when needed
posseg = lazy_module("jieba.posseg")  # loads its tagging model when imported: only when tags are asked for

WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")
ENGINES = ("auto", "jieba", "rjieba")
DICTIONARY_FILE = "dictionary.txt"
STOP_WORDS_FILE = "stopwords.txt"


def read_word_list(path: str | Path) -> list[str]:
    """Lines of a word-list file, without comments and blank lines."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def cache_dir() -> Path:
    """textmine's own cache folder (``TEXTMINE_CACHE`` or ``~/.cache/textmine``)."""
    root = (
        os.environ.get("TEXTMINE_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "textmine"
    )
    return Path(root)


class Segmenter:
    """jieba segmentation with user words (``word [freq] [tag]`` lines) and stop words.

    Parameters
    ----------
    user_words:
        Dictionary entries added to the tokenizer, in jieba's user-dictionary line format.
    stop_words:
        Words dropped by :meth:`content_tokens`. A stop word the tokenizer would split is added
        to the dictionary so that it is produced whole and really removed.
    hmm:
        Whether the HMM joins unknown words.
    engine:
        "auto" (rjieba when installed, else jieba), "jieba" or "rjieba".
    """

    def __init__(
        self, user_words: Sequence[str] = (), stop_words: Iterable[str] = (), hmm: bool = False, engine: str = "auto"
    ) -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
        self.user_words = list(user_words)
        self.stop_words = frozenset(stop_words)
        self.hmm = hmm
        self.engine = engine
        self._tokenizer = None
        self._fast = None
        self._tagger = None
        self._is_content = _ContentTokens(self.stop_words)

    @classmethod
    def default(cls, extra_words: Iterable[str] = ()) -> Segmenter:
        """The shipped domain dictionary and stop words, plus ``extra_words``."""
        words = read_word_list(DEFAULT_DOMAIN_WORDS) + list(extra_words)
        return cls(user_words=_unique_entries(words), stop_words=read_word_list(DEFAULT_STOP_WORDS))

    @property
    def tokenizer(self):
        """The jieba.Tokenizer this segmenter owns, built on first use."""
        if self._tokenizer is None:
            self._tokenizer = self._build_tokenizer()
        return self._tokenizer

    def _build_tokenizer(self):
        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        folder = cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(folder)
        except OSError:
            pass  # no writable cache: jieba builds its prefix dictionary in memory each time
        tokenizer.initialize()
        for word, freq, tag in (_parse_entry(entry) for entry in self.user_words):
            tokenizer.add_word(word, freq, tag)
        for word in sorted(self.stop_words):
            if len(tokenizer.lcut(word, HMM=False)) > 1:
                tokenizer.add_word(word)
        return tokenizer

    @property
    def fast(self):
        """An rjieba instance with the same dictionary, or None when jieba itself cuts."""
        if self._fast is None:
            self._fast = False
            if self.engine != "jieba":
                self._fast = _build_rjieba(self.user_words, self.stop_words, required=self.engine == "rjieba") or False
        return self._fast or None

    def cut(self, text: str) -> list[str]:
        """All tokens of a text as jieba cuts it (punctuation and spaces included)."""
        fast = self.fast
        if fast is not None:
            return fast.cut(text, self.hmm)
        return self.tokenizer.lcut(text, HMM=self.hmm)

    def tokens(self, text: str) -> list[str]:
        """Word tokens of a normalised text; punctuation and whitespace dropped."""
        return [t for t in self.cut(text) if t[:1].isalnum() or WORD_CHAR.search(t)]

    def content_tokens(self, text: str) -> list[str]:
        """Word tokens without stop words."""
        tokens = self.cut(text)
        return list(compress(tokens, map(self._is_content.__getitem__, tokens)))

    def content_words(self, text: str) -> str:
        """:meth:`content_tokens` joined by spaces (what the classifier's word features read).

        >>> Segmenter.default().content_words("我们的村支书")
        '村支书'
        """
        return " ".join(self.content_tokens(text))

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech) pairs from jieba's tagger with this segmenter's dictionary."""
        if self._tagger is None:  # building one reads jieba's whole dictionary: do it once
            self._tagger = posseg.POSTokenizer(self.tokenizer)
        return [(pair.word, pair.flag) for pair in self._tagger.cut(text, HMM=self.hmm)]

    def save(self, folder: str | Path) -> None:
        """Write the dictionary and stop words into ``folder``."""
        folder = Path(folder)
        (folder / DICTIONARY_FILE).write_text("\n".join(self.user_words) + "\n", encoding="utf-8")
        (folder / STOP_WORDS_FILE).write_text("\n".join(sorted(self.stop_words)) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path, hmm: bool = False) -> Segmenter:
        """A segmenter from the files :meth:`save` wrote."""
        folder = Path(folder)
        return cls(read_word_list(folder / DICTIONARY_FILE), read_word_list(folder / STOP_WORDS_FILE), hmm=hmm)

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_tokenizer"] = None  # rebuilt in worker processes
        state["_fast"] = None
        state["_tagger"] = None
        state["_is_content"] = _ContentTokens(self.stop_words)
        return state


class _ContentTokens(dict):
    """token -> is it a content word (a word, not punctuation, not a stop word), decided once per
    distinct token and then looked up; emptied when it grows past ``limit`` tokens."""

    def __init__(self, stop_words: frozenset[str], limit: int = 500_000) -> None:
        super().__init__()
        self.stop_words = stop_words
        self.limit = limit

    def __missing__(self, token: str) -> bool:
        if len(self) >= self.limit:
            self.clear()
        keep = token not in self.stop_words and bool(token[:1].isalnum() or WORD_CHAR.search(token))
        self[token] = keep
        return keep


def _parse_entry(entry: str) -> tuple[str, int | None, str | None]:
    parts = entry.split()
    word, freq, tag = parts[0], None, None
    for part in parts[1:]:
        if part.isdigit():
            freq = int(part)
        else:
            tag = part
    return word, freq, tag


def _unique_entries(entries: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for entry in entries:
        word = entry.split()[0] if entry.split() else ""
        if word and word not in seen:
            seen[word] = entry
    return list(seen.values())


def _build_rjieba(user_words: Sequence[str], stop_words: Iterable[str], required: bool):
    """rjieba loaded exactly as :meth:`Segmenter._build_tokenizer` loads jieba."""
    try:
        import rjieba
    except ImportError:
        if required:
            raise TextmineError("the rjieba engine needs rjieba: pip install rjieba") from None
        return None
    fast = rjieba.Jieba()
    for word, freq, tag in (_parse_entry(entry) for entry in user_words):
        fast.add_word(word, freq, tag)
    for word in sorted(stop_words):
        if len(fast.cut(word, False)) > 1:
            fast.add_word(word, None, None)
    return fast
