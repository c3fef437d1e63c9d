"""Subjects of goals and facts in news: whose figure it is.

A figure inside a statement belongs, by default, to the place or body the
speaker's titles name (青山村党支部书记 → 青山村; 云栖大学副校长 → 云栖大学;
东川市生态环境局局长 → 东川市; a national ministry's 部长 → 全国). Words of the
clause override the default, read from the language only:

- 全市 / 我县 / 本区 / 县里 / 我们镇 name a level, resolved to the place of that
  level in view: the speaker's titles, else the document's own places;
- a place printed with its level (港湾区, 青松乡), a place the document names
  elsewhere (东川, 澄江), or a body opening the clause (霞浦港, 明川食品公司);
- 我们 / 学校 / 医院 / 集团 … stand for the speaker's own body;
- a place after a preposition (在全县, 覆盖全市) is where something happens, not
  whose figure it is: it counts only when the speaker's titles name nothing;
- a proposal (建议, 呼吁, 希望 …) with no subject printed, a figure of the
  speaker alone (我), and a figure after 让 / 使 with no subject printed have none.

A clause with no subject takes the one printed earlier in its sentence. Work
reports are not read here: their subject is the reporting jurisdiction
(``flows.extract.numbers.quantities``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from flows.extract.numbers.numerals import fold
from flows.extract.speech.names import title_suffix
from flows.extract.text.firstchars import char_positions, first_class
from flows.extract.types import Speaker

#: How far back from a figure its sentence is read (a bound, so that a text with no sentence end
#: costs linear time; sentences in news are far shorter).
_REACH = 400

_CJK = r"\u4e00-\u9fff"
# the level words of a place name, longest first; the canonical level of each (省市县区镇乡村)
_LEVEL_OF = {
    "特别行政区": "省",
    "自治区": "省",
    "自治州": "市",
    "自治县": "县",
    "高新区": "区",
    "经开区": "区",
    "开发区": "区",
    "新区": "区",
    "街道": "街道",
    "社区": "社区",
    "省": "省",
    "市": "市",
    "州": "市",
    "盟": "市",
    "县": "县",
    "旗": "县",
    "区": "区",
    "镇": "镇",
    "乡": "乡",
    "村": "村",
}
_LEVEL_WORDS = sorted(_LEVEL_OF, key=len, reverse=True)
_LEVELS = "|".join(_LEVEL_WORDS)
# a named place at a position: a name of two to four characters, then its level
_PLACE_AT = re.compile(rf"([{_CJK}]{{2,4}}?)({_LEVELS})")
# names that end like a place but are common nouns (行政村, 城市, 景区 …)
_NOT_PLACE_NAME = re.compile(
    r"^(?:行政|自然|农|乡|城|都|超|上|县|市|省|区|全|我|本|该|各|每|一个|两个|这个|那个|所在|辖|城区|小|景|园|片|山|郊|老城)"
    r"|^[个名家位项所座是的在到从]|(?:所在|所属|周边|附近|下辖|个|城|乡)$"
)
# a body that is a government or a party organ of a place, or a department of one:
# its figures are the place's
_ORGAN_END = re.compile(
    r"(?:党委|党支部|党总支|党工委|党组|委员会|人民政府|政府|管委会|村委会|居委会|办事处|街道办|"
    r"局|厅|委|办|妇联|总工会|工会|团委|工商联|科协|残联|侨联|文联|中心)$"
)
# the party organ of an institution (云栖钢铁集团党委): the institution's
_PARTY_ORGAN_RE = re.compile(r"党委|党组|党总支|党支部|纪委|工会")
# an institution (its figures are its own): the longest body-word that ends it
_INSTITUTION = (
    "集团",
    "公司",
    "大学",
    "学院",
    "学校",
    "中学",
    "小学",
    "幼儿园",
    "医院",
    "保健院",
    "卫生院",
    "银行",
    "合作社",
    "协会",
    "学会",
    "商会",
    "研究院",
    "科学院",
    "研究所",
    "事务所",
    "剧院",
    "剧团",
    "工厂",
    "厂",
    "港",
    "机场",
    "政协",
    "人大常委会",
    "人大",
    "出版社",
    "报社",
    "电视台",
    "博物馆",
    "图书馆",
    "酒店",
)
_INSTITUTION_RE = re.compile("(?:" + "|".join(sorted(_INSTITUTION, key=len, reverse=True)) + ")")
# a small working unit after an institution (信息科, 码头操作班): the figures are the institution's
_SUBUNIT_RE = re.compile(rf"[{_CJK}]{{0,6}}(?:班|科|组|室|车间|工段|队)$")
# party and caucus memberships: a title that says what someone belongs to, not what they run
_CAUCUS_RE = re.compile(r"^(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟|中国民主)")
_MEMBERSHIP_RE = re.compile(r"(?:人大代表|政协委员|党代表|^代表|^委员|常委|^委员长)$")
# a body of the whole country: a ministry (…部 with no place before it), 国家…, 全国…, 中央…
_NATIONAL_RE = re.compile(r"^(?:全国|国家|中央|国务院)")
# words before a title word that are part of the position (高级技师, 首席执行官)
_POSITION_LEAD_RE = re.compile(r"(?:高级|首席|资深|常务|执行|副|总)+$")

# a level named without a place: 全市, 我县, 本区, 该镇, 县里, 我们村
_JURIS_RE = re.compile(
    r"(全国|我国)|(?:全|我|本|该)(省|市|县|区|州|镇|乡|村|社区)|(省|市|县|区|镇|乡|村)里"
    r"|(?:我们|咱们)(省|市|县|区|镇|乡|村|社区)"
)
# the speaker's own body: 我们 / 咱们 (not 我们县 …), or a body word such as 学校, 医院
_WE_RE = re.compile(r"(?:我们|咱们)(?![省市县区镇乡村])")
_BODY_WORDS = (
    "中心",
    "学校",
    "医院",
    "公司",
    "集团",
    "学院",
    "剧院",
    "合作社",
    "团队",
    "机场",
    "开发区",
    "经开区",
    "高新区",
    "社区",
    "企业",
    "协会",
    "银行",
    "大学",
    "中学",
    "小学",
    "厂",
    "班组",
    "科室",
    "常委会",
    "政协",
    "村",
    "镇",
)
_BODY_WORD_RE = re.compile("(?:" + "|".join(sorted(_BODY_WORDS, key=len, reverse=True)) + ")")
# what may stand before a body word that is the subject (我们学校, 希望学院的…, 推动社区…)
_BODY_LEAD_RE = re.compile(r"(?:我们|咱们|我们的|希望|把|让|使|推动|的|今年|将)$")
# what follows a place's bare name when it is the subject (东川全市…, 云溪将…, 丹霞今年…)
_AFTER_NAME_RE = re.compile(
    r"(特别行政区|自治区|自治州|自治县|省|市|县|区|州|镇|乡|村)?"
    r"(?=全|将|要|今年|去年|明年|这|正|已|的|地区生产总值|[，,。、])"
)
# an area named by its kind only (县域内, 各地): its figures are no named place's
# (every branch opens with a literal character, so that a search skips to candidates)
_UNNAMED_AREA_RE = re.compile(r"县域内|市域内|省域内|镇域内|乡域内|区域内|各地|各县|各市")
# the speaker alone (我, not 我们 / 我市 / 我校 …): a figure of their own, no body's
_ME_RE = re.compile(r"我(?![们国省市县区镇乡村校院厂司])")
# any word of the five patterns above: one search tells that a clause holds none (most do not)
_CUE_WORD_RE = re.compile("|".join(p.pattern for p in (_JURIS_RE, _WE_RE, _UNNAMED_AREA_RE, _ME_RE, _BODY_WORD_RE)))
# what their matches can start with (their branches open with groups: a search would try every character)
_JURIS_FIRST = first_class(_JURIS_RE)
_CUE_WORD_FIRST = first_class(_CUE_WORD_RE)
# a place after these is where something happens or what is reached, not whose figure it is
_LOCATIVE_BEFORE = re.compile(
    r"(?:在|于|到|至|向|往|赴|从|自|覆盖|遍|比|高于|低于|超过|居|占|面向|给|对|为|帮|与|和|同|了|过|及|走访|来自|联合)$"
)
# words that open a proposal: with no subject printed, its figures are no body's
_WISHES = ("希望", "期待", "期盼", "应当", "应该")  # a wish or a duty: its subject's (我们希望…, 海滨市应当…)
_PROPOSAL_RE = re.compile("|".join(("建议", "呼吁", "提议", "倡议", *_WISHES)))
# a figure after 让 / 使 belongs to what follows them
# (the character first, the lookbehind after it: a search then skips to candidates)
_CAUSATIVE_RE = re.compile(r"[让使](?<![转出退礼谦忍大行即假纵天].)(?![用得命馆节者])")
# an area or body the quantity reader found opening a clause (环大学创新生态圈, 临港经济区)
_AREA_RE = re.compile(
    r"(?:圈|园区|产业园|新城|片区|基地|走廊|经济带|城市群|示范区|试验区|自贸区|经济区|集团|公司|港|机场)$"
)
# a figure the speaker cites from a report (报告提出…): not their body's
_CITED_RE = re.compile(r"报告(?<![在的]报告)中?(?:提出|指出|显示|明确|要求|强调|提到)")
# a text up to its last sentence end (matched from the figure back: every sentence end before it is not needed)
_TO_SENTENCE_END = re.compile(r"(?s:.*)[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，,：:“”「」『』‘’]")
# what may open a clause before its subject (今年, 到2028年, 此外, 力争 …)
_LEAD_RE = re.compile(
    r"(?:(?:今年|去年|明年|全年|年内|当年|今后|近年来|这几年|近几年|下一步|接下来|目前|如今|同时|此外|其中|另外|"
    r"并且?|而且?|还|也|将|要|已经?|截至|截止|到|至|在此基础上|为此|对此|按照规划|围绕这一目标|"
    r"(?:19|20)\d\d年(?:底|末|前|内)?|[一二三四五六七八九十两\d]+年(?:内|后|来|前)?|底|末|前|以来)[，, ]?)*"
)
# a clause opening with a verb names what is done, not who does it (新增城镇就业…)
_VERB_START_RE = re.compile(r"[新建增引培打开推实完组设帮扶招]")
# what follows a place or body that opens a clause as its subject (港湾区将…, 霞浦港完成…)
_PREDICATE_RE = re.compile(r"应|将|要|今年|去年|明年|已|正|过去|目前|共|累计|完成|实现|新增|计划|力争|[，,]")
# a body named at the start of a clause (明川食品公司…, 霞浦港…, 县农商银行…)
_BODY_AT = re.compile(
    r"(?![新建增引培打开推实完组设帮扶招])[^\s，,。是的在了和与及]{1,10}?"
    r"(?:公司|集团|银行|合作社|机场|港|协会|医院|大学|学院|剧院|政协|人大常委会|常委会)(?![\d０-９一二三四五六七八九十百千万])"
)


def reads_as_report(text: str) -> bool:
    """A report read as one although the document context calls it news (an excerpt
    addressed to 各位代表): the quantity reader gives its figures the reporting
    jurisdiction, and they are left as they are."""
    return "各位代表" in text[:3000]


def place_chain(org: str) -> list[tuple[int, int, str]]:
    """The places that open ``org`` (folded), outermost first, as (start, end, level):
    云栖市澄江县青山村党支部 → 云栖市, 澄江县, 青山村."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        m = _PLACE_AT.match(org, pos)
        if m is None or _NOT_PLACE_NAME.search(m.group(1)):
            # a level with no name (县农商银行, 市总工会): the level alone
            if m is None and pos < len(org) and org[pos] in "省市县区镇乡村" and not out:
                out.append((pos, pos, _LEVEL_OF[org[pos]]))
            return out
        out.append((m.start(), m.end(), _LEVEL_OF[m.group(2)]))
        pos = m.end()


