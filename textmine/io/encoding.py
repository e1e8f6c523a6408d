"""Guessing the encoding of a text file from its first bytes.

>>> detect_encoding("举报".encode("gb18030") * 20)
'gb18030'
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from textmine.errors import TextmineError

SAMPLE_BYTES = 256 * 1024
KNOWN = ("utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "utf-16")


def _decodes(sample: bytes, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(sample, final=False)  # a multi-byte character cut at the end is fine
        return True
    except UnicodeDecodeError:
        return False


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 with a few damaged bytes: the bytes of valid Chinese characters outnumber the undecodable
    bytes (GBK or Big5 read as UTF-8 makes stray Latin or Arabic letters, almost never Chinese)."""
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    chinese_bytes = 3 * sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
    return chinese_bytes > 0 and bad <= chinese_bytes


def detect_encoding(sample: bytes) -> str:
    """utf-8-sig, utf-16, utf-8, gb18030 or big5, in that order of preference."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(sample, "utf-8") or _mostly_utf8(sample):
        return "utf-8"
    gb, big5 = _decodes(sample, "gb18030"), _decodes(sample, "big5")
    if gb and big5:
        best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
        return "big5" if best is not None and best.encoding == "big5" else "gb18030"
    return "big5" if big5 and not gb else "gb18030"


def detect_file_encoding(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return detect_encoding(handle.read(SAMPLE_BYTES))


def check_encoding_name(encoding: str) -> str:
    """The encoding's name if Python knows it, else a plain error."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise TextmineError(f"unknown encoding {encoding!r}; try one of: {', '.join(KNOWN)}") from None
    return encoding
