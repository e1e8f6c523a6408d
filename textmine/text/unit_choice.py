"""Which of the units a record names is the one it is about: candidates and a linear ranker over them.

A record often names several units: the village and the town above it, the bureau and the discipline
body the writer turned to, the school and the education bureau. :func:`unit_candidates` gathers the unit
tagger's spans and the dictionary-and-pattern finder's units, each in the form the guideline asks for
(the most complete mention, a bare village post named by its place). :class:`UnitRanker` scores each
candidate with a logistic model over plain features (:func:`candidate_features`: where it first stands,
how often it is named, what is written around it, how it ends, whether the tagger marked it) and answers
the best one, or none when even the best is under its threshold. Weights are saved as JSON with the
tagger's (see ``scripts/train_unit_tagger.py``).

>>> ranker = UnitRanker({"coef": {"tagged": 2.0, "oversight": -3.0}, "intercept": -1.0, "threshold": 0.5})
>>> pick = [Candidate("县纪委", 2, tagged=True), Candidate("县住建局", 10, tagged=True, tag_rank=1)]
>>> ranker.choose("我向县纪委反映县住建局的问题", pick)
'县住建局'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from textmine.text.entities import CJK_ONLY, OVERSIGHT, PLACE_SPAN_SUFFIXES, ROLE_SUFFIXES, SPAN_UNIT_SUFFIXES
from textmine.text.unit_features import SENTENCE_END, position_bucket

TRIGGERS = ("举报", "反映", "投诉", "关于", "检举", "控告", "针对", "发现", "存在", "要求")
PLACE_ENDINGS = ("村", "镇", "乡", "街道", "社区", "县", "区", "市")
CUT_ENDINGS = (*SPAN_UNIT_SUFFIXES, "县", "区", "镇", "乡", "街道")
LONG_ENDINGS = tuple(e for e in {*SPAN_UNIT_SUFFIXES, *PLACE_SPAN_SUFFIXES, *ROLE_SUFFIXES, "机关"} if len(e) > 1)
LONGER_ENDINGS = (*SPAN_UNIT_SUFFIXES, *ROLE_SUFFIXES, "大厅", "护士站", "机关", "科室")
NOT_IN_LONGER = frozenset("的了和与及在对把被给是说向为将从")
MOST_MENTIONS = 50  # the mentions of one candidate whose chances are read
LONGEST_UNIT = 40  # characters: the longest annotated unit has 22


@dataclass(frozen=True)
class Candidate:
    """One unit a record might be about: its answer form, where it is first written (-1 when the answer
    form is not written as such), whether the tagger marked it (``tag_rank``: its order among the tagger's
    units) and whether the dictionary-and-pattern finder did, and ``how`` it was found first (``tagged``,
    ``listed``, ``rejected``: a tagged mention the answer form turns down, ``place``, ``cut``: a shorter name
    inside another, ``longer``: another with the office or post written after it). ``inside``, ``begins``
    and ``ends``: at the mention the tagger is surest of, its mean chance that a character belongs to a unit,
    the chance that a unit begins at its first character, and that none goes on past its last."""

    text: str
    start: int
    tagged: bool = False
    tag_rank: int = 99
    listed: bool = False
    how: str = "tagged"
    inside: float = 0.0
    begins: float = 0.0
    ends: float = 0.0


def unit_candidates(
    text: str, tagged_spans: Sequence[str], names: Sequence, answer_form, chances: tuple | None = None
) -> list[Candidate]:
    """The candidates of one (normalised) text, in the order they are first written.

    ``tagged_spans``: the tagger's units after tidying; ``names``: :func:`find_names` of the text;
    ``answer_form``: a function from a mention to its answer form, or None when the mention is no unit
    (a county alone, a private firm); ``chances``: the tagger's chance per character that it is in a unit and
    that a unit begins there (two arrays as long as the text), when known.

    >>> from textmine.text.entities import find_names
    >>> names = find_names("县住建局局长", [("县住建局", "nt"), ("局长", "n")])
    >>> [c.text for c in unit_candidates("县住建局局长", ["县住建局"], names, lambda u: u)]
    ['县住建局', '县住建局局长']
    """
    found: dict[str, Candidate] = {}
    answer_form = _remembered(answer_form)  # a long record names one unit many times: each form found once

    def add(unit: str | None, how: str, rank: int = 99) -> None:
        if not unit or len(unit) < 2:
            return
        old = found.get(unit)
        tagged, listed = how == "tagged" or bool(old and old.tagged), how == "listed" or bool(old and old.listed)
        rank = min(rank, old.tag_rank) if old else rank
        found[unit] = Candidate(unit, text.find(unit), tagged, rank, listed, old.how if old else how)

    first_rank: dict[str, int] = {}
    for rank, mention in enumerate(tagged_spans):
        if len(mention) <= LONGEST_UNIT:  # a longer span is a run of names tagged as one, never a unit
            first_rank.setdefault(mention, rank)
    for mention, rank in first_rank.items():  # a mention tagged again adds nothing: its first rank stands
        form = answer_form(mention)
        for unit in (form, mention) if form else ():  # the answer form, and the mention as tagged
            add(unit, "tagged", rank)
        if not form:
            add(mention, "rejected", rank)
    for name in names:
        if name.kind == "unit":
            add(answer_form(name.text), "listed")
            add(answer_form(name.post) if name.role else None, "listed")
    for name in names:
        if name.kind == "place":
            add(name.text, "place")
    for candidate in list(found.values()):
        for shorter in _cuts(candidate.text):
            add(shorter, "cut")
        for longer in _longer(text, candidate):
            add(longer, "longer")
    if chances is not None:
        found = {unit: _with_chances(text, c, *chances) for unit, c in found.items()}
    return sorted(found.values(), key=lambda c: (c.start < 0, c.start))


def _remembered(answer_form):
    """``answer_form`` with its answers kept for the call of :func:`unit_candidates`."""
    answers: dict[str, str | None] = {}

    def form(mention: str) -> str | None:
        if mention not in answers:
            answers[mention] = answer_form(mention)
        return answers[mention]

    return form


def _with_chances(text: str, candidate: Candidate, inside, begins, most: int = MOST_MENTIONS) -> Candidate:
    """The candidate with the tagger's chances at the mention it is surest of (among its first ``most``)."""
    best = (0.0, 0.0, 0.0)
    start = candidate.start
    for _ in range(most):
        if start < 0:
            break
        end = start + len(candidate.text)
        ends = 1.0 - (inside[end] - begins[end]) if end < len(text) else 1.0  # not an I after it
        here = (float(inside[start:end].mean()), float(begins[start]), float(ends))
        best = max(best, here)
        start = text.find(candidate.text, start + 1)
    return replace(candidate, inside=best[0], begins=best[1], ends=best[2])


