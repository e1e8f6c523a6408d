"""Who, where, when and how much: the facts a problem list needs, pulled from each record.

``EntityExtractor`` reads a record with jieba's part-of-speech tags (the segmenter's domain
dictionary tags units ``nt`` and posts ``nr_post``) and patterns: the units and posts named, the
places, the amounts of money (normalised to yuan), the dates and periods, and the roles named. The unit
the record is about comes from :class:`textmine.text.units.UnitTagger`, a sequence labeller trained on
the corpus's unit annotations, and leads ``units``. ``fit`` learns nothing; ``transform`` gives one row
of columns per record.

>>> extractor = EntityExtractor()
>>> found = extractor.extract("石碾镇柳河村党支部书记王某某2023年春节期间收受县水务局工程队送的红包3万多元")
>>> found.unit, found.units, found.places, found.amount_yuan, found.periods
('石碾镇柳河村党支部书记', ['石碾镇柳河村党支部书记', '县水务局', '工程队'], ['石碾镇柳河村'], 30000.0, ['2023年春节期间'])
>>> EntityExtractor(unit_tagger=None).extract("县水务局柳河村党支部书记王某某收受红包").units
['县水务局', '柳河村党支部书记']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from textmine.text import Segmenter, normalize
from textmine.text.aliases import same_unit
from textmine.text.dates import find_dates, find_periods, record_date
from textmine.text.entities import find_names, is_oversight, roles_in
from textmine.text.money import find_amounts, stated_total
from textmine.text.units import UnitTagger

EXTRACTED_COLUMNS = ("units", "places", "amount_yuan", "dates", "periods", "roles")


@dataclass(frozen=True)
class Extraction:
    """What one record names: lists in the order of the text (discipline bodies last among ``units``),
    ``amount_yuan`` the total it states (see :func:`textmine.text.money.stated_total`), and
    ``record_date`` the date the record itself carries."""

    units: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)
    amount_yuan: float | None = None
    dates: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    record_date: str | None = None
    tagged_unit: str | None = None
    tagged: bool = False  # whether a unit tagger read the record (then ``tagged_unit`` is the answer)

    @property
    def unit(self) -> str | None:
        """The unit or post the record is about: the one the unit tagger found (None when it found none);
        without a tagger, the first unit or post named, else the first role (村会计), else the first place
        (a town can be the one complained about); a discipline body only when nothing else is named."""
        if self.tagged:
            return self.tagged_unit
        answerable = [u for u in self.units if not is_oversight(u)]
        for candidates in (answerable, self.roles, self.places, self.units):
            named = [c for c in candidates if len(c) >= 2]
            if named:
                return named[0]
        return None

    @property
    def place(self) -> str | None:
        return self.places[0] if self.places else None

    def to_record(self, as_lists: bool = False) -> dict:
        """Output columns: lists for JSON, ``;``-joined strings for tables."""
        values = {
            "units": self.units,
            "places": self.places,
            "amount_yuan": self.amount_yuan,
            "dates": self.dates,
            "periods": self.periods,
            "roles": self.roles,
        }
        if as_lists:
            return values
        return {k: ";".join(v) if isinstance(v, list) else v for k, v in values.items()}


class EntityExtractor:
    """Extract units, places, amounts, dates, periods and roles from records.

    Parameters
    ----------
    segmenter:
        The segmenter whose tagger and dictionary are used (the shipped one when None).
    unit_tagger:
        Finds the unit the record is about (:class:`textmine.text.units.UnitTagger`): "default" for the
        shipped one, None to use the first unit named instead.
    """

    def __init__(self, segmenter: Segmenter | None = None, unit_tagger: UnitTagger | str | None = "default") -> None:
        self.segmenter = segmenter
        self.unit_tagger = unit_tagger

    def fit(self, texts: Iterable[str] | None = None, y=None) -> EntityExtractor:
        """Nothing to learn; sets ``segmenter_`` and ``unit_tagger_`` (the shipped tagger for "default",
        None for none) and returns self."""
        self.segmenter_ = self.segmenter if self.segmenter is not None else Segmenter.default()
        self.unit_tagger_ = UnitTagger.default() if self.unit_tagger == "default" else self.unit_tagger
        return self

    def extract(self, text: str) -> Extraction:
        """The facts of one record."""
        if not hasattr(self, "segmenter_"):
            self.fit()
        text = normalize(text if isinstance(text, str) else "")
        if not text:
            return Extraction()
        tagged = self.segmenter_.tagged(text)
        names = find_names(text, tagged, self.segmenter_.tokenizer.FREQ)
        units = list(dict.fromkeys(n.post for n in names if n.kind == "unit"))
        units.sort(key=is_oversight)  # stable: the order of the text, discipline bodies last
        tagged_unit = (
            self.unit_tagger_.unit(text, tagged, self.segmenter_.tokenizer.FREQ) if self.unit_tagger_ else None
        )
        if tagged_unit:  # the unit the record is about comes first, its other spellings after it dropped
            units = [tagged_unit, *(u for u in units if not same_unit(u, tagged_unit) and u not in tagged_unit)]
        amounts = find_amounts(text)
        return Extraction(
            units=units,
            places=list(dict.fromkeys(n.text for n in names if n.kind == "place")),
            amounts=[a.yuan for a in amounts],
            amount_yuan=stated_total(amounts),
            dates=find_dates(text),
            periods=find_periods(text),
            roles=roles_in(tagged),
            record_date=record_date(text),
            tagged_unit=tagged_unit,
            tagged=self.unit_tagger_ is not None,
        )

    def transform(self, texts: Iterable[str], as_lists: bool = False) -> pd.DataFrame:
        """One row per text with the columns ``units``, ``places``, ``amount_yuan``, ``dates``,
        ``periods`` and ``roles``."""
        rows = [self.extract(text).to_record(as_lists=as_lists) for text in texts]
        return pd.DataFrame(rows, columns=list(EXTRACTED_COLUMNS))

    def fit_transform(self, texts: Iterable[str], y=None, as_lists: bool = False) -> pd.DataFrame:
        return self.fit().transform(texts, as_lists=as_lists)
