"""The unit a record complains about, found by a sequence labeller over its characters.

:class:`UnitTagger` is a linear-chain conditional random field (trained with CRFsuite, see
:mod:`textmine.text.unit_training`) whose weights are saved as JSON; tagging is plain Viterbi decoding
here, so it needs neither CRFsuite nor pickle. Each character is described by
:func:`textmine.text.unit_features.char_features` (the characters and words around it, the names found
there, the alias table's names, where in the record it stands). The tags are ``B``/``I``/``O`` over the
unit as the guideline in ``corpora/README.md`` defines it: the organisation with its places and its post,
at its most complete mention.

>>> tagger = UnitTagger.default()
>>> tagger.unit("举报桦岭县住房和城乡建设局副局长王某某收受开发商红包。")
'桦岭县住房和城乡建设局副局长'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from textmine.errors import TextmineError
from textmine.text.entities import (
    OVERSIGHT,
    PLACE_SPAN_SUFFIXES,
    ROLE_SUFFIXES,
    SPAN_UNIT_SUFFIXES,
    find_names,
)
from textmine.text.name_words import SURNAMES
from textmine.text.segment import Segmenter
from textmine.text.unit_choice import UnitRanker, unit_candidates
from textmine.text.unit_features import char_features

FORMAT = "textmine-unit-tagger/1"
TAGS = ("O", "B", "I")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "resources" / "unit_tagger.json"
NAME_ENDINGS = tuple(
    dict.fromkeys((*SPAN_UNIT_SUFFIXES, *ROLE_SUFFIXES, *PLACE_SPAN_SUFFIXES, "委员", "两委", "工作队", "支书"))
)
NOT_POSTS = ("工作人员", "干部", "职工", "老师", "教师", "医生", "护士", "司机", "保安", "网格员", "负责人")
POSTS = tuple(
    sorted(
        {*ROLE_SUFFIXES, "副局长", "副主任", "副书记", "副所长", "副站长", "副镇长", "副乡长", "副县长", "副院长",
         "副校长", "党支部书记", "支部书记", "组织委员", "纪检委员", "宣传委员", "支书"} - {*NOT_POSTS, "民警", "辅警"},
        key=len, reverse=True,
    )
)  # fmt: skip
NOT_IN_NAMES = frozenset("转称可令日跟向对在把被给和与及的了是说头目责赴致打找去到问")
ANNEXES = ("大厅", "窗口", "食堂")
ADMIN = frozenset("省市县区镇乡村")
UNIT_END = frozenset("局所站院委部办队厅馆校司社处科股中")
JOINS = ("和", "及", "与", "、")
BODY_ENDINGS = (*SPAN_UNIT_SUFFIXES, *PLACE_SPAN_SUFFIXES)
NOT_SURNAMES = frozenset("原党副常")  # 派出所原所长, 镇党委书记: a post, not a name
#: generic words a writer puts before the unit's name (政府部门县住建局, 职能部门环保局): never part of it, never a
#: unit alone
GENERIC_LEADS = ("政府部门", "职能部门", "有关部门", "相关部门", "主管部门", "上级部门", "有关单位", "相关单位")
NOT_UNITS = frozenset({"乡里", "镇里", "村里", "县里", "市里", "区里", "局里", "所里", "领导", "干部", "负责人", "中心",
                       "单位", "部门", "工作人员", "乐队", "公司", "街道", "政府", "学校", "医院", "社区", "有限公司",
                       "当地政府", "地方政府", "上级政府", "党和政府", "人民政府", "贵局", "该局", *GENERIC_LEADS})  # fmt: skip
#: marks between clauses, never inside one unit's name (a second post after 、 is: 原党组书记、局长)
CLAUSE_MARKS = frozenset("，,。：:；;！!？?")
#: characters that join clauses and never begin a unit's name (而教育局, 但西地省)
CONJUNCTIONS = frozenset("而但并却")
#: characters cut from the front of a tagged span: function words, verbs of going and asking, conjunctions
LEADING_NOISE = frozenset("称对向在把被给和与及的了是说经后由从跟令责转日赴致可打找去到问") | CONJUNCTIONS
TOWN_ENDINGS = ("乡", "镇", "街道")
FIRM_ENDINGS = ("公司", "店", "厂", "超市", "宾馆", "诊所", "门诊")
PUBLIC_SERVICE_WORDS = ("供水", "供电", "电力", "自来水", "燃气", "热力", "水务", "公交", "邮政", "电信", "移动", "联通",
                        "铁路", "国资", "国有", "城投")  # fmt: skip
PUBLIC_FIRM_WORDS = (*PUBLIC_SERVICE_WORDS, "投资", "粮油", "粮食", "农机", "供销", "卫生", "医")
#: words of a private company's name (有限公司, 房地产): a firm so named is private even with a city in its name
PRIVATE_FIRM_WORDS = ("有限公司", "有限责任公司", "股份", "房地产", "地产", "置业", "物业")
#: words of a state investment company's name: one with a county, city or district in its name is public
#: (县城市建设投资有限公司); a village's collective (股份经济合作社) is public too
STATE_FIRM_WORDS = ("建设投资", "产业投资", "投资发展", "投资集团", "国有资本", "国有资产")
COLLECTIVE_WORDS = ("经济合作社", "经济联合社")
REGION_ENDINGS = ("省", "市", "县", "区", "州", "旗")  # a county or city alone is no unit; 社区 is
UNNAMED_BODIES = frozenset({"", "里", "委会", "两委", "党支部", "党总支", "党委", "政府", "民委员会"})


def spans_of(tags: Sequence[str]) -> list[tuple[int, int]]:
    """(start, end) of every ``B I*`` run (an ``I`` without a ``B`` starts one).

    >>> spans_of(["O", "B", "I", "O", "I", "I", "B"])
    [(1, 3), (4, 6), (6, 7)]
    """
    spans, start = [], None
    for k, tag in enumerate([*tags, "O"]):
        if tag == "B" or (tag == "I" and start is None) or tag == "O":
            if start is not None:
                spans.append((start, k))
            start = k if tag in ("B", "I") else None
    return spans


def tidy(span: str) -> str:
    """A tagged span cut back to a name: without a leading function word (称, 对, 后经) or generic word
    (政府部门) and ending where a unit, post or place name ends (苎麻镇综合执法队执法中 → 苎麻镇综合执法队),
    the first character of a post after it left out (县文化馆馆长 cut short: 县文化馆馆 → 县文化馆).

    >>> tidy("苎麻镇综合执法队执法中"), tidy("称翠岗县教育局"), tidy("县住建局"), tidy("县文化馆馆")
    ('苎麻镇综合执法队', '翠岗县教育局', '县住建局', '县文化馆')
    >>> tidy("政府部门县住建局"), tidy("职能部门环保局")
    ('县住建局', '环保局')
    """
    while len(span) > 2 and span[0] in LEADING_NOISE:
        span = span[1:]
    lead = next((word for word in GENERIC_LEADS if span.startswith(word)), "")
    if len(span) - len(lead) >= 3:
        span = span[len(lead) :]
    end = next((end for end in range(len(span), 1, -1) if span[:end].endswith(NAME_ENDINGS)), len(span))
    span = span[:end]
    if len(span) > 3 and span[-1] == span[-2] and span[-1] in UNIT_END:
        return span[:-1]
    return span


def first_of_pair(span: str) -> str:
    """The first of two names tagged as one span joined by 和, 及, 与 or 、 (芦溪镇派出所和镇综治中心 →
    芦溪镇派出所); a name holding the word inside it (人力资源和社会保障局) and a second post of one person
    (原党组书记、局长) stay whole.

    >>> first_of_pair("芦溪镇派出所和镇综治中心"), first_of_pair("县人力资源和社会保障局")
    ('芦溪镇派出所', '县人力资源和社会保障局')
    >>> first_of_pair("县住建局原党组书记、局长")
    '县住建局原党组书记、局长'
    """
    for k, char in enumerate(span):
        if char in JOINS and span[:k].endswith(NAME_ENDINGS) and span[k + 1 :].endswith(BODY_ENDINGS):
            return span[:k]
    return span


def without_surname(unit: str) -> str:
    """A unit with a person's surname and post after it (青枫镇冯书记, 县水利局王局长) cut to the unit: a name
    is never part of the unit, and the post goes with it.

    >>> without_surname("青枫镇冯书记"), without_surname("县水利局副局长"), without_surname("派出所原所长")
    ('青枫镇', '县水利局副局长', '派出所原所长')
    """
    post = next((p for p in POSTS if unit.endswith(p)), "")
    if not post or len(unit) < len(post) + 3:
        return unit
    head, surname = unit[: -len(post) - 1], unit[-len(post) - 1]
    if surname in SURNAMES and surname not in NOT_SURNAMES and head.endswith(NAME_ENDINGS):
        return head
    return unit


def without_role(unit: str) -> str:
    """A unit without a word for its staff that follows it (干部, 工作人员: not a post), unless nothing but a
    place would be left (村干部 is the post as written).

    >>> without_role("县税务局第一稽查局干部"), without_role("大枣坪村村干部"), without_role("县医保局服务大厅")
    ('县税务局第一稽查局', '大枣坪村村干部', '县医保局')
    """
    for word in NOT_POSTS:
        if unit.endswith(word) and unit[: -len(word)].endswith(SPAN_UNIT_SUFFIXES):
            return unit[: -len(word)]
    if unit.endswith(ANNEXES):  # 医保局大厅, 医保局服务大厅, 卫生院收费窗口, 水文站食堂: the body itself
        for extra in (2, 3, 4):
            if unit[:-extra].endswith(SPAN_UNIT_SUFFIXES):
                return unit[:-extra]
    return unit


def is_region(name: str) -> bool:
    """Whether a name is a county, city or province alone (苘川县), not a community (白鹭社区)."""
    return name.endswith(REGION_ENDINGS) and not name.endswith("社区")


def is_private(name: str) -> bool:
    """Whether a name is a shop or a private firm (美发店, 鑫隆装饰工程有限公司): a firm with neither a
    county, town or village in its name nor a public service (县城投公司, 自来水公司 are units); a company
    named as private (有限公司, 房地产) is private wherever it is, unless it provides a public service.

    >>> is_private("鑫隆装饰工程有限公司"), is_private("自来水公司"), is_private("芦岚县燃气公司")
    (True, False, False)
    >>> is_private("K市景树卫生材料有限公司"), is_private("中国电信股份有限公司M5市分公司")
    (True, False)
    >>> is_private("潭口县城市建设投资有限公司"), is_private("鑫源投资集团有限公司"), is_private("芝麻岭村股份经济合作社")
    (False, True, False)
    """
    if any(word in name for word in COLLECTIVE_WORDS):
        return False
    if any(word in name for word in PRIVATE_FIRM_WORDS):
        state = ADMIN.intersection(name) and any(word in name for word in STATE_FIRM_WORDS)
        return not (state or any(word in name for word in PUBLIC_SERVICE_WORDS))
    if not name.endswith(FIRM_ENDINGS) or ADMIN.intersection(name):
        return False
    return not any(word in name for word in PUBLIC_FIRM_WORDS)


def is_never_unit(name: str) -> bool:
    """Whether a name can never be the record's unit, whatever the text around it: a generic word (政府,
    有关部门, 贵局), a private firm, or words that begin with a conjunction (而教育局).

    >>> is_never_unit("有关部门"), is_never_unit("而教育局"), is_never_unit("县教育局")
    (True, True, False)
    >>> is_never_unit("F5县人民政府:万庾镇官洲村")  # two names across a colon
    True
    """
    return name in NOT_UNITS or name[:1] in CONJUNCTIONS or is_private(name) or bool(CLAUSE_MARKS.intersection(name))


def body_of_region(unit: str, text: str, names: Sequence) -> str:
    """A county or city tagged alone (苘川县) taken with the body named right after it (苘川县残疾人联合会),
    the longest unit the dictionary-and-pattern finder put there; a county or city is no unit by itself.

    >>> from textmine.text.entities import Name
    >>> body_of_region("苘川县", "关于苘川县残联问题", [Name("苘川县残联", "unit", 2, 7)])
    '苘川县残联'
    """
    if not is_region(unit):
        return unit
    bodies = [n.text for n in names if n.kind == "unit" and n.text.startswith(unit) and len(n.text) > len(unit)]
    return max(bodies, key=len, default=unit)


def body_of_town(unit: str, names: Sequence) -> str:
    """A town, township or street tagged alone (鹭门乡) taken with the body named right after it (鹭门乡政府)
    when the dictionary-and-pattern finder put one there, the one named most often (the longest when equal).

    >>> from textmine.text.entities import Name
    >>> body_of_town("鹭门乡", [Name("鹭门乡政府", "unit", 0, 5), Name("鹭门乡", "place", 9, 12)])
    '鹭门乡政府'
    >>> body_of_town("鹭门乡", [Name("鹭门乡", "place", 0, 3)])
    '鹭门乡'
    """
    if not unit.endswith(TOWN_ENDINGS):
        return unit
    bodies = [n.text for n in names if n.kind == "unit" and n.text.startswith(unit) and len(n.text) > len(unit)]
    return max(bodies, key=lambda b: (bodies.count(b), len(b)), default=unit)


def named_for_place(text: str, unit: str, places: Sequence[tuple[int, int]]) -> str:
    """A bare village, town or township body or post (村支书, 村委会, 乡党委书记, 镇里) named by the place the
    record names (狗尾坝村): the place with the body when the text writes them together (麻柳村村委会),
    else the place. Other bodies (乡安监站) and names with a place stay as they are.

    >>> named_for_place("我们是狗尾坝村的村民，反映村支书彭某某", "村支书", [(3, 7)])
    '狗尾坝村'
    >>> named_for_place("麻柳村村委会不公开账目", "村委会", [(0, 3)]), named_for_place("乡安监站", "乡安监站", [])
    ('麻柳村村委会', '乡安监站')
    >>> named_for_place("我们青枫镇的镇长不管事", "镇长", [(2, 5)])  # a bare head of the town
    '青枫镇'
    """
    level, rest = unit[0], unit[1:]
    if level not in "村镇乡":
        return unit
    if rest == "长":  # 镇长, 乡长, 村长: the level's own head
        rest = ""
    rest = rest[: -len(post)] if (post := next((p for p in (*POSTS, *NOT_POSTS) if rest.endswith(p)), "")) else rest
    if rest not in UNNAMED_BODIES:
        return unit
    named = [text[a:b] for a, b in places if text[b - 1] == level and b - a >= 3]
    if not named:
        return unit
    place = tidy(named[0])
    together = place + unit[1:] if place + unit[1:] in text else place + unit
    return together if together in text else place


def places_before(text: str, begin: int, places: Sequence[tuple[int, int]], stops=NOT_IN_NAMES) -> int:
    """Where a mention starting at ``begin`` starts once the chained place spans written right before it are
    taken in (a span holding one of the ``stops`` characters before ``begin`` is not).

    >>> places_before("县住建局局长", 1, [(0, 1)])
    0
    """
    moved = True
    while moved:
        moved = False
        for a, b in places:
            if a < begin <= b and not stops.intersection(text[a:begin]):
                begin, moved = a, True
                break
    return begin


def most_complete(text: str, unit: str, places: Sequence[tuple[int, int]]) -> str:
    """The longest mention of ``unit`` in ``text``: the places written right before it and the post right
    after it taken in (老鸦滩村党支部书记 → 芗溪县河口镇老鸦滩村党支部书记, 镇信访办 → 镇信访办主任).
    ``places``: the text's chained place spans.

    >>> most_complete("县信访办主任不接待", "县信访办", []), most_complete("派出所原所长", "派出所", [])
    ('县信访办主任', '派出所原所长')
    """
    best, start = unit, text.find(unit)
    ends_with_post = unit.endswith(POSTS)
    while start >= 0:
        begin, end = places_before(text, start, places), start + len(unit)
        former = "原" if text.startswith("原", end) else ""  # 派出所原所长
        post = "" if ends_with_post else next((former + p for p in POSTS if text.startswith(p, end + len(former))), "")
        if end + len(post) - begin > len(best):
            best = text[begin : end + len(post)]
        start = text.find(unit, start + 1)
    return best


class UnitTagger:
    """Tag units with saved CRF weights.

    Parameters
    ----------
    weights: ``{"format": ..., "labels": [...], "transitions": [[...]], "attributes": {feature: [weight per
        label]}, "margin": m, "ranker": {...}}``; ``margin`` is the default of :meth:`tag_features`;
        ``ranker`` (optional) the weights of the :class:`textmine.text.unit_choice.UnitRanker` that picks the
        record's unit among the candidates.
    """

    def __init__(self, weights: dict) -> None:
        if weights.get("format") != FORMAT:
            raise TextmineError(f"not a textmine unit tagger (format {weights.get('format')!r}, expected {FORMAT!r})")
        self.labels_ = list(weights["labels"])
        self.transitions_ = np.asarray(weights["transitions"], dtype=np.float64)
        self.attributes_ = {k: np.asarray(v, dtype=np.float64) for k, v in weights["attributes"].items()}
        self.margin_ = float(weights.get("margin", 0.0))
        self.ranker_ = UnitRanker(weights["ranker"]) if weights.get("ranker") else None
        self.segmenter = None

    @classmethod
    def load(cls, path: str | Path) -> UnitTagger:
        try:
            return cls(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError) as err:
            raise TextmineError(f"cannot read the unit tagger {str(path)!r}: {err}") from None

    @classmethod
    def default(cls) -> UnitTagger:
        """The shipped tagger (read once)."""
        return _default_tagger()

    def tag_features(self, features: Sequence[Sequence[str]], margin: float = 0.0) -> list[str]:
        """The best tag sequence for one record's character features (Viterbi). When it holds no unit, the
        best sequence that holds one is taken instead if its score is at most ``margin`` lower: a record
        almost always names the unit it is about."""
        if not features:
            return []
        return [self.labels_[i] for i in self._decode(self._emissions(features), margin)]

    def _decode(self, emissions: np.ndarray, margin: float) -> list[int]:
        best, score = _viterbi(emissions, self.transitions_)
        if margin > 0 and all(self.labels_[i] == "O" for i in best) and len(self.labels_) > 1:
            outside = self.labels_.index("O")
            forced, forced_score = _viterbi_with_unit(emissions, self.transitions_, outside)
            if forced and score - forced_score <= margin:
                best = forced
        return best

    def _emissions(self, features: Sequence[Sequence[str]]) -> np.ndarray:
        emissions = np.zeros((len(features), len(self.labels_)))
        for k, row in enumerate(features):
            for name in row:
                weights = self.attributes_.get(name)
                if weights is not None:
                    emissions[k] += weights
        return emissions

    def _tokens(self, text: str, tagged, word_freq) -> tuple:
        if tagged is None:  # only for calls without tokens; EntityExtractor passes its own
            if self.segmenter is None:
                self.segmenter = Segmenter.default()
            tagged, word_freq = self.segmenter.tagged(text), self.segmenter.tokenizer.FREQ
        return tagged, word_freq

    def spans(
        self, text: str, tagged: Sequence[tuple[str, str]] | None = None, word_freq=None, margin: float | None = None
    ) -> list[str]:
        """The units tagged in a (normalised) text, in order, without repeats."""
        tagged, word_freq = self._tokens(text, tagged, word_freq)
        margin = self.margin_ if margin is None else margin
        return self._spans(text, self.tag_features(char_features(text, tagged, word_freq), margin))

    @staticmethod
    def _spans(text: str, tags: Sequence[str]) -> list[str]:
        found = [without_surname(tidy(first_of_pair(text[s:e]))) for s, e in spans_of(tags)]
        return list(dict.fromkeys(f for f in found if len(f) >= 2))

    def read(self, text: str, tagged: Sequence[tuple[str, str]] | None = None, word_freq=None, names=None) -> tuple:
        """What the tagger makes of a (normalised) text: the units it tags (as :meth:`spans`) and, per
        character, the chances of each label (``labels_`` order; forward-backward over the chain).
        ``names``: the text's :func:`find_names`, found when not given."""
        tagged, word_freq = self._tokens(text, tagged, word_freq)
        features = char_features(text, tagged, word_freq, names)
        if not features:
            return [], np.zeros((0, len(self.labels_)))
        emissions = self._emissions(features)
        tags = [self.labels_[i] for i in self._decode(emissions, self.margin_)]
        return self._spans(text, tags), _marginals(emissions, self.transitions_)

    def unit(self, text: str, tagged: Sequence[tuple[str, str]] | None = None, word_freq=None) -> str | None:
        """The unit the record is about: with a ranker, the candidate it scores best (see
        :mod:`textmine.text.unit_choice`); without one, the first unit tagged that is not a discipline body,
        else the first."""
        tagged, word_freq = self._tokens(text, tagged, word_freq)
        names = find_names(text, tagged, word_freq)
        if self.ranker_ is None:
            return first_answerable(text, self.spans(text, tagged, word_freq), names)
        return self.ranker_.choose(text, *self.candidates(text, tagged, word_freq, names))

    def candidates(self, text: str, tagged, word_freq, names: Sequence) -> tuple[list, str | None]:
        """The candidates for the record's unit (with the tagger's chances for each) and the first-answerable
        pick, as the ranker reads them."""
        spans, chances = self.read(text, tagged, word_freq, names)
        inside = 1.0 - chances[:, self.labels_.index("O")] if "O" in self.labels_ else np.zeros(len(chances))
        begins = chances[:, self.labels_.index("B")] if "B" in self.labels_ else np.zeros(len(chances))
        form = AnswerForm(text, names)
        found = unit_candidates(text, spans, names, form, (inside, begins))
        return [c for c in found if not is_never_unit(c.text)], first_answerable(text, spans, names, form)