def _cuts(unit: str) -> list[str]:
    """The names a unit holds before its end (县住建局物业管理科 → 县住建局, 云门乡松坎村 → 云门乡), and the
    unit without its post; never a cut inside a longer ending (沙井头社区 is no 沙井头社).

    >>> _cuts("县住建局物业管理科科长"), _cuts("雾岭县云门乡松坎村"), _cuts("芦汀区沙井头社区")
    (['县住建局', '县住建局物业管理科'], ['雾岭县', '雾岭县云门乡'], ['芦汀区'])
    """
    post = next((p for p in ROLE_SUFFIXES if unit.endswith(p) and len(unit) > len(p) + 1), "")
    body = unit[: len(unit) - len(post)]
    cuts = [
        body[:k]
        for k in range(3, len(body))
        if body[:k].endswith(CUT_ENDINGS) and not any(body.startswith(e, j) for e, j in _spanning(body, k))
    ]
    return cuts + ([body] if post else [])


def _spanning(body: str, k: int):
    """(ending, start) of every longer ending that would stand across position ``k`` of ``body``."""
    for ending in LONG_ENDINGS:
        for start in range(max(0, k - len(ending) + 1), k):
            yield ending, start


def _longer(text: str, candidate: Candidate, reach: int = 8) -> list[str]:
    """The candidate with the office, annex or post written right after it (县教育局 + 基建科科长)."""
    if candidate.start < 0:
        return []
    start, end = candidate.start, candidate.start + len(candidate.text)
    out = []
    for stop in range(end + 1, min(end + reach, len(text)) + 1):  # two characters at least: 局 + 局长 is none
        if not CJK_ONLY.match(text[stop - 1]) or text[stop - 1] in NOT_IN_LONGER:
            break
        if stop - end >= 2 and text[start:stop].endswith(LONGER_ENDINGS):
            out.append(text[start:stop])
    return out[:2]


