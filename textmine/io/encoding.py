"""Guessing the encoding of a text file from its first bytes, and telling a file that is no text (a workbook
renamed .csv, say) by them.

>>> detect_encoding("举报".encode("gb18030") * 20)
'gb18030'
>>> detect_encoding("id,text\\n1,举报\\n".encode("utf-16-le"))
'utf-16-le'
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from textmine.errors import TextmineError

SAMPLE_BYTES = 256 * 1024
KNOWN = ("utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "big5", "utf-16")
#: Bytes no text in UTF-8, GB18030 or Big5 holds but by mistake: NUL and the other control codes, except
#: tab, line breaks and form feed. About one byte in nine of a binary file is one of them.
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
#: A sample of at least the smallest size with more than this share of control bytes (and at least the fewest)
#: is no text; a smaller file is read, and its rows with such bytes flagged.
NOT_TEXT_SHARE = 0.05
NOT_TEXT_FEWEST = 8
NOT_TEXT_SMALLEST = 4096
WIDE_ENCODINGS = ("utf-16", "utf-32")


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
    """utf-8-sig, utf-16 (with a byte-order mark, else utf-16-le or utf-16-be), utf-8, gb18030 or big5, in that
    order of preference."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if wide := utf16_without_bom(sample):
        return wide
    if _decodes(sample, "utf-8") or _mostly_utf8(sample):
        return "utf-8"
    gb, big5 = _decodes(sample, "gb18030"), _decodes(sample, "big5")
    if gb and big5:
        best = from_bytes(sample, cp_isolation=["gb18030", "big5"]).best()
        return "big5" if best is not None and best.encoding == "big5" else "gb18030"
    return "big5" if big5 and not gb else "gb18030"


def utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text without a byte-order mark, else None. Its ASCII characters
    (digits, commas, line breaks) have a NUL byte on one side of their pair, never on the other, and it
    decodes to text with a line break or a delimiter.

    >>> utf16_without_bom("编号,反映内容\\n".encode("utf-16-be")), utf16_without_bom("编号,内容\\n".encode())
    ('utf-16-be', None)
    """
    pairs = sample[: len(sample) // 2 * 2]
    even, odd = pairs[0::2].count(0), pairs[1::2].count(0)
    for nuls, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= 2 and others * 10 <= nuls and _decodes(pairs, encoding):
            text = pairs.decode(encoding, errors="replace")
            if any(mark in text for mark in "\n\r,\t"):
                return encoding
    return None


@dataclass(frozen=True)
class Lookalike:
    """A kind of file that is no text, as a message names it, and what to do with it (when it came as a named
    file, and when it came on standard input)."""

    kind: str
    for_file: str
    for_stdin: str = ""

    def advice(self, from_stdin: bool) -> str:
        return self.for_stdin if from_stdin and self.for_stdin else self.for_file


XLSX = Lookalike("an Excel workbook (.xlsx)", "rename it to end in .xlsx",
                 "save it as a file ending in .xlsx and give that file instead of -")  # fmt: skip
DOCX = Lookalike("a Word document (.docx)", "put it in a folder and classify the folder (each .docx is one letter)")
ZIP = Lookalike("a zip archive", "unpack it and give what it holds")
OLD_OFFICE = Lookalike(
    "an old Excel or Word file (.xls or .doc)", "open it in Excel, Word or LibreOffice and save it as .xlsx or .docx"
)
PDF = Lookalike("a PDF file", "copy its text into a .txt or .csv file")


def lookalike(sample: bytes) -> Lookalike | None:
    """The kind of file the first bytes show, when it is a zip package (an Office file, told by its parts'
    names), an old Office file or a PDF; else None.

    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as package:
    ...     package.writestr("xl/workbook.xml", "<workbook/>")
    >>> lookalike(buffer.getvalue()).kind, lookalike("编号,内容".encode())
    ('an Excel workbook (.xlsx)', None)
    """
    if sample.startswith(b"PK\x03\x04"):
        names = zip_part_names(sample)
        if any(name.startswith("xl/") for name in names):
            return XLSX
        return DOCX if any(name.startswith("word/") for name in names) else ZIP
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        return OLD_OFFICE
    return PDF if sample.startswith(b"%PDF") else None


def zip_part_names(sample: bytes) -> list[str]:
    """The names of the parts of a zip package whose headers lie in its first bytes (each part's local header
    gives the length of its name at byte 26 and the name from byte 30)."""
    names = []
    for header in re.finditer(rb"PK\x03\x04", sample):
        start = header.start() + 30
        length = int.from_bytes(sample[start - 4 : start - 2], "little")
        names.append(sample[start : start + length].decode("utf-8", errors="replace"))
    return names


def not_text(sample: bytes, encoding: str) -> bool:
    """Whether the first bytes of a file to be decoded with ``encoding`` are no text: more than a few control
    bytes, NUL above all (UTF-16 and UTF-32 text, whose ASCII letters hold NULs, excepted). A stray NUL in
    text is not enough: that row is read and flagged. (Bytes a guessed encoding cannot decode are no sign:
    GB18030 decodes nearly any bytes, and damaged bytes of text are flagged by row; a wrong ``--encoding``
    is refused by the reader.)

    >>> not_text(bytes(range(256)) * 16, "gb18030"), not_text("村会计挪用\\x00修路款三万元，至今没有归还。".encode() * 99, "utf-8")
    (True, False)
    """
    if len(sample) < NOT_TEXT_SMALLEST or encoding.lower().replace("_", "-").startswith(WIDE_ENCODINGS):
        return False
    controls = len(CONTROL_BYTES.findall(sample))
    return controls >= NOT_TEXT_FEWEST and controls > NOT_TEXT_SHARE * len(sample)


def check_is_text(sample: bytes, encoding: str, name: str, expected: str, from_stdin: bool = False) -> None:
    """Raise one plain sentence when the first bytes of ``name`` show another kind of file than ``expected``
    (a workbook renamed .csv, say), or no text at all; ``from_stdin``: they came on standard input.

    >>> check_is_text(bytes(range(256)) * 16, "gb18030", "'x.csv'", "a CSV file")
    Traceback (most recent call last):
    ...
    textmine.errors.TextmineError: 'x.csv' is not text (it is full of NUL and other control bytes), so it cannot be read as a CSV file; check that it is the file you meant
    """
    found = lookalike(sample)
    if found is not None:
        raise TextmineError(f"{name} looks like {found.kind}, not {expected}; {found.advice(from_stdin)}")
    if not_text(sample, encoding):
        raise TextmineError(
            f"{name} is not text (it is full of NUL and other control bytes), so it cannot be read as {expected}; "
            "check that it is the file you meant"
        )


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
