"""Places and units named in a text, found by their suffixes.

``entity_words`` picks whole tokens of a segmented text; ``find_names`` finds the names in running
text from jieba's tagged tokens, joining the pieces jieba cut a made-up name into (石/碾/镇), the
places a unit sits in (石碾镇柳河村党支部) and the post that follows it (书记).

jieba often splits an invented name ("苔岭乡双井村" → 苔岭 / 乡 / 双井村); :func:`entity_words`
joins a bare suffix to the word before it, keeps a run of place words together, and drops words
that only point at a place ("本村", "邻村", "全县").

>>> entity_words(["苔岭", "乡", "双井村", "会计", "县水务局", "回", "村", "挪用"])
['苔岭乡', '双井村', '县水务局']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PLACE_SUFFIXES = ("省", "市", "县", "区", "镇", "乡", "村", "街道", "社区", "屯", "寨", "组")
UNIT_SUFFIXES = (
    "局", "所", "站", "中心", "公司", "医院", "卫生院", "学校", "小学", "中学", "委员会", "村委会", "居委会",
    "党支部", "党总支", "党委", "党组", "管委会", "合作社", "办公室", "大队", "支队", "法院", "检察院", "政府",
)  # fmt: skip
BARE_SUFFIXES = frozenset({"省", "市", "县", "区", "镇", "乡", "村", "局", "所", "站"})
POINTING = frozenset(
    "了的着过本该此这那其各每全邻外回进出到在去来返离我你他她某整哪上下同两几多个将把被向对给从由为与和及或而并就才又也还都于以是有"
)
#: verbs of saying and asking that stand right before a name but never start one (说/公司, 找/社区)
BEFORE_NAMES = frozenset("说找问称转让叫请据听看帮跟")
NOT_NAME_START = POINTING | BEFORE_NAMES
GENERIC = frozenset(
    {"辖区", "城区", "社区", "景区", "园区", "小区", "山区", "片区", "街道", "镇政府", "乡政府", "县政府", "村组"}
)
HAS_DIGIT = re.compile(r"\d")
#: a place written as a code, as anonymised exports do (A市, A7县, M5市): a capital and at most two digits
PLACE_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{0,2}$")
CODED_SUFFIXES = ("省", "市", "县", "区")
NUMBER_UNITS = frozenset("年月日号个")
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


LAST_CHARS = {suffixes: frozenset(s[-1] for s in suffixes) for suffixes in (PLACE_SUFFIXES, UNIT_SUFFIXES)}


def _named(word: str, suffixes: tuple[str, ...]) -> bool:
    # the last character first: most words end in none of the suffixes' last characters
    if word[-1:] not in LAST_CHARS[suffixes] or len(word) < 2 or not word.endswith(suffixes):
        return False
    if not CJK_ONLY.match(word):
        return False
    stem = word[: -len(next(s for s in suffixes if word.endswith(s)))]
    return bool(stem) and stem[0] not in NOT_NAME_START and word not in NO_NAMES


def is_place(word: str) -> bool:
    """A place name such as 双井村, 苔岭乡, 云杉区鹤鸣社区 (not 本村, 全县)."""
    return _named(word, PLACE_SUFFIXES)


def is_unit(word: str) -> bool:
    """A unit such as 县水务局, 村党支部, 不动产登记中心."""
    return _named(word, UNIT_SUFFIXES)


def _joinable(previous: str, limit: int) -> bool:
    return 1 <= len(previous) <= limit and bool(CJK_ONLY.match(previous)) and previous[0] not in NOT_NAME_START


def join_suffixes(tokens: Sequence[str]) -> list[str]:
    """Tokens with a bare suffix (村, 乡, 局 ...) or a short suffixed piece (溪乡, 阳县) joined to the
    name fragments jieba split off before it (峦 / 桥 / 县 → 峦桥县). A two-character word joins only
    at the start or right after another place (苔岭乡 / 双井 / 村), so that 挪用 / 村 stays apart."""
    joined: list[str] = []
    for token in tokens:
        bare = token in BARE_SUFFIXES
        piece = len(token) <= 3 and token.endswith(PLACE_SUFFIXES + UNIT_SUFFIXES)
        if bare or piece:
            stem = ""
            while joined and _joinable(joined[-1], 1 if stem or not bare else 2) and len(stem) + len(joined[-1]) <= 4:
                fragment = joined[-1]
                if is_place(fragment) or is_unit(fragment):
                    break
                before = joined[-2] if len(joined) > 1 else None
                if len(fragment) == 2 and before is not None and not is_place(before):
                    break
                stem = joined.pop() + stem
                if not bare:
                    break
            token = stem + token
        joined.append(token)
    return joined


def entity_words(tokens: Sequence[str]) -> list[str]:
    """Place and unit names among segmented tokens, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in join_suffixes(tokens):
        if is_place(token) or is_unit(token):
            seen.setdefault(token)
    return list(seen)