@dataclass(frozen=True)
class Office:
    """What a speaker's titles name: a body (its name as printed), or a place, named
    (``name``) or only by its level (``level``: 县长, 市总工会), or the whole country."""

    body: str | None = None
    name: str | None = None
    level: str | None = None
    org: str | None = None  # the organ or department as printed (翠屏区就业服务中心), when ``name`` is its place
    places: tuple[tuple[str, str], ...] = ()  # (level, name as printed) of the places the titles print


def _strip_position(title: str) -> str:
    """The body part of a title (folded): 云栖市第三中学校长 → 云栖市第三中学."""
    first = title.split("兼")[0]
    word = title_suffix(first)
    if word is None:
        return first
    rest = first[: len(first) - len(word)]
    return _POSITION_LEAD_RE.sub("", rest)


def office_of(titles: tuple[str, ...] | list[str]) -> Office:
    """The office a speaker's titles name (``_office_of``, once per list of titles: a
    speaker's titles are read for every document and figure that names them)."""
    return _office_of(tuple(titles))


@lru_cache(maxsize=4096)
def _office_of(titles: tuple[str, ...]) -> Office:
    """The office a speaker's titles name: the last title naming a body or a place
    (全国人大代表、云栖市第三中学校长 → 云栖市第三中学; 云栖市委书记、市长 → 云栖市)."""
    places: list[tuple[str, str]] = []
    found: Office | None = None
    folded = [(t, fold(t)) for t in titles]
    for printed, t in folded:
        body = _strip_position(t)
        for a, b, level in place_chain(body):
            if b > a:
                places.append((level, printed[a:b]))
    candidates = [(p, t) for p, t in folded if not _MEMBERSHIP_RE.search(t)]
    caucus = [(p, t) for p, t in candidates if _CAUCUS_RE.match(t)]
    for printed, t in reversed([c for c in candidates if c not in caucus] or caucus):
        body = _strip_position(t)
        leader = _LEADER_RE.match(t.split("兼")[0])
        if not body and leader:
            found = Office(level=_LEVEL_OF[leader.group(1)])
            break
        if not body:
            continue
        found = _office_from_body(printed, body, t)
        if found is not None:
            break
    return (
        Office(found.body, found.name, found.level, found.org, tuple(places)) if found else Office(places=tuple(places))
    )