def candidate_features(
    text: str, candidate: Candidate, others: Sequence[Candidate], pick: str | None
) -> dict[str, float]:
    """The features of one candidate among ``others`` (all candidates of the record, itself included);
    ``pick``: the unit the first-answerable rule would answer.

    >>> feats = candidate_features("举报县住建局", Candidate("县住建局", 2, tagged=True, tag_rank=0), [], "县住建局")
    >>> feats["rule_pick"], feats["trigger=举报"]
    (1.0, 1.0)
    """
    unit, start = candidate.text, candidate.start
    order = sum(o.start >= 0 and o.start < start for o in others) if start >= 0 else 9
    names = [
        "source=" + ("both" if candidate.tagged and candidate.listed else "tagged" if candidate.tagged else "listed"),
        f"tag_rank={min(candidate.tag_rank, 3)}" if candidate.tagged else "untagged",
        f"order={min(order, 4)}",
        f"count={min(text.count(unit), 4)}",
        f"end1={unit[-1]}",
        f"end2={unit[-2:]}",
        f"length={min(len(unit) // 3, 6)}",
        f"how={candidate.how}",
        f"surest={min(int(candidate.inside * 5), 4)}",
        f"candidates={min(len(others), 4)}",
    ]
    if candidate.tagged:
        names.append("tagged")
    if unit == pick:
        names.append("rule_pick")
    if any(word in unit for word in OVERSIGHT):
        names.append("oversight")
    if "某" in unit:
        names.append("vague")
    if unit.endswith(PLACE_ENDINGS):
        names.append("place_only")
    if any(o.text != unit and o.text in unit for o in others):
        names.append("holds_other")
    if any(o.text != unit and unit in o.text for o in others):
        names.append("inside_other")
    if start < 0:
        names.append("unwritten")
    else:
        sentence = sum(text[:start].count(mark) for mark in SENTENCE_END)
        names += [f"sentence={min(sentence, 3)}", f"at={position_bucket(start)}"]
        names += [f"b1={text[start - 1] if start else '^'}", f"b2={text[max(0, start - 2) : start] or '^'}"]
        after = text[start + len(unit) : start + len(unit) + 2] or "$"
        names += [f"a1={after[0]}", f"a2={after}"]
        if 0 <= start < text.find("\n"):
            names.append("in_title")  # the first line of a titled record
        window = text[max(0, start - 8) : start]
        names += [f"trigger={word}" for word in TRIGGERS if word in window]
    whole = _whole(candidate)
    names.append(f"whole_rank={min(sum(_whole(o) > whole for o in others), 3)}")
    names.append(f"inside_rank={min(sum(o.inside > candidate.inside for o in others), 3)}")
    features = dict.fromkeys(names, 1.0)
    features |= {"inside": candidate.inside, "begins": candidate.begins, "ends": candidate.ends, "whole": whole}
    return features


def _whole(candidate: Candidate) -> float:
    return candidate.inside * candidate.begins * candidate.ends


class UnitRanker:
    """Score candidates with saved logistic weights: ``{"coef": {feature: weight}, "intercept": b,
    "threshold": t}``; :meth:`choose` answers the best candidate when its probability reaches ``t``."""

    def __init__(self, weights: dict) -> None:
        self.coef_ = {str(k): float(v) for k, v in weights["coef"].items()}
        self.intercept_ = float(weights.get("intercept", 0.0))
        self.threshold_ = float(weights.get("threshold", 0.0))

    def probabilities(self, text: str, candidates: Sequence[Candidate], pick: str | None = None) -> list[float]:
        """The probability of each candidate being the record's unit."""
        out = []
        for candidate in candidates:
            features = candidate_features(text, candidate, candidates, pick)
            score = self.intercept_ + sum(self.coef_.get(name, 0.0) * value for name, value in features.items())
            out.append(1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0))))
        return out

    def choose(self, text: str, candidates: Sequence[Candidate], pick: str | None = None) -> str | None:
        """The most probable candidate, or None when there is none or it is under the threshold."""
        if not candidates:
            return None
        chances = self.probabilities(text, candidates, pick)
        best = max(range(len(candidates)), key=chances.__getitem__)
        return candidates[best].text if chances[best] >= self.threshold_ else None
