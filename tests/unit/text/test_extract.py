"""Extraction of who, where, when and how much from whole records."""

import json

import pandas as pd
import pytest

from tests.paths import ROOT
from textmine.text.extract import EXTRACTED_COLUMNS, EntityExtractor, Extraction


@pytest.fixture(scope="module")
def extractor():
    return EntityExtractor().fit()


def test_one_record(extractor):
    found = extractor.extract("石碾镇桑园村村委会2022年有5笔共6.3万元支出以白条入账，其中2.1万元被村报账员挪去购车。")
    assert found.places == ["石碾镇桑园村"]
    assert found.units == ["石碾镇桑园村村委会"]  # the most complete mention, its town and village with it
    assert EntityExtractor(unit_tagger=None).extract("石碾镇桑园村村委会挪用公款").units == ["桑园村村委会"]
    assert found.amounts == [63000.0, 21000.0]
    assert found.amount_yuan == 63000.0
    assert found.dates == ["2022"]
    assert found.roles == ["村报账员"]


def test_the_unit_complained_about_is_not_the_discipline_body(extractor):
    found = extractor.extract("栾坪县纪委监委对县水利局局长潘某某公车私用问题立案审查")
    assert found.units == ["县水利局局长", "栾坪县纪委监委"]
    assert found.unit == "县水利局局长"


def test_the_tagged_unit_is_the_answer_even_when_none_was_found():
    assert Extraction(units=["县纪委"], tagged_unit=None, tagged=True).unit is None
    assert Extraction(units=["县纪委", "县水利局"], tagged_unit="县水利局局长", tagged=True).unit == "县水利局局长"


def test_without_a_unit_the_role_then_the_place_stands_for_it():
    assert Extraction(roles=["村会计"], places=["杏湾村"]).unit == "村会计"
    assert Extraction(places=["凤尾坝镇"]).unit == "凤尾坝镇"
    assert Extraction(units=["县纪委"]).unit == "县纪委"
    assert Extraction().unit is None


def test_traditional_characters_are_read_after_normalising(extractor):
    found = extractor.extract("鄉政府門口的排水溝堵了大半年，請問茶嶺鄉到底歸誰管？")
    assert found.places == ["茶岭乡"]


def test_empty_and_missing_text(extractor):
    assert extractor.extract("") == Extraction()
    assert extractor.extract(None) == Extraction()


def test_transform_gives_one_row_per_record_with_the_columns(extractor):
    texts = ["县水务局2023年春节期间收受红包3万多元", "", "支委会全年仅开2次。"]
    table = extractor.transform(texts)
    assert list(table.columns) == list(EXTRACTED_COLUMNS)
    assert len(table) == 3
    assert table.loc[0, "units"] == "县水务局" and table.loc[0, "amount_yuan"] == 30000.0
    assert table.loc[0, "periods"] == "2023年春节期间"
    assert table.loc[1, "units"] == "" and pd.isna(table.loc[1, "amount_yuan"])
    as_lists = extractor.transform(texts, as_lists=True)
    assert as_lists.loc[0, "units"] == ["县水务局"]


def test_fit_transform_equals_transform(extractor):
    texts = ["县水务局柳河村党支部书记收受红包3万多元", "鹭洲街道青荷路垃圾中转站臭气熏天"]
    assert EntityExtractor().fit_transform(texts).equals(extractor.transform(texts))


def test_places_on_annotated_development_records(extractor):
    """Most annotated places of the development split are found (the full score is a script)."""
    records = [json.loads(line) for line in (ROOT / "corpora" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    annotated = [r for r in records if r["place"]][:40]
    found = [extractor.extract(r["text"]).place for r in annotated]
    hits = sum(bool(f) and (f in r["place"] or r["place"] in f) for f, r in zip(found, annotated))
    assert hits >= 0.7 * len(annotated)
