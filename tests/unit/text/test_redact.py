"""Redaction: personal details go, the facts of the case stay (the tables are in tests/redaction_cases.py, shared
with the report's tests)."""

import pytest

from tests.redaction_cases import KEPT, MASKED
from textmine.text.redact import PLACEHOLDERS, find_sensitive, luhn_ok, redact


def test_the_tables_are_large_enough():
    assert len(MASKED) >= 50 and len(KEPT) >= 30
    assert all(text != masked for text, masked in MASKED)
    kinds = {kind for _, masked in MASKED for kind, placeholder in PLACEHOLDERS.items() if placeholder in masked}
    assert kinds == set(PLACEHOLDERS)  # every kind of detail is in the table


@pytest.mark.parametrize("text,expected", MASKED)
def test_personal_details_are_replaced(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_facts_of_the_case_stay(text):
    assert redact(text) == text


def test_luhn_separates_card_numbers_from_other_long_numbers():
    assert luhn_ok("6222021234567890128")
    assert not luhn_ok("20231016000123456")


def test_kinds_can_be_chosen_and_are_checked():
    text = "举报人：王小明，电话13812345678"
    assert redact(text, kinds=["phone"]) == "举报人：王小明，电话【电话】"
    assert [s.kind for s in find_sensitive(text)] == ["name", "phone"]
    with pytest.raises(ValueError, match="unknown kinds"):
        redact(text, kinds=["passport"])


def test_non_text_passes_through():
    assert redact("") == "" and redact(None) is None
