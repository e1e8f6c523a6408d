import csv
import io
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.io.writers import csv_lines

FIELDS = st.one_of(
    st.text(alphabet='ab,"\r\n\t 村；=+-@1', max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.none(),
)


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def spreadsheet_safe(value):
    """OWASP: text a spreadsheet would run as a formula gets an apostrophe; numbers and a lone sign stay."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and len(text) > 1 and not is_number(text):
        return "'" + text
    return value


def csv_module(frame: pd.DataFrame, delimiter: str) -> str:
    """What the csv module writes, with missing values (None, NaN) as empty fields and formulas neutralised."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(
            ["" if v is None or (isinstance(v, float) and math.isnan(v)) else spreadsheet_safe(v) for v in row]
        )
    return text.getvalue()


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=4).flatmap(
        lambda width: st.lists(st.lists(FIELDS, min_size=width, max_size=width), max_size=5).map(
            lambda rows: pd.DataFrame(rows, columns=[f"c{i}" for i in range(width)], dtype=object)
        )
    ),
    st.sampled_from([",", "\t"]),
)
def test_same_text_as_the_csv_module(frame, delimiter):
    assert csv_lines(frame, delimiter) == csv_module(frame, delimiter)


def test_formulas_are_neutralised_and_numbers_kept():
    frame = pd.DataFrame({"a": ["=1+1", "-2.5", "@x", "+86 138", "\tx", "－5", "-", "正文"], "b": [-1.5] * 8})
    assert csv_lines(frame).split("\r\n")[:-1] == [
        "'=1+1,-1.5", "-2.5,-1.5", "'@x,-1.5", "'+86 138,-1.5", "'\tx,-1.5", "'－5,-1.5", "-,-1.5", "正文,-1.5"
    ]  # fmt: skip


def test_numeric_columns_and_missing_values():
    frame = pd.DataFrame({"id": [1, 2], "score": [0.1235, float("nan")], "text": ['说"好"', None]})
    assert csv_lines(frame) == '1,0.1235,"说""好"""\r\n2,,\r\n'
