import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from textmine.cluster.char_grams import CharGramTfidf

DOCS = [
    "柳河村会计挪用修路款三万元",
    "柳河村  会计把修路款挪用了，请查处",
    "石门乡天天要求打卡拍照",
    "石门乡工作群打卡拍照太多",
    "邻居家狗半夜叫",
    "a",
    "",
    "Ab ab\t\tAB 柳河村",
]


@pytest.mark.parametrize(("min_df", "max_df", "max_features"), [(1, 1.0, None), (2, 0.6, None), (1, 1.0, 12)])
def test_same_columns_and_rows_as_scikit_learn(min_df, max_df, max_features):
    options = {"min_df": min_df, "max_df": max_df, "max_features": max_features}
    reference = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 3), lowercase=False, sublinear_tf=True, dtype=np.float32, **options
    )
    expected = reference.fit_transform(DOCS)
    grams = CharGramTfidf(**options)
    found = grams.fit_transform(DOCS)
    assert grams.get_feature_names_out().tolist() == reference.get_feature_names_out().tolist()
    assert abs(found - expected).max() < 1e-6
    new = ["柳河村修路款", "没见过的字"]
    assert abs(grams.transform(new) - reference.transform(new)).max() < 1e-6


def test_no_gram_left_is_a_value_error():
    with pytest.raises(ValueError):
        CharGramTfidf().fit_transform(["a", "b"])
    with pytest.raises(ValueError):
        CharGramTfidf(min_df=2, max_df=0.3).fit_transform(["柳河村", "石门乡", "邻居"])


def test_no_gram_spans_the_separator():
    grams = CharGramTfidf(min_df=1, max_df=1.0, separator="|")
    grams.fit_transform(["县水务局|柳河村", "柳河村"])
    names = grams.get_feature_names_out().tolist()
    assert not [g for g in names if "|" in g]
    assert {"水务局", "柳河村", "河村"} <= set(names)
    assert grams.transform(["局|柳"]).nnz == 0
