import jieba
import pytest

from tests.paths import ROOT
from textmine.resources import DEFAULT_STOP_WORDS
from textmine.text import Segmenter
from textmine.text.segment import read_word_list


def test_domain_terms_are_kept_whole():
    seg = Segmenter.default()
    tokens = seg.tokens("村支书从不召开三会一课，违反八项规定，还优亲厚友、吃拿卡要")
    for term in ("村支书", "三会一课", "八项规定", "优亲厚友", "吃拿卡要"):
        assert term in tokens
    plain = jieba.Tokenizer().lcut("从不召开三会一课")
    assert "三会一课" not in plain  # the dictionary is what makes the difference


def test_segmenter_does_not_touch_jiebas_global_tokenizer():
    Segmenter.default().tokens("三会一课")
    assert "三会一课" not in jieba.lcut("从不召开三会一课")


def test_every_stop_word_comes_out_as_one_token_and_is_removed():
    seg = Segmenter.default()
    words = read_word_list(DEFAULT_STOP_WORDS)
    for word in words:
        assert seg.tokens(word) in ([word], []), word
    assert seg.content_tokens("我们的村支书") == ["村支书"]


def test_saved_dictionary_segments_identically_after_reload(tmp_path):
    seg = Segmenter(user_words=["柳河村党支部 n", "违规吃喝"], stop_words=["的"])
    text = "柳河村党支部的书记违规吃喝"
    seg.save(tmp_path)
    again = Segmenter.load(tmp_path)
    assert again.tokens(text) == seg.tokens(text)
    assert "柳河村党支部" in again.tokens(text)
    assert again.content_tokens(text) == seg.content_tokens(text)


def test_tagged_gives_part_of_speech_with_domain_tags():
    pairs = dict(Segmenter.default().tagged("县水务局局长收受好处费"))
    assert pairs.get("水务局") == "nt" or pairs.get("县水务局") is not None
    assert "好处费" in pairs


def test_fast_engine_gives_jiebas_tokens_on_the_whole_corpus():
    import json

    pytest.importorskip("rjieba")
    from textmine.text import normalize

    root = ROOT
    texts = [
        normalize(json.loads(line)["text"])
        for name in ("train", "dev", "test")
        for line in (root / "corpora" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    reference, fast = Segmenter.default(), Segmenter.default()
    reference.engine, fast.engine = "jieba", "rjieba"
    assert fast.fast is not None and reference.fast is None
    differing = [t for t in texts if reference.cut(t) != fast.cut(t)]
    assert differing == []


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be one of"):
        Segmenter(engine="spacy")