# a leader's title with no place printed (县长, 常务副市长): the level of the place led
_LEADER_RE = re.compile(r"^(?:常务)?(?:副)?(省|市|县|区|州|镇|乡|村|旗)长$")


def _office_from_body(printed: str, body: str, title: str) -> Office | None:
    """The office of one title whose body part (folded) is ``body``."""
    chain = place_chain(body)
    if (_NATIONAL_RE.search(body) or not chain and body.endswith("部")) and not _INSTITUTION_RE.search(body):
        return Office(name="全国", level="国")
    named = [(a, b, lv) for a, b, lv in chain if b > a]
    rest = body[chain[-1][1] :] if chain else body
    inst = None
    for m in _INSTITUTION_RE.finditer(rest):
        inst = m
    party = inst is not None and _PARTY_ORGAN_RE.fullmatch(rest[inst.end() :])
    if not rest or _ORGAN_END.search(rest) and not party:  # a place, or its government, party organ or department
        org = printed[named[-1][0] if named else 0 : len(body)] if rest else None  # 青山村党支部
        if named:
            a, b, lv = named[-1]
            return Office(name=printed[a:b], level=lv, org=org)
        if chain:
            return Office(level=chain[0][2], org=org)
        return Office(body=printed[: len(body)]) if len(rest) >= 2 else None
    if inst is not None:
        end = len(body) - len(rest) + inst.end()
        tail = body[end:]
        if tail and not (_SUBUNIT_RE.fullmatch(tail) or _ORGAN_END.fullmatch(tail)):
            end = len(body)  # 云栖大学经济学院: a school of the university is a body of its own
        return Office(body=printed[:end])
    return Office(body=printed[: len(body)]) if len(rest) >= 2 else None


