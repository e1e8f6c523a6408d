import html
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.text import normalize
from textmine.text.normalize import CONTROL, NEWLINES, SPACES, TAG, _t2s, nfkc


def test_full_width_folded_to_half_width():
    assert normalize("ＡＢＣ１２３，") == "ABC123,"


def test_traditional_converted_to_simplified():
    assert normalize("村幹部貪汙補償款") == "村干部贪污补偿款"


def test_markup_and_whitespace_runs_cleaned():
    assert normalize("<p>反映&nbsp;问题</p>\n\t\t<br/>村会计") == "反映 问题 村会计"
    assert normalize("a\u3000\u3000b") == "a b"


def test_control_characters_removed_and_non_text_gives_empty():
    assert normalize("挪用\x00\x07公款") == "挪用公款"
    assert normalize(None) == ""
    assert normalize("   ") == ""


def test_newlines_kept_when_asked():
    assert normalize("第一段\n\n  第二段", keep_newlines=True) == "第一段\n第二段"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("村支书ＡＢａｂ１２，！（）\u3000 \u0301\u3099カ가①ﬁ㍿é" + "abc")))
def test_fast_nfkc_equals_unicodedata(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def every_step(text: str, keep_newlines: bool = False) -> str:
    """The normalisation with every step applied to every text (no shortcut for texts a step cannot change)."""
    text = html.unescape(TAG.sub(" ", text))
    text = CONTROL.sub("", nfkc(text))
    text = _t2s().convert(text)
    text = NEWLINES.sub("\n" if keep_newlines else " ", text)
    return SPACES.sub(" ", text).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="<>&;amp#x41 \t\r\n\x0b\x0c\x01\x7f\u3000\u00a0ｘ，举報村幹部b/", max_size=30), st.booleans())
def test_skipping_steps_that_cannot_apply_changes_nothing(text, keep_newlines):
    assert normalize(text, keep_newlines) == every_step(text, keep_newlines)


def test_half_a_character_is_dropped_so_the_converter_can_encode_the_rest():
    assert normalize("\udc80村会计\ud800") == "村会计"
