import shutil

import pytest

from textmine.speedups import compiled


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None, reason="no C compiler here")
def test_the_compiled_helpers_are_built_where_a_compiler_is():
    """Installing textmine with a compiler at hand builds them (a silent fallback would only be slower)."""
    assert compiled is not None
    assert {"build_table", "tfidf_rows", "token_ids", "content_words", "top_terms"} <= set(dir(compiled))
