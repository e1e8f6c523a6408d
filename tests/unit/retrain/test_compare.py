from textmine.retrain.compare import Comparison, PartComparison
from textmine.text.display import display_width


def scores(macro, **per_label):
    return {"macro_f1": macro, "per_label": {k: {"f1": v} for k, v in per_label.items()}}


def test_promotion_is_refused_only_for_a_fall_beyond_the_tolerance():
    small = PartComparison("base test", 100, scores(0.885, a=0.9), scores(0.90, a=0.9))
    large = PartComparison("new cases", 50, scores(0.85, a=0.8), scores(0.90, a=0.95))
    assert Comparison("m1", [small]).refusals() == []
    assert Comparison("m1", [small, large]).refusals() == ["macro-F1 on new cases falls by 0.050 (0.900 → 0.850)"]
    assert Comparison("m1", [small, large]).refusals(tolerance=0.06) == []


def test_per_label_deltas_and_an_incomparable_current_model():
    part = PartComparison("new cases", 50, scores(0.8, a=0.9, b=0.7), scores(0.75, a=0.8))
    assert part.label_deltas() == {"a": (0.9, 0.1), "b": (0.7, None)}
    alone = PartComparison("new cases", 50, scores(0.5, a=0.5), None)
    comparison = Comparison("shipped default", [alone], note="the current model has other labels")
    assert comparison.refusals() == [] and alone.macro_f1_delta is None
    lines = "\n".join(comparison.lines())
    assert "the current model has other labels" in lines and "macro-F1 new 0.500" in lines
    wide = PartComparison("new cases", 5, scores(0.5, 交通运输=0.5, ab=0.5), None)
    rows = Comparison("m", [wide]).lines()[-2:]
    assert [display_width(row[: row.index("F1")]) for row in rows] == [29, 29]  # the columns line up
    assert comparison.to_dict()["parts"][0]["macro_f1_delta"] is None


def test_a_saved_comparison_reads_back_and_says_when_nothing_was_compared():
    part = PartComparison("new cases", 50, scores(0.8, a=0.9), None)
    saved = Comparison("m", [part], note="the current model has other labels").to_dict()
    again = Comparison.from_dict(saved)
    assert again.parts == [part] and again.nothing_compared() == "the current model has other labels"
    compared = Comparison("m", [PartComparison("new cases", 50, scores(0.8), scores(0.7))])
    assert compared.nothing_compared() == "" and Comparison("m", []).nothing_compared().startswith("there are no")