def written_names(tokens: Sequence[str], text: str, stop_words: frozenset[str] = frozenset()) -> list[str]:
    """:func:`entity_words` over all of a text's tokens (punctuation included), where no name joins across a
    stop word or punctuation, and only names written as one piece in ``text``.

    Names read from content words alone join pieces that were never adjacent (搬 / 到 / 居民区 → 搬居民区).
    A two-character word joins a suffix only at the start of a text, as in :func:`join_suffixes`.

    >>> written_names(["搬", "到", "居民区", "，", "苔", "岭", "乡", "政府"], "搬到居民区，苔岭乡政府", frozenset({"到"}))
    ['居民区', '苔岭乡']
    """
    pieces: list[list[str]] = [[]]
    for token in tokens:
        if token[:1].isalnum() and token not in stop_words:
            pieces[-1].append(token)
        elif pieces[-1]:
            pieces.append([])
    names = (name for piece in pieces if piece for name in entity_words(["，", *piece]))
    return [name for name in dict.fromkeys(names) if name in text]


# Names in running text, from jieba's tagged tokens: places, units and the posts within them.

ADMIN_CHARS = frozenset("省市县区镇乡村")
PLACE_SPAN_SUFFIXES = ("自治区", "街道", "社区", "省", "市", "县", "区", "镇", "乡", "村", "组", "屯", "寨")
MORE_UNIT_SUFFIXES = (
    "派出所", "财政所", "分局", "支部", "总支", "两委", "委", "办", "厅", "大厅", "窗口", "馆", "社", "部", "处",
    "科", "股", "队", "中队", "院", "校", "一中", "二中", "三中", "银行", "集团", "食堂", "协会",
)  # fmt: skip
SPAN_UNIT_SUFFIXES = tuple(sorted(set(UNIT_SUFFIXES + MORE_UNIT_SUFFIXES), key=len, reverse=True))
ROLE_SUFFIXES = (
    "书记", "主任", "局长", "所长", "站长", "镇长", "乡长", "县长", "市长", "区长", "院长", "校长", "队长", "组长",
    "科长", "股长", "处长", "部长", "会计", "出纳", "报账员", "文书", "干部", "工作人员", "委员", "主席", "经理",
    "网格员", "负责人", "班主任", "民警", "辅警", "医生", "老师", "教师", "职工", "司机", "护士", "保安",
)  # fmt: skip
NOT_A_UNIT = frozenset(
    {"单位", "部门", "机关", "上级部门", "有关部门", "相关部门", "职能部门", "窗口单位", "基层", "大会", "社会",
     "工作部", "全部", "内部", "外部", "干部", "局部", "大部", "办", "院", "社", "部", "科", "股", "处", "队", "校",
     "委", "厅", "馆", "学院", "庭院", "医院", "学校", "食堂", "窗口", "大厅", "公司", "银行", "集团", "协会"}
)  # fmt: skip
GENERIC_PLACES = frozenset(
    {"行政村", "自然村", "贫困村", "示范村", "中心村", "城中村", "试点村", "农村", "乡村", "城区", "市区", "郊区",
     "景区", "园区", "小区", "辖区", "片区", "新区", "开发区", "地区", "灾区", "山区", "老区", "城市", "超市",
     "集市", "城镇", "乡镇", "村镇", "市县", "区县", "小组", "班组", "工作组", "巡察组", "巡视组", "专案组",
     "督查组", "检查组", "调查组", "领导小组", "村民小组", "县市区", "省市县", "城乡", "村村", "镇村", "乡村组"}
)  # fmt: skip
#: everyday words that end like a unit (局, 所, 站) and name none
COMMON_WORDS = frozenset(
    {"格局", "布局", "大局", "全局", "结局", "顾全大局", "厕所", "场所", "住所", "居所", "处所", "寓所", "网站", "官方网站",
     "住院", "出院", "有所", "公办", "民办", "好处", "坏处", "用处", "住处", "去处", "国家有关"}
)  # fmt: skip
#: tags of words that name nothing: pronouns, adverbs, set phrases, measure words, conjunctions, particles
NOT_NAME_TAGS = frozenset({"r", "d", "l", "q", "c", "p", "u", "uj", "ul", "uz", "y", "e", "o", "ad"})
NO_NAMES = GENERIC | GENERIC_PLACES | COMMON_WORDS  # generic words that end like a place or a unit but name none
FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "d", "m", "q", "f", "t", "y", "e",
                           "o", "v", "vd", "a", "ad", "an", "z", "zg", "k", "h", "mq", "eng", "rr", "rz"})  # fmt: skip
