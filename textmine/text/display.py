"""How wide a text shows in a terminal or a spreadsheet column.

>>> display_width("ab村支书")
8
"""


def display_width(text: str) -> int:
    """CJK and full-width characters take two columns, others one."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
