import csv
import io
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.io.writers import csv_lines

FIELDS = st.one_of(
    st.text(alphabet='ab,"\r\n\t 村；', max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.booleans(),
    st.none(),
)


def csv_module(frame: pd.DataFrame, delimiter: str) -> str:
    """What the csv module writes, with missing values (None, NaN) as empty fields."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row])
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


def test_numeric_columns_and_missing_values():
    frame = pd.DataFrame({"id": [1, 2], "score": [0.1235, float("nan")], "text": ['说"好"', None]})
    assert csv_lines(frame) == '1,0.1235,"说""好"""\r\n2,,\r\n'