NOT_PLACE_WORDS = (
    "组织",
    "组成",
    "组建",
    "组合",
    "区域",
    "区别",
    "区分",
    "市场",
    "市民",
    "省钱",
    "省得",
    "省去",
    "乡亲",
)
MODIFIER_TAGS = frozenset({"n", "nt", "nz", "ns", "nr", "nrt", "nrfg", "ng", "j", "vn", "b", "l", "x", "i", "s"})
STOP_CHARS = frozenset(
    "的了在是把被给和与及等向对从到说我你他她们这那个些每各该本全其此也都就还又将已某所或让叫去来住由为系时过要有往回报找想问请能不着照跟"
)
COMMON_WORD_FREQ = 1000
WORK_GROUP_ENDINGS = frozenset("党心研核收导查察视作案审习讲评络家坚计专")
VERB_TAGS = frozenset({"v", "vd", "vn", "vi", "vg"})
OVERSIGHT = ("纪委", "监委", "纪检", "巡察", "巡视", "信访", "督查")


@dataclass(frozen=True)
class Name:
    """A place or unit named in a text: its words, its kind, where it stands, and a post that follows it."""

    text: str
    kind: str  # "place" or "unit"
    start: int
    end: int
    role: str = ""

    @property
    def post(self) -> str:
        """The unit with its post (``柳河村党支部书记``), or the unit alone."""
        return self.text + self.role


def _offsets(tagged: Sequence[tuple[str, str]]) -> list[int]:
    starts, position = [], 0
    for word, _ in tagged:
        starts.append(position)
        position += len(word)
    return starts


def _token_at(offsets: list[int], position: int) -> int:
    """Index of the token that holds the character at ``position``."""
    return bisect_right(offsets, position) - 1


