"""What the unit tagger sees of each character."""

from textmine.text.unit_features import alias_spans, char_features


def test_names_of_the_alias_table_are_marked_begin_inside_end():
    text = "向县住房和城乡建设局反映"
    assert alias_spans(text) == [(2, 10)]
    marks = [next(f for f in row if f.startswith("al=")) for row in char_features(text, [(c, "x") for c in text])]
    assert marks == ["al=-", "al=-", "al=B", *["al=I"] * 6, "al=E", "al=-", "al=-"]


def test_one_row_of_features_per_character():
    text = "县水务局局长收受红包"
    rows = char_features(text, [("县水务局", "nt"), ("局长", "n"), ("收受", "v"), ("红包", "n")])
    assert len(rows) == len(text) and all("b" in row for row in rows)
    assert "c=水" in rows[1] and "w=县水务局" in rows[1]