class AnswerForm:
    """The form in which a mention of ``text`` is answered as its unit: a county or town tagged alone taken
    with the body named after it, staff words dropped, a bare village post named by its place, the most
    complete mention; None for a mention that is no unit (a county alone, a private firm, 乡里).

    >>> AnswerForm("县住建局局长不作为", [])("县住建局"), AnswerForm("苘川县", [])("苘川县")
    ('县住建局局长', None)
    """

    def __init__(self, text: str, names: Sequence) -> None:
        self.text, self.names = text, names
        self.places = [(n.start, n.end) for n in names if n.kind == "place"]

    def body(self, mention: str) -> str | None:
        """The mention as a body (before its most complete form), or None when it is no unit."""
        unit = body_of_town(body_of_region(mention, self.text, self.names), self.names)
        return None if is_region(unit) or is_never_unit(unit) else unit

    def finish(self, unit: str) -> str:
        """A body in its most complete, place-named form."""
        return most_complete(self.text, named_for_place(self.text, without_role(unit), self.places), self.places)

    def __call__(self, mention: str) -> str | None:
        unit = self.body(mention)
        return None if unit is None else self.finish(unit)


def first_answerable(text: str, spans: Sequence[str], names: Sequence, form: AnswerForm | None = None) -> str | None:
    """The first tagged unit that is not a discipline body (else the first), in its answer form (``form``: the
    text's :class:`AnswerForm` when already built).

    >>> first_answerable("我向县纪委反映县住建局的问题", ["县纪委", "县住建局"], [])
    '县住建局'
    """
    form = form or AnswerForm(text, names)
    found = [u for u in dict.fromkeys(form.body(s) for s in spans) if u]
    answerable = [u for u in found if not any(word in u for word in OVERSIGHT)]
    unit = (answerable or found or [None])[0]
    return None if unit is None else form.finish(unit)