def _place_start(
    text: str, tagged: Sequence[tuple[str, str]], offsets: list[int], s: int, e: int, floor: int, freq: Mapping
):
    """Where the place whose suffix is ``text[s:e]`` begins (a name of 2-4 characters before it), or
    None when the suffix is not one. jieba cuts made-up names anywhere (砚/湖县, 大枣/坪村), so the
    name is found over characters; the tokens only rule out what cannot be a name."""
    code = PLACE_CODE.search(text, max(floor, s - 3), s) if text[s:e] in CODED_SUFFIXES else None
    if code:
        return code.start()  # A7县, M5市
    k = _token_at(offsets, s)
    word = tagged[k][0]
    token_start, token_end = offsets[k], offsets[k] + len(word)
    if token_start < s < e < token_end or word in GENERIC_PLACES or text.startswith(NOT_PLACE_WORDS, s):
        return None  # 农业农村局, 超市, 组织: the suffix is part of another word
    for begin in range(max(floor, s - 4), s - 1):
        name = text[begin:s]
        if not CJK_ONLY.match(name) or STOP_CHARS.intersection(name) or _after_number(text, begin):
            continue
        at = _token_at(offsets, begin)
        first, first_tag = tagged[at]
        if offsets[at] != begin and begin != floor:
            continue  # a name begins where a word begins
        common = first_tag in FUNCTION_TAGS or (first_tag != "ns" and freq.get(first, 0) >= COMMON_WORD_FREQ)
        if offsets[at] == begin and len(first) > 1 and offsets[at] + len(first) <= s and common:
            continue  # 反映, 一个, 情况, 群众: a common word does not start a name
        if text[s:e] == "组" and name[-1] in WORK_GROUP_ENDINGS:
            continue  # 党组, 调研组, 督导组: a working group, not a village group
        return begin
    return None


def _after_number(text: str, begin: int) -> bool:
    """Whether a name would begin with the unit of a number or date written before it (2019年西地省)."""
    return text[begin] in NUMBER_UNITS and begin > 0 and text[begin - 1].isdigit()


def place_spans(
    text: str, tagged: Sequence[tuple[str, str]], word_freq: Mapping | None = None
) -> list[tuple[int, int]]:
    """(start, end) of every place name (``石碾镇``, ``桑园村``), before chaining. ``word_freq`` (the
    tokenizer's word frequencies) tells common words, which do not start a name."""
    freq = word_freq if word_freq is not None else {}
    offsets = _offsets(tagged)
    spans: list[tuple[int, int]] = []
    suffixes = "|".join(PLACE_SPAN_SUFFIXES)
    for match in re.finditer(suffixes, text):
        floor = spans[-1][1] if spans else 0
        begin = _place_start(text, tagged, offsets, match.start(), match.end(), floor, freq)
        if begin is None:
            continue
        name = text[begin : match.end()]
        if name in GENERIC_PLACES or name[:-1] in GENERIC_PLACES or name.endswith(("区县", "县区")):
            continue
        spans.append((begin, match.end()))
    return spans


