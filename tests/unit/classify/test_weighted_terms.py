import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.classify.linear.compiled import kernel as compiled
from textmine.classify.linear.weighted_terms import distinct_terms, top_weighted_columns

needs_compiled = pytest.mark.skipif(compiled is None, reason="the compiled helpers were not built")

# few distinct values, so that equal products (ties) are common
VALUES = st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0])
WEIGHTS = st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0])


def both_paths(rows, row_of_pair, label_of_pair, weights, k):
    args = (rows, np.array(row_of_pair), np.array(label_of_pair), weights, k)
    return top_weighted_columns(*args, use_compiled=True), top_weighted_columns(*args, use_compiled=False)


def test_largest_products_first_ties_in_column_order_padded_with_minus_one():
    rows = sp.csr_matrix(np.array([[1.0, 2.0, 1.0, 0.5, 3.0]], dtype=np.float32))
    weights = np.array([[2.0, 1.0, 2.0, -4.0, 0.0]], dtype=np.float32)
    got = top_weighted_columns(rows, np.array([0]), np.array([0]), weights, k=4, use_compiled=False)
    assert got.tolist() == [[0, 1, 2, -1]]  # products 2, 2, 2, -2, 0: the positive ones, equal ones by column


@needs_compiled
@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n_rows: st.lists(st.lists(VALUES, min_size=7, max_size=7), min_size=n_rows, max_size=n_rows)
    ),
    st.lists(st.lists(WEIGHTS, min_size=7, max_size=7), min_size=2, max_size=2),
    st.integers(1, 8),
    st.data(),
)
def test_compiled_and_numpy_choose_the_same_columns(dense, weight_rows, k, data):
    rows = sp.csr_matrix(np.array(dense, dtype=np.float32))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, len(dense) - 1), st.integers(0, 1)), max_size=6))
    compiled_columns, numpy_columns = both_paths(
        rows, [r for r, _ in pairs], [j for _, j in pairs], np.array(weight_rows, dtype=np.float32), k
    )
    np.testing.assert_array_equal(compiled_columns, numpy_columns)


@needs_compiled
def test_compiled_refuses_a_column_outside_the_weights():
    rows = sp.csr_matrix(np.ones((1, 5), dtype=np.float32))
    with pytest.raises(ValueError, match="outside the arrays"):
        top_weighted_columns(rows, np.array([0]), np.array([0]), np.ones((1, 3), dtype=np.float32), k=2)


@needs_compiled
@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(-1, 5), min_size=6, max_size=6), max_size=5),
    st.integers(0, 4),
)
def test_distinct_terms_are_the_same_compiled_or_not(rows, n):
    terms = ["公款", "挪用公款", "吃喝", "公款吃喝", "款", "村支书"]
    candidates = np.array(rows, dtype=np.int32).reshape(len(rows), 6)
    assert distinct_terms(candidates, terms, n) == distinct_terms(candidates, terms, n, use_compiled=False)