def _marginals(emissions: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The chance of each label at each position under the chain (forward-backward, rescaled at each step).

    >>> chances = _marginals(np.array([[0.0, 2.0], [0.0, 0.0]]), np.zeros((2, 2)))
    >>> chances.sum(axis=1).round(6).tolist(), bool(chances[0, 1] > chances[0, 0])
    ([1.0, 1.0], True)
    """
    steps = np.exp(transitions - transitions.max())
    local = np.exp(emissions - emissions.max(axis=1, keepdims=True))
    forward, backward = np.empty_like(local), np.ones_like(local)
    forward[0] = local[0]
    for k in range(1, len(local)):  # each row keeps its own scale: rescaled now and then, and at the end
        forward[k] = (forward[k - 1] @ steps) * local[k]
        if not k % 16:
            forward[k] /= forward[k].sum()
    for k in range(len(local) - 2, -1, -1):
        backward[k] = steps @ (local[k + 1] * backward[k + 1])
        if not k % 16:
            backward[k] /= backward[k].sum()
    chances = forward * backward
    return chances / chances.sum(axis=1, keepdims=True)


def _viterbi(emissions: np.ndarray, transitions: np.ndarray) -> tuple[list[int], float]:
    """The best label path and its score under a first-order chain (no start or end weights, as CRFsuite)."""
    score = emissions[0].copy()
    back = np.zeros(emissions.shape, dtype=np.int64)
    for k in range(1, len(emissions)):
        candidates = score[:, None] + transitions
        back[k] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + emissions[k]
    path = [int(score.argmax())]
    for k in range(len(emissions) - 1, 0, -1):
        path.append(int(back[k, path[-1]]))
    return path[::-1], float(score.max())


def _viterbi_with_unit(emissions: np.ndarray, transitions: np.ndarray, outside: int) -> tuple[list[int], float]:
    """The best path that tags at least one character as part of a unit: Viterbi over (label, unit seen)."""
    size = emissions.shape[1]
    inside = np.arange(size) != outside
    none = np.where(inside, -np.inf, emissions[0])  # no unit yet: only O so far
    seen = np.where(inside, emissions[0], -np.inf)
    back = np.zeros((len(emissions), 2, size, 2), dtype=np.int64)  # (step, flag now, label now) -> (flag, label)
    for k in range(1, len(emissions)):
        from_none = none[:, None] + transitions
        from_seen = seen[:, None] + transitions
        new_none = np.where(inside, -np.inf, from_none.max(axis=0) + emissions[k])
        back[k, 0, :, 0], back[k, 0, :, 1] = 0, from_none.argmax(axis=0)
        stay, enter = from_seen.max(axis=0), np.where(inside, from_none.max(axis=0), -np.inf)
        new_seen = np.maximum(stay, enter) + emissions[k]
        back[k, 1, :, 0] = np.where(enter > stay, 0, 1)
        back[k, 1, :, 1] = np.where(enter > stay, from_none.argmax(axis=0), from_seen.argmax(axis=0))
        none, seen = new_none, new_seen
    if not np.isfinite(seen.max()):
        return [], -np.inf
    flag, label = 1, int(seen.argmax())
    path = [label]
    for k in range(len(emissions) - 1, 0, -1):
        flag, label = int(back[k, flag, label, 0]), int(back[k, flag, label, 1])
        path.append(label)
    return path[::-1], float(seen.max())


@lru_cache(maxsize=1)
def _default_tagger() -> UnitTagger:
    return UnitTagger.load(DEFAULT_PATH)