def _chain(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chained: list[tuple[int, int]] = []
    for start, end in spans:
        if chained and chained[-1][1] == start:
            chained[-1] = (chained[-1][0], end)
        else:
            chained.append((start, end))
    return chained


def _is_unit_word(word: str, tag: str) -> bool:
    if word in NOT_A_UNIT or word in COMMON_WORDS or len(word) < 2 or not CJK_ONLY.match(word):
        return False
    if tag in VERB_TAGS or tag in NOT_NAME_TAGS or (tag == "m" and word.endswith(("所", "处"))):
        return False  # 怎么办, 到处, 该校; 一所, 多处
    return tag == "nt" or word.endswith(SPAN_UNIT_SUFFIXES)


def _is_role_word(word: str, tag: str) -> bool:
    return tag == "nr_post" or (word.endswith(ROLE_SUFFIXES) and CJK_ONLY.match(word) is not None)


def unit_spans(text: str, tagged: Sequence[tuple[str, str]], places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of every unit: a unit word, the name-like words before it and an adjoining place or
    bare administrative character (``县``水务局); overlapping units are one span."""
    offsets = _offsets(tagged)
    place_end = {end: start for start, end in places}
    spans: list[tuple[int, int]] = []
    for k, (word, tag) in enumerate(tagged):
        if not _is_unit_word(word, tag) or (_is_role_word(word, tag) and tag != "nt"):
            continue
        begin, j = offsets[k], k - 1
        while j >= 0 and k - j <= 3 and tagged[j][1] in MODIFIER_TAGS and CJK_ONLY.match(tagged[j][0]):
            if _is_role_word(*tagged[j]) or _is_unit_word(*tagged[j]) or STOP_CHARS.intersection(tagged[j][0]):
                break
            begin, j = offsets[j], j - 1
        begin = _extend_left(text, begin, place_end, places)
        spans.append((begin, offsets[k] + len(word)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _extend_left(text: str, begin: int, place_end: dict[int, int], places: list[tuple[int, int]]) -> int:
    """Take in a place that ends where the unit begins, or one bare administrative character."""
    for start, end in places:
        if start < begin < end:
            return start  # the place suffix was cut into the unit word (柳河 + 村党支部)
    if begin in place_end:
        return place_end[begin]
    if begin and text[begin - 1] in ADMIN_CHARS and (begin < 2 or text[begin - 2] not in ADMIN_CHARS):
        return begin - 1
    return begin


def find_names(text: str, tagged: Sequence[tuple[str, str]], word_freq: Mapping | None = None) -> list[Name]:
    """Places and units of a text in order; a unit carries the post that directly follows it.

    ``tagged`` is the text's (word, tag) pairs from :meth:`textmine.text.Segmenter.tagged`;
    ``word_freq`` the tokenizer's word frequencies (``Segmenter.tokenizer.FREQ``).

    >>> tagged = [("石碾", "ns"), ("镇", "n"), ("柳河", "ns"), ("村党支部", "nt"), ("书记", "n"), ("挪用", "v")]
    >>> [(n.text, n.kind, n.role) for n in find_names("石碾镇柳河村党支部书记挪用", tagged)]
    [('石碾镇柳河村', 'place', ''), ('石碾镇柳河村党支部', 'unit', '书记')]
    """
    spans = place_spans(text, tagged, word_freq)
    places = _chain(spans)
    units = unit_spans(text, tagged, spans)
    roles = dict(_role_spans(tagged))
    names = [Name(text[s:e], "place", s, e) for s, e in places]
    names += [Name(text[s:e], "unit", s, e, roles.get(e, "")) for s, e in units]
    unit_ends = {e for _, e in units}
    # a place with a post after it is a post too (荷叶塘村 + 村支书)
    names += [Name(text[s:e], "unit", s, e, roles[e]) for s, e in places if e in roles and e not in unit_ends]
    return sorted(names, key=lambda n: (n.start, n.kind))


def _role_spans(tagged: Sequence[tuple[str, str]]) -> list[tuple[int, str]]:
    """(start, role) for every post or role word. A word jieba split off 员 is joined again (报账 + 员),
    and one administrative character before a role is taken in (村 + 干部 is 村干部)."""
    offsets = _offsets(tagged)
    found = []
    for k, (word, tag) in enumerate(tagged):
        if k + 1 < len(tagged) and tagged[k + 1][0] == "员" and CJK_ONLY.match(word):
            word, tag = word + "员", "nr_post"
        if not _is_role_word(word, tag) or (found and found[-1][0] + len(found[-1][1]) > offsets[k]):
            continue
        start = offsets[k]
        if k and len(word) < 4 and tagged[k - 1][0] in ADMIN_CHARS | {"局", "所", "站"}:
            start, word = offsets[k - 1], tagged[k - 1][0] + word
        found.append((start, word))
    return found


def is_oversight(unit: str) -> bool:
    """Discipline and inspection bodies: the ones a complaint goes to, rarely the one it is about."""
    return any(word in unit for word in OVERSIGHT)


def roles_in(tagged: Sequence[tuple[str, str]]) -> list[str]:
    """Posts and roles named (``村会计``, ``副所长``, ``镇干部``), in order, without repeats."""
    return list(dict.fromkeys(role for _, role in _role_spans(tagged) if len(role) >= 2))