class Places:
    """The places of a document by level (省 市 县 区 …): its jurisdiction, the places
    its speakers' titles print, and places printed as such in its text, the most
    printed first."""

    def __init__(
        self, text: str, speakers: list[Speaker], jurisdiction: str | None = None, folded: str | None = None
    ) -> None:
        counts: Counter[tuple[str, str]] = Counter()
        folded = fold(text) if folded is None else folded
        if jurisdiction:
            for a, b, lv in place_chain(fold(jurisdiction)):
                if b > a:
                    counts[(lv, jurisdiction[a:b])] += 10
        for sp in speakers:
            for lv, name in office_of(sp.titles).places:
                counts[(lv, name)] += 2
        starts = place_starts(folded)  # for both patterns
        for m in text_places(_TEXT_PLACE_RE, folded, starts):
            name = m.group(1)
            if _NOT_PLACE_NAME.search(name):
                continue
            lv = _LEVEL_OF[m.group(2)]
            counts[(lv, text[m.start(1) : m.end(2)])] += 1
        # the place whose session, report or congress the document reports on (臨川縣第十七屆…)
        session = next(text_places(_SESSION_RE, folded, starts), None)
        self.session = text[session.start(1) : session.end(2)] if session else None
        self.by_level: dict[str, str] = {}
        # bare names (东川 of 东川市), to read a place printed without its level
        self.names: dict[str, str] = {}
        for (lv, name), _n in counts.most_common():
            self.by_level.setdefault(lv, name)
            bare = fold(name)
            for level in _LEVEL_WORDS:
                if bare.endswith(level) and len(bare) - len(level) >= 2:
                    self.names.setdefault(bare[: -len(level)], name)
                    break


