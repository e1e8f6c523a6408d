"""The compiled kernel: built where a compiler is, private to the linear model, behind one switch, with a
warning where its Python twins stand in; and the twins give what it gives."""

import importlib
import shutil
import sys
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textmine.classify import linear
from textmine.classify.linear import compiled
from textmine.classify.linear.features import TextFeaturizer
from textmine.text import Segmenter

needs_compiled = pytest.mark.skipif(compiled.kernel is None, reason="the compiled kernel was not built")


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None, reason="no C compiler here")
def test_the_kernel_is_built_where_a_compiler_is_as_a_private_module():
    """Installing textmine with a compiler at hand builds it (a silent fallback would only be slower)."""
    assert compiled.kernel is not None
    assert compiled.kernel.__name__ == "textmine.classify.linear._speedups"
    assert {"build_table", "tfidf_rows", "token_ids", "content_words", "top_terms"} <= set(dir(compiled.kernel))


def test_without_the_kernel_a_warning_says_the_python_twins_are_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "textmine.classify.linear._speedups", None)  # as if it was never built
    monkeypatch.delattr(linear, "_speedups", raising=False)
    try:
        with pytest.warns(RuntimeWarning, match="Python twins"):
            switch = importlib.reload(compiled)
        assert switch.kernel is None
    finally:
        monkeypatch.undo()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # built here: reloading warns of nothing
            importlib.reload(compiled)


@needs_compiled
def test_one_switch_turns_every_compiled_path_off():
    featurizer = TextFeaturizer(Segmenter.default(), min_df=1).fit(["村支书违规吃喝", "三会一课不落实"])
    with_kernel = featurizer.transform(["村支书吃喝", "的的"])
    with compiled.python_twins():
        assert compiled.kernel is None and not featurizer.fast_word_.compiled_applies()
        without = featurizer.transform(["村支书吃喝", "的的"])
    assert compiled.kernel is not None
    assert abs(with_kernel - without).max() < 1e-6


CONTENT_TEXTS = [
    "我们的村支书，把低保给了亲戚！！",
    "  村支书  的的  ",
    "",
    "ABC村委会abc 123 _x ½ ① —— ……",
    "村支书\u3000\U00020000字，Ⅻ号",
    "网址" + "a" * 150 + "举报",  # a token longer than the kernel's first buffer
]


@needs_compiled
def test_content_words_are_the_same_compiled_or_not():
    featurizer = TextFeaturizer(Segmenter.default())
    got = featurizer.content_words(CONTENT_TEXTS)
    with compiled.python_twins():
        assert got == featurizer.content_words(CONTENT_TEXTS)
    assert got == [featurizer.segmenter.content_words(t) for t in CONTENT_TEXTS]
    assert got[0] == "村支书 低保 亲戚"


@needs_compiled
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="的了村支书_a1½①Ⅻ，。！ \u3000—…\U00020000㐀", max_size=25))
def test_any_text_gives_the_same_content_words_compiled_or_not(text):
    featurizer = TextFeaturizer(Segmenter.default())
    assert featurizer.content_words([text]) == [" ".join(featurizer.segmenter.content_tokens(text))]


def _fitted_featurizer() -> TextFeaturizer:
    training = [*CONTENT_TEXTS, "İSTANBUL 村支书 Straße ΣΑΣ", "abc 村支书 吃喝 ǅ 网址", "Abc 村支书 吃喝", "ΟΔΟΣ 村 ⅫⅪ"]
    return TextFeaturizer(Segmenter.default(), min_df=1).fit(training)


LOWERED_TEXTS = [*CONTENT_TEXTS, "İSTANBUL ΣΑΣ Straße ǅ ＡＢＣ村支书 ⅫⅪ", "ABC 村支书 吃喝 ΟΔΟΣ", "村 Ǉ ᾈ abc"]


@needs_compiled
def test_words_counted_from_tokens_equal_the_transform_of_the_joined_words():
    """featurize decides, lowers and looks up the content words in one compiled pass: the rows are the
    transform's, with the kernel and without it."""
    featurizer = _fitted_featurizer()
    rows, cleaned = featurizer.featurize(LOWERED_TEXTS)
    expected = featurizer.transform(featurizer.prepare(LOWERED_TEXTS))
    assert rows.nnz == expected.nnz and (rows.indices == expected.indices).all()
    assert abs(rows - expected).max() == 0
    assert rows[:, : featurizer.n_word_features_].nnz > 0  # the word block counted something
    with compiled.python_twins():
        twin_rows, twin_cleaned = featurizer.featurize(LOWERED_TEXTS)
    assert twin_cleaned == cleaned and abs(rows - twin_rows).max() < 1e-6


@needs_compiled
@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="的了村支书吃喝_aAİΣß½①Ⅻ，。！ \u3000—…\U00020000㐀", max_size=25))
def test_any_text_gives_the_same_rows_counted_from_tokens(text):
    featurizer = _fitted_featurizer()
    rows, _ = featurizer.featurize([text])
    assert abs(rows - featurizer.transform([text])).max() == 0