# the levels of a place printed in running text, after a name of two or three characters
_TEXT_LEVELS = "省市县区州"
# a place printed in the text: its name after a boundary or a preposition, then a level
_TEXT_PLACE_RE = re.compile(
    rf"(?:^|(?<=[^{_CJK}])|(?<=[在于从到是的和与及年]))(?![在于从到是的和与及年今去明全我该各每一这那])([{_CJK}]{{2,3}}?)([{_TEXT_LEVELS}])"
    r"(?![长委里内外区域级属民])",
    re.M,
)


# a place named with its session or congress (柳岸县第十八届人民代表大会, 凤岭市政府工作报告)
_SESSION_RE = re.compile(
    rf"(?:^|(?<=[^{_CJK}])|(?<=[在日]))(?![在日])([{_CJK}]{{2,3}}?)([{_TEXT_LEVELS}])"
    r"(?=第?[一二三四五六七八九十]+届|政府工作报告|人民代表大会|两会)",
    re.M,
)


def place_starts(text: str) -> list[int]:
    """Where a place of ``text`` may begin: two and three characters before a level character."""
    return sorted({k - n for k in char_positions(text, _TEXT_LEVELS) for n in (3, 2)})


def text_places(pattern: re.Pattern[str], text: str, starts: list[int] | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for ``_TEXT_PLACE_RE`` and ``_SESSION_RE``, tried only at
    ``place_starts(text)`` (``starts``, when already found; opening with lookbehinds, they are
    otherwise tried at every position: about 6 % of a batch)."""
    end = 0
    for k in place_starts(text) if starts is None else starts:
        if k >= end and k >= 0 and (m := pattern.match(text, k)) is not None:
            yield m
            end = m.end()


def search(rx: re.Pattern[str], first: re.Pattern[str], s: str, a: int, b: int) -> re.Match[str] | None:
    """``rx.search(s, a, b)``, where ``first`` is ``first_class(rx)``: tried only where a match can start."""
    while (c := first.search(s, a, b)) is not None:
        if (m := rx.match(s, c.start(), b)) is not None:
            return m
        a = c.start() + 1
    return None


def matches(rx: re.Pattern[str], first: re.Pattern[str], s: str, a: int, b: int) -> Iterator[re.Match[str]]:
    """``rx.finditer(s, a, b)``, where ``first`` is ``first_class(rx)`` (no match of ``rx`` is empty)."""
    while (m := search(rx, first, s, a, b)) is not None:
        yield m
        a = m.end()


class Words:
    """Where a set of words is printed in a text, read as a regex alternation of them
    (longest first) reads it: leftmost, then longest, never overlapping. Found with
    ``str.find``: a regex compiled for each document's words cost ~10 % of a batch."""

    def __init__(self, words: Iterable[str], text: str) -> None:
        found: list[tuple[int, int]] = []  # (start, -length): the longest first at a start
        for w in set(words):
            k = text.find(w)
            while k >= 0:
                found.append((k, -len(w)))
                k = text.find(w, k + 1)
        found.sort()
        self.found = found
        self.starts = [k for k, _ in found]

    def spans(self, a: int, b: int) -> Iterator[tuple[int, int]]:
        """The words read in ``text[a:b]``, as (start, end)."""
        end = a
        for i in range(bisect_left(self.starts, a), len(self.found)):
            k, n = self.found[i]
            if k >= b:
                break
            if k >= end and k - n <= b:
                yield k, k - n
                end = k - n


@dataclass
class _Cue:
    start: int
    kind: str  # "place" | "level" | "body" | "we" | "me"
    value: str | None = None
    locative: bool = False


class Subjects:
    """Subjects of a news document's figures."""

    def __init__(
        self, text: str, speakers: list[Speaker], jurisdiction: str | None = None, folded: str | None = None
    ) -> None:
        self.text = text
        self.t = fold(text) if folded is None else folded
        self.places = Places(text, speakers, jurisdiction, self.t)
        self.offices = {s.name: office_of(s.titles) for s in speakers}
        # the speakers' names and titles, masked: an attribution's titles are no subject
        said = Words({fold(w) for s in speakers for w in (s.name, *s.titles) if len(w) >= 2}, self.t)
        parts, end = [], 0
        for a, b in said.spans(0, len(self.t)):
            parts += [self.t[end:a], "■" * (b - a)]
            end = b
        self.masked = "".join(parts) + self.t[end:]
        # bare names, to read a place printed without its level
        self.place_names = Words(self.places.names, self.masked)

    def organization_and_region(self, speaker: Speaker) -> tuple[str | None, str | None]:
        """The body a speaker's office is (or belongs to) and the place it governs, as printed:
        松河市柳岸县桃花村党支部书记 → (桃花村党支部, 桃花村); 松河师范大学副校长 → (松河师范大学, None);
        县长 → (None, the document's county)."""
        office = self.offices.get(speaker.name)
        if office is None:
            return speaker.organization, speaker.region
        organization = office.body or office.org
        region = None
        if office.name and office.name != "全国":
            region = office.name
        elif not office.body and office.level and self._has_level(office):
            region = self._level(office.level, office, office.level)
        return self._printed(organization, len(self.t)), self._printed(region, len(self.t))

    # -- resolution -------------------------------------------------------------------------
    def _level(self, level: str, office: Office | None, printed: str) -> str:
        """全市 / 县里 …: the place of that level in the speaker's titles, else the document's."""
        if office is not None:
            for lv, name in reversed(office.places):
                if lv == level:
                    return name
        return self.places.by_level.get(level, printed)

    def _default(self, office: Office | None) -> str | None:
        if office is None:
            return None
        if office.body:
            return office.body
        if office.name:
            return office.name
        if office.level:
            return self._level(office.level, office, office.level) if self._has_level(office) else None
        return None

    def _has_level(self, office: Office) -> bool:
        return office.level is not None and (
            any(lv == office.level for lv, _ in office.places) or office.level in self.places.by_level
        )

    # -- cues -----------------------------------------------------------------------------
    def _cues(self, a: int, b: int, office: Office | None) -> list[_Cue]:
        """Subject words in masked[a:b], in order."""
        s = self.masked
        cues: list[_Cue] = []
        clause_start = a
        lead = _LEAD_RE.match(s, a, b)
        opening = lead.end() if lead else a

        def locative(k: int) -> bool:
            return bool(_LOCATIVE_BEFORE.search(s, max(clause_start, k - 2), k))

        if search(_CUE_WORD_RE, _CUE_WORD_FIRST, s, a, b) is not None:
            for m in matches(_JURIS_RE, _JURIS_FIRST, s, a, b):
                if m.group(1):
                    cues.append(_Cue(m.start(), "place", self.text[m.start() : m.end()], locative(m.start())))
                else:
                    level = _LEVEL_OF[next(g for g in m.groups()[1:] if g)]
                    cues.append(
                        _Cue(m.start(), "level", level + "|" + self.text[m.start() : m.end()], locative(m.start()))
                    )
            for m in _WE_RE.finditer(s, a, b):
                cues.append(_Cue(m.start(), "we"))
            for m in _UNNAMED_AREA_RE.finditer(s, a, b):
                cues.append(_Cue(m.start(), "me"))  # an area with no name: no one's in particular
            for m in _ME_RE.finditer(s, a, b):
                cues.append(_Cue(m.start(), "me"))
            body = fold(office.body or office.org or "") if office is not None else ""
            for m in _BODY_WORD_RE.finditer(s, a, b):
                k, word = m.start(), m.group(0)
                if k != opening and not _BODY_LEAD_RE.search(s, max(a, k - 3), k):
                    continue  # a body word further in names what is done (新建中小学2所)
                if office is not None and office.name and _LEVEL_OF.get(word) == office.level:
                    cues.append(_Cue(k, "we"))
                elif body and word in body:
                    cues.append(_Cue(k, "own", word))
        for start, end in self.place_names.spans(a, b):
            after = _AFTER_NAME_RE.match(s, end, b)
            if after is None:
                continue  # 东川晚报, 云栖大学: a name of something else
            level = after.group(1) or ""
            cues.append(_Cue(start, "place", self.text[start : end + len(level)], locative(start)))
        # a place or body opening the clause, named or not known before
        if opening < b and not any(c.start == opening for c in cues):
            m = _PLACE_AT.match(s, opening, b)
            if m is None or _NOT_PLACE_NAME.search(m.group(1)) or _VERB_START_RE.match(m.group(1)):
                m = _BODY_AT.match(s, opening, b)
            if m is not None and _PREDICATE_RE.match(s, m.end(), b):
                cues.append(_Cue(opening, "place", self.text[m.start() : m.end()]))
        cues.sort(key=lambda c: c.start)
        return cues

    def _short_name(self, word: str, office: Office) -> str | None:
        """The body's short name as the document prints it: the bare name of a place of
        its titles, then the body word (东林市机场集团: 机场 → 东林机场)."""
        for _lv, name in office.places:
            bare = fold(name)
            for level in _LEVEL_WORDS:
                if bare.endswith(level) and len(bare) > len(level):
                    k = self.t.find(bare[: -len(level)] + word)
                    if k >= 0:
                        return self.text[k : k + len(bare) - len(level) + len(word)]
                    break
        return None

    def _value(self, cue: _Cue, office: Office | None) -> str | None:
        if cue.kind == "place":
            return cue.value
        if cue.kind == "level":
            level, printed = (cue.value or "|").split("|", 1)
            if office is not None and office.level == level and office.name:
                return office.name
            return self._level(level, office, printed)
        if cue.kind == "we":
            return self._default(office)
        if cue.kind == "own" and office is not None:
            return self._short_name(cue.value or "", office) or office.body or office.org
        return None  # "me"

    def subject(
        self, start: int, speaker: str | None, span: tuple[int, int] | None, found: str | None = None
    ) -> str | None:
        """The subject of the figure whose number starts at ``start``, said by ``speaker``
        in the statement ``span`` (both None for a reporter's words). ``found``: the subject the
        figure's own words give (``Quantity.subject``), taken when it names an area or a
        body and opens the clause."""
        return self._printed(self._subject(start, speaker, span, found), start)

    def _printed(self, word: str | None, near: int) -> str | None:
        """``word`` as the document prints it (a title's words are folded by the speech reader)."""
        if not word or word in self.text:
            return word
        key = fold(word)
        k = self.t.rfind(key, 0, near)
        if k < 0:
            k = self.t.find(key)
        return self.text[k : k + len(key)] if k >= 0 else word

    def _subject(self, start: int, speaker: str | None, span: tuple[int, int] | None, found: str | None) -> str | None:
        office = self.offices.get(speaker) if speaker else None
        s = self.masked
        lo = max(0 if span is None else span[0], start - _REACH)
        to_end = _TO_SENTENCE_END.match(s, lo, start)
        sent_a = to_end.end() if to_end else lo
        # the clauses of the sentence before the figure, nearest first
        bounds = [sent_a] + [m.end() for m in _CLAUSE_END.finditer(s, sent_a, start)]
        # a proposal, or a figure cited from a report: only words after the verb name a subject
        # (a wish or a duty is its subject's: 我们希望…, 海滨市应当…: the words of its clause count)
        blocks = [
            m.end() if m.group() not in _WISHES else max(k for k in bounds if k <= m.start())
            for m in _PROPOSAL_RE.finditer(s, sent_a, start)
        ]
        proposal = bool(blocks)
        cited = [m.end() for m in _CITED_RE.finditer(s, sent_a, start)]
        floor = max(blocks + cited, default=sent_a)
        locative_place: str | None = None
        for i in range(len(bounds) - 1, -1, -1):
            a = bounds[i]
            b = start if i == len(bounds) - 1 else bounds[i + 1]
            cues = self._cues(a, b, office)
            if found and _AREA_RE.search(found):
                k = self.masked.find(fold(found), a, b)
                if k >= 0 and not any(c.start <= k < c.start + 2 for c in cues):
                    cues.append(_Cue(k, "place", found))
                    cues.sort(key=lambda c: c.start)
            if i == len(bounds) - 1:
                cause = None
                for m in _CAUSATIVE_RE.finditer(s, a, b):
                    cause = m
                if cause is not None and not any(c.start > cause.start() and not c.locative for c in cues):
                    return None
            for cue in reversed(cues):
                if cue.start < floor:
                    continue
                if cue.locative:
                    if locative_place is None and cue.kind in ("place", "level"):
                        locative_place = self._value(cue, office)
                    continue
                return self._value(cue, office)
        if cited and speaker is None and self.places.session:
            return self.places.session  # a reporter citing the report of the session in view
        if proposal or cited:
            return None
        default = self._default(office)
        if default is not None:
            return default
        if locative_place is not None:
            return locative_place
        if speaker is None and self.places.session:
            return self.places.session  # a reporter's figure in news of a session: the session's place
        return None
