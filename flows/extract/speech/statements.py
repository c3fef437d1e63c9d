"""Statements and speakers.

Rule-based and linear in the text: paragraphs are classified (heading,
credits/roster, interview label, prose); in prose, each reporting verb
outside quotation marks is read with the words just before it (its
"subject"), which may be a person (titles glued or not), a pronoun, or a
source that is not a person (a report, a group). A person's statement runs
from the start of the sentence that holds the frame (a quotation right
before the frame included) to the end of the paragraph or to the sentence
where another source takes over. Paragraphs with no source right after a
speaker's paragraph continue that speaker; a paragraph that only describes
them keeps their turn, one about someone else or a group ends it.

Labels: an interview label (王某: / 主持人: / 记者: / 问: 答:) opens the answer
in its paragraph, or, standing alone on its line, makes the paragraphs below
it that person's until the next label; a label line of titles and a name
(with or without a colon) followed by a short headline is the 代表通道 layout.
Names are known from guest lines (访谈嘉宾:…), titles (市人大代表王某) and
frames; a later 王代表 / 李县长 resolves to the one known person it fits, and
他/她 to the person in view that the pronoun fits. Titles printed elsewhere
(作为X,他… / 王某成了X) come from ``introductions``. A government work report
read out to an assembly is no one's speech.

All matching happens on a normalised copy of the text of the same length
(simplified characters, half-width punctuation, curly quotes), so offsets
are those of the input text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from flows.extract.speech.names import (
    CJK,
    COMPOUND_SURNAME_SET,
    COMPOUND_SURNAMES,
    SURNAMES,
    TITLE_SUFFIXES,
    alternation,
    surname_of,
    ends_with_title,
    holds_common_word,
    is_common_word,
    is_descriptive_title,
    two_character_words,
    is_person_name,
    name_pinyin,
    office_title,
    organization_of,
    region_of,
    split_title_prefix,
    split_titles,
)
from flows.extract.speech.introductions import introduced_titles
from flows.extract.speech.text import (
    OPEN_Q,
    Para,
    document_paragraphs,
    inside,
    normalize,
    normalize_scan,
    opens_unclosed,
    orphan_close,
    quote_spans,
    sentence_start,
)
from flows.extract.types import Speaker, SpeechResult, Statement

# --- vocabulary ------------------------------------------------------------

CUES: tuple[str, ...] = (
    "告诉本报记者", "告诉新华社记者", "告诉记者", "表示", "介绍", "认为", "指出", "强调", "建议", "呼吁", "坦言",
    "透露", "谈到", "谈及", "提到", "提出", "形容", "分享", "坚信", "回顾", "说道", "直言", "补充", "解释", "感慨",
    "感叹", "坦承", "提醒", "表态", "承诺", "希望", "期待", "期盼", "相信", "说", "称", "谈道", "讲到", "讲述",
    "回应", "声称", "宣称", "坚称", "辩称", "戏称", "笑称", "预计", "估计", "举例", "笑言", "寄语", "主张", "提议", "倡议", "阐述", "回忆", "坦陈", "讲道", "答道", "问道", "直言不讳地说", "深有感触地说", "算了一笔账", "打了个比方",
    "看来",  # only in the frame 在X看来
)
_CUE_RE = re.compile(alternation(CUES) + "(?:说|道)?")
_SAY_NEXT = set(",:。“‘ !?;、\n") | {"道", "着", "出", "起", "过", "得", "了"}
_SAY_PREV_BAD = set("来所据听再话是虽要就还或")
_CHENG_NEXT_BAD = set("赞为号作呼道心职")
_SEG_BOUND = set(",。;:!?“”‘’()《》\n 、【】[]")
_TITLE_RUN = re.compile("[^" + "".join(map(re.escape, ",。;:!?“”‘’()《》\n—")) + "]*")  # no stop before titles
_SEG_RUN = re.compile("[^" + "".join(map(re.escape, sorted(_SEG_BOUND))) + "]*")  # characters outside _SEG_BOUND

_END_STRIP = re.compile(
    r"(?:在[^,。;]{1,24}?(?:时|中|上|期间|之际|前|后|里)"
    r"|(?:对|向|跟|给|为)(?:本报|本台|新华社|[\u4e00-\u9fff]{0,4})?记者"
    r"|(?:列席|出席|参加|接受|谈到|谈及|说到|讲到|提到|回答|审议|讨论|发言|调研|考察|做客)[^,。;]{0,12}?时"
    r"|接受(?:本报|新华社|本台|[\u4e00-\u9fff]{0,6})?(?:记者)?(?:采访|专访|访问)时?"
    r"|也|还|则|更|又|都|就|均|亦|曾|再|仍|便|即|却|同时|随后|接着|进一步|再次|多次|一再|反复|明确|特别"
    r"|笑着|当即|首先|最后|此前|近日|日前|今天|昨天|当天|当日|会上|会后|也曾|一直|始终|[\u4e00-\u9fff]{1,3}地"
    r"|全年|今年|去年|共|一共|总共|累计|先后|陆续|已|已经|这样|这么|如此)$"
)
_LEAD_STRIP = re.compile(
    r"^(?:据|而|但|并|对此|为此|随后|会上|当天|当日|同时|此外|另外|其中|不过|然而|因此|所以|而且|就此|会后|采访中|"
    r"今年两会上|两会期间|两会上|会议期间|讨论中|发言中|谈及此|说起|谈起|提起|对于|对|针对)"
)
_GROUP = re.compile(
    r"(?:们|大家|与会[\u4e00-\u9fff]{0,6}|不少[\u4e00-\u9fff]{0,6}|多位[\u4e00-\u9fff]{0,6}|许多[\u4e00-\u9fff]{0,6}|"
    r"人士|人员|专家|学者|负责人|网友|市民|群众|村民|居民|记者|有人|业界|各方|外界|舆论|分析|观点)"
    r"(?:纷纷|普遍|一致|都|也|均|还)?$"
    r"|(?:纷纷|普遍|一致|不约而同)$"  # only a group does so (同组代表纷纷表示)
)
# A group as a subject in narration: 两人, 两位代表, 他们 (not 我们两人)
_GROUP_SUBJECT = re.compile(r"(?<!我)(?:两人|二人|三人|两位|三位|几位|双方|他们|她们|众人|大家)")
_REQUEST = re.compile(r"^(?:并|再|也|敬|恳|诚)?(?:请|邀请|希望|要求|号召)")
_UNNAMED = re.compile(r"^(?:一位|一名|一个|某位|有位|另一位|另一名|这位|那位|一些|部分|个别|各位|"
                      r"[两二三四五六七八九十几多数]+(?:位|名))")
# A definite reference to the person in view by a title (这位代表, 这名80后委员; not 该局局长,
# who may be someone not named)
_DEFINITE = re.compile(r"(?:这位|这名)[\u4e00-\u9fff0-9]{0,6}")
_JOINT = re.compile(r"、|和|与|及|同")
_DOC = re.compile(
    r"(?:报告|规划|纲要|意见|文件|公报|决定|方案|通知|数据|统计|调查|研究|会议|大会|文章|社论|评论|白皮书|"
    r"报道|指南|计划|条例|办法|政策|部署|要求|精神|讲话)(?:中|里|上)?$"
)
_PRONOUNS = {"他": "他", "她": "她"}
_DATELINE = re.compile(
    r"(?:(?:本报讯|本报[^\s,。()]{0,14}电|(?:新华社|中新社|中新网|人民网|新华网|央视网|央广网)[^\s,。()]{0,16}电"
    r"|[\u4e00-\u9fff]{2,12}讯|[\u4e00-\u9fff]{1,8}\d{1,2}月\d{1,2}日(?:讯|电))"
    r"\s*(?:\([^()\n]{0,40}\)|记者[ \u4e00-\u9fff·]{2,24}?(?=[\s“]))?\s*|\((?:记者|通讯员)[^()\n]{0,40}\)\s*)"
)
_OUTLET_WORD_LIST = ("日报", "晚报", "早报", "时报", "商报", "青年报", "法治报", "新闻网", "新闻", "电视台", "广播电视台",
                     "融媒体中心", "通讯社", "杂志", "周刊", "客户端", "报", "网")
_REPORTER_RANKS = ("首席", "特约", "见习", "全媒体")
_OUTLET_NAME_MAX = 12  # characters of an outlet's name before its outlet word
_OUTLET_WORDS = "|".join(_OUTLET_WORD_LIST)
_RANKS = "|".join(_REPORTER_RANKS)
_OUTLET_IN_CREDITS = re.compile(rf"([{CJK}]{{2,{_OUTLET_NAME_MAX}}}?(?:{_OUTLET_WORDS}))(?:社)?(?:{_RANKS})?记者")
# What must stand right before the 记者 of such a credit (…日报社首席记者)
_OUTLET_TAIL = re.compile(rf"(?:{_OUTLET_WORDS})(?:社)?(?:{_RANKS})?$")
_OUTLET_NAME = re.compile(
    r"(?:日报|晚报|早报|时报|商报|青年报|法治报|新闻网|新闻|电视台|广播电视台|融媒体中心|通讯社|杂志|周刊|客户端|报|网|新华社|中新社)$"
)
_ROLE_LABELS = {"主持人", "记者", "本报记者", "问", "Q", "提问", "编者"}
_ANSWER_LABELS = {"答", "A"}
_NON_LABELS = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}嘉宾|受访者|访谈对象|对话人|主讲人|核心提示|编者按|记者手记|链接|相关链接|背景|提示|注|来源|责任编辑|编辑|校对|审核|图|摄影|"
    r"制图|文|策划|统筹|执行|出品|监制|设计|图片|视频|延伸阅读|新闻链接|小贴士|数说|关键词|热词|声音|时间|地点)$"
)
_LABEL = re.compile(rf"([{CJK}A-Za-z·、]{{1,24}}?)\s*:\s*")
# A label standing alone on its line: a longer run of titles (separated by 、 or ,) then a
# name, then the colon ("全国政协委员,中华老字号传承人苏某:"); only read where nothing follows
# the colon on the line, so that prose with a comma before a colon is never taken for one.
_ALONE_LABEL = re.compile(rf"([{CJK}A-Za-z·、,()]{{1,64}}?)\s*:[ \t]*(?=\n|$)")
_LONG_LABEL = re.compile(rf"([{CJK}A-Za-z·、,()]{{1,64}}?)\s*:")
_LABEL_SEP = re.compile(r"[、,]")
# A guest line of an interview: 访谈嘉宾:titles name;titles name (one line)
_GUEST_LINE = re.compile(rf"(?:^|\n)[^\S\n]*[{CJK}]{{0,4}}(?:嘉宾|受访者|访谈对象|对话人)\s*:\s*([^\n]+)")
_GUEST_SEP = re.compile(r"[;|/]|\s{2,}")
_REPORTER_START = re.compile(
    r"^(?:据了解|据悉|据统计|据介绍|据报道|记者|本报记者|数据显示|资料显示|截至|链接|相关链接|背景|新闻链接|【|编者按|"
    r"会议|大会|本次会议|另据|"
    r"责任编辑|(?:图|上图|下图|左图|右图)\s*[:为]|\(完\)|来源)"
)
# A paragraph whose first clause gives a document or data as its source (报告显示, 数据表明,
# 公报指出): the reporter relaying it, not the previous speaker going on.
_DOC_SOURCE_START = re.compile(
    r"^[^,。;:“]{0,12}?(?:报告|规划|纲要|公报|数据|统计|调查|文件|方案|意见|资料|通报|名单|结果)(?:中|里|上)?"
    r"(?:显示|指出|提出|表明|称|明确|强调|要求|披露|提到|介绍|说明)"
)
_CREDIT_WORDS = re.compile(r"供图|摄$|摄 |摄/|摄影|通讯员|记者 |记者:|记者$|编辑:|责任编辑|图/|文/|来源:")
_SENTENCE_PUNCT = re.compile(r"[。!?;,]")
_CJK_CHAR = re.compile(rf"[{CJK}]")
_STOP = re.compile(r"[。!?]")  # a full stop, exclamation or question mark
_SENTENCE_END = re.compile(r"[。!?;]")
_CLAUSE_END = re.compile(r"[。!?;…]")
_QUOTED_CLAUSE = re.compile(r"[,。!?;]")
_HEADING_STOP = re.compile(r"[::]")
_TITLE_STOP = re.compile(r"[,。;:!?\n]")
_TITLE_SEP = re.compile(r"[、,]")
_TITLE_SEP_KEPT = re.compile(r"([、,])")
_ROSTER_LINE = re.compile(rf"(.+?)\s+([{CJK}·]{{2,9}})")
_COLON_QUOTE = re.compile(r":\s*“")
_CJK_RUN = re.compile(rf"[{CJK}]+")


@lru_cache(maxsize=None)
def _cjk_count_re(n: int) -> re.Pattern[str]:
    """A pattern matching a prefix of a string that holds ``n`` CJK characters."""
    return re.compile(rf"(?:[^{CJK}]*[{CJK}]){{{n}}}")


def _has_cjk(s: str, n: int) -> bool:
    """Whether ``s`` holds at least ``n`` CJK characters (stops scanning at the ``n``-th)."""
    return _cjk_count_re(n).match(s) is not None


# --- small pure helpers ----------------------------------------------------


class Subject(NamedTuple):
    """What stands before a reporting verb (a named tuple: one is made per reporting verb)."""

    kind: str  # "name" | "pronoun" | "block"
    name: str | None = None
    name_start: int = -1  # offset of the name in the document
    titled: bool = False
    also: tuple[tuple[str, int], ...] = ()  # co-subjects (name, offset): 张三和李四表示


@lru_cache(maxsize=8192)
def strip_interposed(seg: str) -> str:
    """Drop adverbs and interposed phrases between a subject and its verb
    ("张果也", "他在接受记者采访时" → "张果", "他"). Cached, like the other pure
    readings of a subject: every frame is read twice (see ``_Doc.run``)."""
    prev = None
    while prev != seg and seg:
        prev = seg
        m = _END_STRIP.search(seg)
        if m and m.start() > 0:
            seg = seg[: m.start()]
    return seg


def parse_subject(seg: str, seg_start: int, known: dict[str, str], after_quote: bool = False) -> Subject | None:
    """Read the words right before a reporting verb: a person's name (titles
    glued or "X代表"), several names (张三和李四, 省人大代表张三、李四), a
    pronoun, or a non-person source (document, group, unnamed person).
    ``known`` maps names seen in strong contexts to their printed form;
    ``after_quote`` says the segment follows a closing quotation mark, where a
    name that is also a common word (高山, 文静) is still read as a name."""
    raw = seg.rstrip()
    if not raw or _REQUEST.match(raw):
        return None  # 请各位委员提出意见: the people asked to speak are no speakers
    stripped = strip_interposed(raw)
    found_any: list[Subject] = []
    for cand in dict.fromkeys([stripped, raw]):
        s = _LEAD_STRIP.sub("", cand)
        if not s:
            continue
        if s in _PRONOUNS:
            return Subject("pronoun", s)
        if _DEFINITE.fullmatch(s) and ends_with_title(s):
            return Subject("pronoun")  # 这位代表, 该委员: the person in view, like 他/她
        if _GROUP.search(s) or s in {"他们", "她们"} or _UNNAMED.match(s):
            return Subject("block")
        off = seg_start + len(cand) - len(s)
        joint = _joint_names(s, off, known)
        if joint:
            return joint
        found = _name_in(s, known) or (_bare_name(s) if after_quote else None)
        if found and cand != stripped and found[0] in cand and cand.rfind(found[0]) >= len(stripped):
            found = None  # the raw reading's "name" is the interposed words stripped off (全年共)
        if found:
            name, titled = found
            pos = seg_start + cand.rfind(name) if name in cand else seg_start
            found_any.append(Subject("name", name, pos, titled))
    if found_any:
        first = found_any[0]
        # "阿苏拉则说": stripping 则 as an adverb leaves 阿苏拉; keep the longer reading
        # when the shorter one has no Han surname
        for other in found_any[1:]:
            if surname_of(first.name or "") is None and other.name and other.name.startswith(first.name or ""):
                return other
        return first
    s = _LEAD_STRIP.sub("", stripped)
    if _DOC.search(s):
        return Subject("block")
    # "孟某随即回应说": a known name opening the subject, then a few words before the verb
    for name in known:
        rest = s[len(name):]
        if s.startswith(name) and 0 < len(rest) <= 4 and "的" not in rest and not _has_cjk_name_start(rest, known):
            return Subject("name", name, seg_start + len(seg.rstrip()) - len(s), False)
    # "局长唐雨桐接过话题说": a titled name, then a short phrase before the verb
    loose = [(at, n) for at, n in titled_mentions(s, loose=True)
             if 0 < len(s) - at - len(n) <= 4 and "的" not in s[at + len(n):] and not holds_common_word(n)]
    if loose:
        at, name = loose[-1]
        return Subject("name", name, seg_start + len(seg.rstrip()) - len(s) + at, True)
    return None


@lru_cache(maxsize=16384)
def _read_subject(seg: str, known: tuple[str, ...], after_quote: bool) -> Subject | None:
    """``parse_subject(seg, 0, …)`` (offsets into ``seg``) with ``known`` the known names
    printed in ``seg``, in the order they became known: every name it looks up or
    compares is a piece of ``seg``, so the other known names cannot change it."""
    return parse_subject(seg, 0, dict.fromkeys(known, ""), after_quote)


def _has_cjk_name_start(rest: str, known: dict[str, str]) -> bool:
    """Whether another known name begins in ``rest`` (张三和李四…: no loose reading)."""
    return any(name in rest for name in known)


def _bare_name(s: str) -> tuple[str, bool] | None:
    """A surname-led 2–3 character name even when it is also a common word
    (高山, 文静); only used where a name is expected (right after a quotation)."""
    if 2 <= len(s) <= 3 and surname_of(s) and is_person_name(s, titled=True):
        return s, False
    return None


def _joint_names(s: str, start: int, known: dict[str, str]) -> Subject | None:
    """Several people as one subject: "张三和李四", "省人大代表张三、李四".
    Every part must read as a name (the first may carry titles); None otherwise."""
    if s in known or is_person_name(s) or not _JOINT.search(s):
        return None
    parts = _JOINT.split(s)
    if len(parts) < 2 or len(parts) > 4 or any(not p for p in parts):
        return None
    names: list[tuple[str, int]] = []
    pos = start
    for i, part in enumerate(parts):
        if i == 0:
            found = _name_in(part, known)
            name = found[0] if found and part.endswith(found[0]) else None
        else:
            name = part if (part in known or is_person_name(part)) else None
        if not name or ends_with_title(name):
            return None
        names.append((name, pos + len(part) - len(name)))
        pos += len(part) + 1
    (first, first_at), rest = names[0], tuple(names[1:])
    return Subject("name", first, first_at, True, also=rest)


# Titles that follow a bare surname in a later reference to someone (王代表, 李县长, 周院长)
_ALIAS_TITLES = (
    "代表", "委员", "书记", "主任", "部长", "省长", "市长", "县长", "区长", "镇长", "乡长", "局长", "厅长", "院长",
    "校长", "所长", "行长", "社长", "会长", "董事长", "总经理", "经理", "主席", "教授", "院士", "老师", "医生",
    "总", "工", "队长", "站长", "组长", "馆长", "团长", "主委", "理事长", "秘书长", "处长", "科长", "村长", "支书",
)
POST_TITLES = (
    "代表", "委员", "总书记", "副总理", "总理", "副主席", "主席", "委员长", "书记", "主任", "部长", "省长", "市长",
    "县长", "区长", "教授", "院士", "研究员", "博士", "局长", "厅长", "院长", "校长", "董事长", "总经理", "同志",
    "先生", "女士", "老师", "医生", "大使",
)
_POST_TITLE = re.compile(rf"(.*?)([{CJK}·]{{2,9}}?)({'|'.join(POST_TITLES)})")
COURTESY = {"同志", "先生", "女士"}
# the first of POST_TITLES, in their order, printed at a position
_POST_TITLE_AT = re.compile("|".join(map(re.escape, POST_TITLES)))
_NOT_AFTER_POST = frozenset("团性作处们了着过大会")  # 代表团, 代表性 …: the word is no title


@lru_cache(maxsize=8192)
def _post_title_split(s: str) -> tuple[str, str] | None:
    """(text before, name) when ``s`` is a name with a title printed after it
    ("…张三代表", "李四委员"); None otherwise."""
    if not s.endswith(POST_TITLES):  # the match ends with one: skip the regex
        return None
    m = _POST_TITLE.fullmatch(s)
    return (m.group(1), m.group(2)) if m else None


def _name_in(s: str, known: dict[str, str]) -> tuple[str, bool] | None:
    """The person name that ends ``s`` (s already stripped), with whether a title was glued."""
    post = _post_title_split(s)
    if post and (post[1] in known or is_person_name(post[1])) and (not post[0] or ends_with_title(post[0])):
        return post[1], True
    if s in known or is_person_name(s):
        return s, False
    split = split_title_prefix(s)
    if split:
        return split[1], True
    for name in known:
        if s.endswith(name) and len(s) > len(name):
            return name, False
    if "的" in s:  # 来自山区的李某: a name known from elsewhere, after a description
        tail = s.rsplit("的", 1)[1]
        if tail in known and is_person_name(tail):
            return tail, False
    return None


# Longest text an _OUTLET_IN_CREDITS match holds before its 记者 (derived from the
# lists it is made of): the part after the name (outlet word, 社, rank), and all of it.
# The windowed search costs 0.002 s where a plain search costs 0.22 s on 1.9M characters.
_OUTLET_TAIL_REACH = max(map(len, _OUTLET_WORD_LIST)) + len("社") + max(map(len, _REPORTER_RANKS))
_OUTLET_REACH = _OUTLET_NAME_MAX + _OUTLET_TAIL_REACH


def _outlet_credit(norm: str) -> re.Match[str] | None:
    """``_OUTLET_IN_CREDITS.search(norm)``, trying only the starts close enough
    before a 记者 preceded by an outlet word to reach it (a plain search tries
    the pattern at every character of the document). A start skipped with the
    记者 of a window can only match up to a later 记者, whose window holds it."""
    tried = 0  # starts below this one have been tried
    k = norm.find("记者")
    while k >= 0:
        if _OUTLET_TAIL.search(norm, max(0, k - _OUTLET_TAIL_REACH), k):
            for s in range(max(tried, k - _OUTLET_REACH), k - 2):  # the shortest match is X X 报 记者
                m = _OUTLET_IN_CREDITS.match(norm, s)
                if m:
                    return m
            tried = max(tried, k - 2)
        k = norm.find("记者", k + 1)
    return None


# A host credited with an outlet on a credit line: 主持人:某某广播电视台主持人 苏某
_HOST_CREDIT = re.compile(
    rf"(?:^|\n)\s*(?:主持人|主持|采访|记者)\s*:\s*([{CJK}]{{2,12}}?(?:{_OUTLET_WORDS}))(?:社)?(?:{_RANKS})?"
    r"(?:记者|主持人|编辑)"
)


def find_outlet(norm: str) -> str | None:
    """The outlet named in the credits (重庆日报记者 陈维灯 → 重庆日报; 主持人:某台主持人 苏某 → 某台)."""
    found = find_outlet_at(norm)
    return found[0] if found else None


def find_outlet_at(norm: str) -> tuple[str, int] | None:
    """``find_outlet`` with the offset where the outlet is printed."""
    m = _outlet_credit(norm)
    if m and not m.group(1).startswith("本"):
        return m.group(1), m.start(1)
    if "主持" in norm or "采访" in norm:
        m = _HOST_CREDIT.search(norm)
        if m and not m.group(1).startswith("本"):
            return m.group(1), m.start(1)
    return None


_HOUSE = re.compile(r"本报|本刊|本台|本网")
_PAGE_HEADER = re.compile(
    rf"^([{CJK}]{{2,10}}?(?:日报|晚报|早报|时报|商报|青年报|法治报|农民报))\s*\d{{4}}\s*年"
)


def house_outlet(norm: str, text: str, outlet: str | None = None) -> str | None:
    """The outlet that credits such as 本报记者 / 本报讯 stand for: the document's
    outlet from its metadata when given, else one printed in a page header
    (巴蜀日报 2024年1月25日 第4版); None when the credits do not say 本报."""
    if not _HOUSE.search(norm):
        return None
    if outlet and outlet.strip():
        return outlet.strip()
    lead = len(norm) - len(norm.lstrip())
    m = _PAGE_HEADER.match(norm, lead)
    return text[m.start(1):m.end(1)] if m else None


def strip_dateline(norm: str, para: Para) -> int:
    """Offset where a paragraph's text begins after a dateline/byline."""
    m = _DATELINE.match(norm, para.start, para.end)
    if m and m.end() < para.end:
        return m.end()
    return para.start


def _is_headline_line(line: str) -> bool:
    """A short headline line (no sentence punctuation) such as follows a label in
    代表通道 write-ups: 加快深空探测步伐, 让茶山变成“金山”."""
    return 0 < len(line) <= 32 and "\n" not in line and not _SENTENCE_END.search(line) \
        and not line.endswith((",", "、", ":")) and _has_cjk(line, 2)


def is_heading(ptext: str) -> bool:
    """A headline or cross-head: short, no sentence-final punctuation; one line,
    or up to three short lines (a headline with a subtitle "——记…")."""
    if len(ptext) > 64 * 3:  # too long for any heading (checked before splitting long prose)
        return False
    # the cheapest test that rejects prose (the tests are pure: any order); a 。 is one of
    # _SENTENCE_END's marks and str.find looks for one character ten times faster than a
    # character-class scan, so most prose is rejected before the scan
    if "。" in ptext or _SENTENCE_END.search(ptext):
        return False
    lines = ptext.split("\n")
    if len(lines) > 3 or len(ptext) > 64 * len(lines) or not _has_cjk(ptext, 2):
        return False
    if len(lines) > 1 and (any(len(line) > 48 or line.rstrip().endswith((",", "、", ":")) for line in lines)):
        return False
    if _CREDIT_WORDS.search(ptext) and not _HEADING_STOP.search(ptext):
        return False
    return not ptext.endswith((",", "、", ":"))


_SPACE = re.compile(r"\s")
_INLINE_SPACE = re.compile(r"[^\S\n]")  # white space other than a line break


# Characters that end most prose paragraphs, none of them a character of a name
# ([CJK·], which _ROSTER_LINE's last group needs at the end of the line)
_PROSE_ENDS = ("。", "”", "!", "?", ")", ";", ",", ":", "…")


def is_roster_line(line: str) -> tuple[str, str] | None:
    """A guest line "市人大代表、沙坪坝区委书记 唐小平" → (titles, name)."""
    line = line.strip()
    # the line must end with white space and a 2–9 character name: look there first,
    # after the cheapest test, for the punctuation that ends prose (no name character)
    if line.endswith(_PROSE_ENDS) or not _SPACE.search(line, max(1, len(line) - 10), len(line) - 2):
        return None
    m = _ROSTER_LINE.fullmatch(line)
    if m and split_titles(m.group(1)) and ends_with_title(m.group(1)) and is_person_name(m.group(2), titled=True):
        return m.group(1), m.group(2)
    return None


def quote_kind(norm: str, start: int, end: int, frame: tuple[int, int] | None) -> str:
    """"direct", "indirect" or "mixed" for a span, from its quotations."""
    spans = quote_spans(norm, start, end)
    if spans:  # (most statements quote nothing: no comprehension to run)
        spans = [(s, e) for s, e in spans if e - s >= 8 and _QUOTED_CLAUSE.search(norm, s, e)]
    if not spans:
        return "indirect"
    rest = []
    last = start
    for s, e in spans:
        rest.append(norm[last:s])
        last = e
    rest.append(norm[last:end])
    outside = "".join(rest)
    if frame:
        outside = outside.replace(norm[frame[0]:frame[1]], "")
    return "mixed" if _has_cjk(outside, 9) else "direct"


# --- the extractor ---------------------------------------------------------


class _Frame(NamedTuple):
    """A reporting frame found in a paragraph (a named tuple: frames are never
    changed once made, and one is made per reporting verb)."""

    pos: int  # start of the sentence holding the frame
    kind: str  # "name" | "pronoun" | "block"
    name: str | None
    cue: tuple[int, int]
    subject_start: int
    also: tuple[str, ...] = ()  # co-speakers of a joint subject


class _Statement(NamedTuple):
    """A statement as found, its speaker still the normalised name (the printed
    form is only settled at the end); fields as in ``Statement``."""

    char_start: int
    char_end: int
    speaker: str
    quote: str
    cue: str | None
    attribution: str
    section: str | None


@dataclass
class _State:
    section: str | None = None
    _last_person: str | None = None  # pronoun antecedent (see last_person)
    prev_speaker: str | None = None  # speaker a continuation paragraph would carry on
    label_speaker: str | None = None  # transcript mode: a label in its own paragraph
    interviewee: str | None = None  # who answers 答: in the current article
    label_count: int = 0
    pending: list[Para] = field(default_factory=list)  # paragraphs of a quotation not yet attributed
    statements: list[_Statement] = field(default_factory=list)
    printed: dict[str, str] = field(default_factory=dict)  # normalised name → printed
    kinds: dict[str, str] = field(default_factory=dict)
    recent: list[str] = field(default_factory=list)  # the antecedents so far, the latest last
    gender: dict[str, str] = field(default_factory=dict)  # name → the pronoun (他/她) it was taken up by

    @property
    def last_person(self) -> str | None:
        return self._last_person

    @last_person.setter
    def last_person(self, name: str | None) -> None:
        self._last_person = name
        if name is None:
            self.recent.clear()  # a new article: no antecedent reaches back
        elif not self.recent or self.recent[-1] != name:
            self.recent.append(name)

    def antecedent(self, pronoun: str | None, default: str | None) -> str | None:
        """The person a 他/她 stands for: ``default`` (the person in view) unless
        the pronoun has been used for someone else and so does not fit them; then
        the latest person the pronoun fits (两位代表: 他 … 她 …)."""
        if pronoun not in ("他", "她") or default is None or self.gender.get(default, pronoun) == pronoun:
            who = default
        else:
            who = next((n for n in reversed(self.recent) if self.gender.get(n) == pronoun), default)
        if who is not None and pronoun in ("他", "她"):
            self.gender.setdefault(who, pronoun)
        return who


class _Doc:
    """One document's extraction run (keeps text, normalised text and state)."""

    def __init__(self, text: str, outlet: str | None = None) -> None:
        self.text = text
        self.norm, spaces = normalize_scan(text)
        self.paras = document_paragraphs(self.norm)
        report = _work_report_at(self.norm)
        if report is not None:  # a report read out to an assembly is no one's speech: only what precedes it is read
            self.paras = [p for p in self.paras if p.end <= report]
        self.starts = [strip_dateline(self.norm, p) for p in self.paras]  # prose start after a dateline
        credited = find_outlet_at(self.norm)
        self.outlet = credited[0] if credited else house_outlet(self.norm, text, outlet)
        self.outlet_at = credited[1] if credited else -1  # where the credits print it
        self.known: dict[str, str] = {}
        self.st = _State()
        self.introduced: dict[str, list[tuple[int, int]]] = {}  # titles from 作为X,他 / X成了Y (see _speakers)
        if spaces:  # a roster line holds white space other than a line break: none, no roster
            self._register_roster(spaces == {" "})
        if "嘉宾" in self.norm or "受访" in self.norm or "对话" in self.norm:
            self._register_guests()

    # -- registration
    def _register_roster(self, spaces_only: bool) -> None:
        """Names printed on guest lines ("市人大代表、沙坪坝区委书记 唐小平") are known from the start.
        ``spaces_only``: the only white space other than a line break in the document is
        the space, so the next one is found with str.find (ten times cheaper than the
        character-class scan)."""
        norm = self.norm
        space = -1  # the first white space other than a line break at or after some paragraph's start
        for p in self.paras:
            if space < p.start:  # one search finds it for every paragraph up to the one holding it
                if spaces_only:
                    space = norm.find(" ", p.start)
                else:
                    m = _INLINE_SPACE.search(norm, p.start)
                    space = m.start() if m else -1
                if space < 0:
                    return
            if space >= p.end:
                continue  # a roster line holds white space between titles and name
            for line in norm[p.start:p.end].split("\n"):
                hit = is_roster_line(line)
                if hit:
                    self.known[hit[1]] = hit[1]

    def _register_guests(self) -> None:
        """Names on a guest line (访谈嘉宾:省人大代表、某县县长王某;市政协委员、某院院长李某)
        are known from the start: their answers may be labelled with the bare name."""
        for m in _GUEST_LINE.finditer(self.norm):
            at = m.start(1)
            for piece in _GUEST_SEP.split(m.group(1)):
                last = _LABEL_SEP.split(piece.strip())[-1]
                split = split_title_prefix(last) if last else None
                name = split[1] if split else (last if is_person_name(last, titled=True) and surname_of(last) else None)
                if name:
                    self.known.setdefault(name, name)
                    self._printed(name, at + m.group(1).find(name))

    def _printed(self, name: str, pos: int) -> str:
        if name not in self.st.printed:
            self.st.printed[name] = self.text[pos:pos + len(name)] if pos >= 0 else name
        return self.st.printed[name]

    def _emit(self, start: int, end: int, name: str, kind: str, cue: tuple[int, int] | None,
              attribution: str, frame: tuple[int, int] | None, quote: str | None = None) -> None:
        while end > start and self.norm[end - 1] in " \n":
            end -= 1
        if end <= start:
            return
        self.st.kinds.setdefault(name, kind)
        self.st.statements.append(_Statement(
            start, end, name,
            quote or quote_kind(self.norm, start, end, frame),
            self.text[cue[0]:cue[1]] if cue and cue[1] > cue[0] else None,
            attribution, self.st.section,
        ))

    # -- paragraph kinds
    def run(self) -> SpeechResult:
        # Quotations, candidate reporting verbs and colon frames of each paragraph's prose
        # (norm[cs:p.end]): none of them depends on the names known, so they are found
        # once, for both readings below.
        norm = self.norm
        proses = [_ProseIndex.of(norm, cs, p.end) for p, cs in zip(self.paras, self.starts)]
        for p, cs, prose in zip(self.paras, self.starts, proses):  # learn the names that frames introduce anywhere
            self._learn_names(cs, p.end, prose)
        self.st.printed.clear()
        for i, (p, prose) in enumerate(zip(self.paras, proses)):
            self._paragraph(i, p, prose)
        return SpeechResult(statements=self._final_statements(), speakers=self._speakers())

    def _paragraph(self, i: int, p: Para, prose: _ProseIndex) -> None:
        st, norm = self.st, self.norm
        ptext = norm[p.start:p.end]
        cs = self.starts[i]
        if cs > p.start:  # a dateline opens a new article
            st.last_person = None
            st.prev_speaker = None
        if prose.colon and self._label(p, cs):  # a label ends with a colon: most prose has none
            return
        if is_heading(ptext) and not self._is_credits(ptext):
            st.section = self.text[p.start:p.end]
            st.prev_speaker = None
            if st.label_speaker and st.label_count == 0 and _is_headline_line(ptext):
                return  # 代表通道: label line, then a short headline, then the speech
            st.label_speaker = None
            if i > 0 and "\n" not in ptext and self._label_line(ptext, p.start):
                return  # 代表通道 with no colon: 交通运输部部长唐某 on its own line
            nxt = self.paras[i + 1] if i + 1 < len(self.paras) else None
            head = self._heading_person(ptext, p.start)
            if i == 0 or "\n" in ptext or head or nxt is None or self.starts[i + 1] > nxt.start \
                    or self._is_credits(norm[nxt.start:nxt.end]):
                st.last_person = None  # a new article: pronouns and 答: look no further back
                st.interviewee = None
            if head:
                st.last_person = head
                st.interviewee = head
            return
        if self._is_credits(ptext):
            st.prev_speaker = None
            return
        frames = self._frames(cs, p.end, prose) if st.label_speaker is None or prose.cues else []
        if st.label_speaker and self._in_label_turn(cs, p.end, frames):
            self._emit(cs, p.end, st.label_speaker, st.kinds.get(st.label_speaker, "person"), None,
                       "explicit" if st.label_count == 0 else "continuation", None, "direct")
            st.label_count += 1
            return
        st.label_speaker = None
        has_source = False  # a person (by name or pronoun) among the frames
        for f in frames:  # (a loop: a generator expression costs a frame per paragraph)
            if f.kind != "block":
                has_source = True
                break
        if not has_source and self._quote_owner(cs, p.end, prose.spans):
            return
        if not frames and opens_unclosed(norm, cs, p.end) and not st.prev_speaker:
            st.pending.append(Para(cs, p.end))  # a quotation that runs on into later paragraphs
            return
        if frames:
            if st.pending and orphan_close(norm, cs, p.end) is not None:
                first = next((f for f in frames if f.kind != "block"), None)
                who = first.name if first and first.kind == "name" else (st.last_person if first else None)
                for q in st.pending if who else []:
                    self._emit(q.start, q.end, who, "person", None, "continuation", None, "direct")
            st.pending = []
            self._prose(cs, p.end, frames)
        elif st.prev_speaker and self._continues(cs, p.end):
            self._emit(cs, p.end, st.prev_speaker, "person", None, "continuation", None)
            st.pending = []
        else:
            if not (st.prev_speaker and not frames and self._describes(cs, p.end, st.prev_speaker)):
                st.prev_speaker = None  # (a sentence describing the speaker does not end their turn)
            st.pending = []
        if not has_source:
            introduced = self._mentioned_before(cs, p.end, titled_only=True)
            if introduced:  # a person introduced by the reporter is the antecedent of a later 他/她 or 答:
                st.last_person = introduced

    def _quote_owner(self, cs: int, end: int, spans: list[tuple[int, int]]) -> bool:
        """A paragraph opened by a quotation whose next sentence names a person
        without a reporting verb ("“…”说起草原,委员扎西顿珠打开了话匣子。"):
        the quotation is that person's (``spans``: the paragraph's quotations). Emits it
        and returns True."""
        norm = self.norm
        if not spans or spans[0][0] != cs or spans[0][1] >= end or not _STOP.search(norm, cs, spans[0][1]):
            return False
        q_end = spans[0][1]
        stop = _SENTENCE_END.search(norm, q_end, end)
        s_end = stop.end() if stop else end
        if "“" in norm[q_end:s_end]:
            return False
        who = self._mentioned_before(q_end, s_end) or self._name_after_quote(q_end, s_end)
        if not who:
            return False
        self._emit(cs, s_end, who, "person", None, "explicit", None, "direct")
        self.st.last_person = who
        self.st.prev_speaker = who if s_end >= end else None
        self.st.pending = []
        return True

    def _name_after_quote(self, q_end: int, s_end: int) -> str | None:
        """A bare name right after a closing quotation mark and before a word of saying
        (“…。”张华说这话时…: 张华, never 张华说)."""
        norm = self.norm
        cue = _CUE_RE.search(norm, q_end + 2, min(s_end, q_end + 5))
        if not cue:
            return None
        found = _bare_name(norm[q_end:cue.start()])
        if not found:
            return None
        name = found[0]
        self.known.setdefault(name, name)
        self._printed(name, q_end)
        return name

    def _is_credits(self, ptext: str) -> bool:
        if "\n" in ptext and all(is_roster_line(line) or not line.strip() for line in ptext.split("\n")[1:]):
            return True
        if is_roster_line(ptext):
            return True
        # (a , or 。 is one of _SENTENCE_PUNCT's marks, found by str.find before the scan)
        return not ("," in ptext or "。" in ptext or _SENTENCE_PUNCT.search(ptext)) and bool(_CREDIT_WORDS.search(ptext))

    def _heading_person(self, ptext: str, start: int) -> str | None:
        """The person a heading is about: a cross-head "市人大代表王某:脚步丈量社区"
        or a subtitle "——专访全国人大代表、某院院长王某" / "——记种茶大户王某"."""
        sub = _SUBTITLE_PERSON.search(ptext)
        m = _LABEL.match(ptext)
        if sub:
            label, at = sub.group(1), sub.start(1)
        elif m:
            label, at = m.group(1), m.start(1)
        else:
            return None
        last = label.split("、")[-1]
        found = _name_in(last, self.known)
        if found and last.endswith(found[0]):
            name = found[0]
            self.known.setdefault(name, name)
            self._printed(name, start + at + label.rfind(name))
            return name
        return None

    # -- interview labels
    def _label_speaker(self, label: str, pos: int, alone: bool = False) -> tuple[str, str] | None:
        """(speaker, kind) for an interview label, or None if it is no speech label."""
        if _NON_LABELS.match(label):
            return None
        if label in _ROLE_LABELS or label.endswith("记者"):
            name = self.outlet or label
            self._printed(name, self.outlet_at if self.outlet else pos)
            return name, "outlet"
        if label in _ANSWER_LABELS:
            who = self.st.interviewee or self.st.last_person
            return (who, "person") if who else ("", "none")
        if _OUTLET_NAME.search(label) and len(label) <= 12:
            self._printed(label, pos)
            return label, "outlet"
        if label.endswith(")") and "(" in label:  # 王某(省人大代表、某县县长): titles after the name
            label = label[:label.index("(")]
        last = _LABEL_SEP.split(label)[-1]
        cue = _CUE_RE.search(last)
        if cue and cue.end() == len(last) and cue.start() > 0:
            if not alone:
                return None  # "张三认为:…" is a frame, read as prose
            last = strip_interposed(last[:cue.start()])  # "张三说:" on its own
        found = _name_in(last, self.known) or self._introduced_name(last, pos)
        if found:
            name = found[0]
            full = self._alias_of(name)
            if full:  # 王县长: (the answer of) the 王某 introduced in the guest line
                self._printed(full, self.norm.find(full))
                return full, "person"
            self._printed(name, pos + label.rfind(name))
            self.known.setdefault(name, name)
            return name, "person"
        return None

    def _label(self, p: Para, cs: int) -> bool:
        """Handle a paragraph opened by an interview label; True when handled. Asked only
        for prose that holds a colon (``_ProseIndex.colon``): a label ends with one.
        A label may stand alone on its line (the answer follows in the next paragraphs),
        be followed on the next line by a short headline (代表通道: the speech follows),
        or open the answer itself."""
        st, norm = self.st, self.norm
        m = _ALONE_LABEL.match(norm, cs, p.end)
        if m and "\n" not in norm[cs:m.end()] and self._titles_then_name(m.group(1)):
            label = m.group(1)
        else:
            m = _LABEL.match(norm, cs, p.end)
            if not m or len(m.group(1)) >= 12:  # a longer label must be titles and a name
                long = _LONG_LABEL.match(norm, cs, p.end)
                if long and self._titles_then_name(long.group(1)):
                    m = long
            if not m or "\n" in norm[cs:m.end(1)]:
                return False
            label = m.group(1)
        after = norm.index(":", m.end(1)) + 1
        rest = norm[after:p.end].lstrip(" \t")
        after = p.end - len(rest)
        headline: tuple[int, int] | None = None  # a short headline on the line after the label
        speech = cs  # where the statement starts: the label opens it, unless it stands on its own line
        if rest.startswith("\n"):
            a = after + 1
            b = norm.find("\n", a, p.end)
            b = p.end if b < 0 else b
            if _is_headline_line(norm[a:b].strip()):
                headline = (a, b)
                speech = b + 1 if b < p.end else p.end
            else:
                speech = a  # the answer on the next line
        who = self._label_speaker(label, cs, alone=not rest.strip() or speech > cs)
        if who is None:
            return False
        name, kind = who
        if kind == "none":  # 答: with no interviewee in view: no one's answer, and no one goes on
            st.label_speaker = st.prev_speaker = None
            return True
        if headline is not None:
            st.section = self.text[headline[0]:headline[1]].strip()
        if speech >= p.end or not rest.strip():
            st.label_speaker, st.label_count = name, 0
            st.kinds.setdefault(name, kind)
            st.prev_speaker = None
            return True
        if speech == cs and not _CLAUSE_END.search(rest) and len(rest) < 48:
            return False  # a cross-head "Name: slogan"
        if speech > cs:  # label (and headline) on their lines, the speech below in the same paragraph
            st.label_speaker, st.label_count = name, 1
            st.kinds.setdefault(name, kind)
            self._emit(speech, p.end, name, kind, None, "explicit", None, "direct")
            return True
        st.label_speaker = None
        self._emit(cs, p.end, name, kind, None, "explicit", None, "direct")
        if kind == "person":
            st.last_person = name
        st.prev_speaker = name if kind == "person" else None  # a question does not run on
        return True

    def _introduced_name(self, label: str, pos: int) -> tuple[str, bool] | None:
        """A bare label (高山:) that is a name printed after a title earlier in the
        document (本期嘉宾是省人大代表高山): a name, even when also a common word."""
        if not 2 <= len(label) <= 4 or not surname_of(label):
            return None
        norm = self.norm
        i = norm.find(label, 0, pos)
        while i >= 0:
            if i > 0 and ends_with_title(norm[max(0, i - 12):i]):
                return label, True
            i = norm.find(label, i + 1, pos)
        return None

    def _in_label_turn(self, cs: int, end: int, frames: list[_Frame]) -> bool:
        """Whether a paragraph under a label on its own line is the labelled person's
        speech: not when it has a source of its own or speaks of them in the third
        person (a cross-head's write-up: 王某说…, 他每天…)."""
        who = self.st.label_speaker or ""
        if any(f.kind != "block" for f in frames):
            return False
        if self.st.kinds.get(who) == "person":
            text = self.norm[cs:end]
            if who in text or (text[:1] in _PRONOUNS and text[1:2] != "们"):
                return False
        return True

    def _label_line(self, ptext: str, start: int) -> bool:
        """A heading that is only titles and a name (交通运输部部长唐某, 全国人大代表、
        某村党支部书记刘某): the person whose speech follows. Starts label mode."""
        if not self._titles_then_name(ptext) or _LABEL_SEP.split(ptext)[-1] == ptext and not split_title_prefix(ptext):
            return False
        last = _LABEL_SEP.split(ptext)[-1]
        split = split_title_prefix(last)
        name = split[1] if split else last
        self.known.setdefault(name, name)
        self._printed(name, start + ptext.rfind(name))
        st = self.st
        st.label_speaker, st.label_count = name, 0
        st.kinds.setdefault(name, "person")
        return True

    def _titles_then_name(self, label: str) -> bool:
        """Whether a label is a run of titles (separated by 、 or ,) ending with a
        titled name: 全国政协委员,某研究所所长李某 / 交通运输部部长唐某."""
        if label.endswith(")") and "(" in label:  # 王某(省人大代表、某县县长)
            name, titles = label[:-1].split("(", 1)
            return bool(split_titles(titles)) and (name in self.known or is_person_name(name, titled=True))
        pieces = _LABEL_SEP.split(label)
        if any(not ends_with_title(piece) for piece in pieces[:-1]):
            return False
        last = pieces[-1]
        split = split_title_prefix(last) if last else None
        return split is not None or (len(pieces) > 1 and (last in self.known or is_person_name(last)))

    # -- prose
    def _subject(self, b: int, e: int) -> Subject | None:
        """``parse_subject`` of ``norm[b:e]`` with the names known now. A reading
        depends on them only through those printed in the segment (in their order),
        so it is cached on the segment and those names (see ``_read_subject``):
        ``run``'s second reading of a verb reuses the first unless a name printed
        there has been learned in between, and segments such as 他说 recur."""
        seg = self.norm[b:e]
        known = self.known
        subj = _read_subject(seg, tuple([name for name in known if name in seg]) if known else (),
                             self.norm[b - 1:b] == "”")
        if subj is None or subj.kind != "name":
            return subj  # no offsets to move
        also = tuple([(n, at + b) for n, at in subj.also]) if subj.also else ()
        full = self._alias_of(subj.name)
        if full:  # 王代表说 → the 王某 introduced earlier
            return Subject("name", full, self.norm.find(full), True, also)
        return Subject("name", subj.name, subj.name_start + b, subj.titled, also)

    def _alias_of(self, name: str | None) -> str | None:
        """The full name a surname with a title stands for (王代表, 李县长, 周委员: a
        later reference to someone the document introduced), when exactly one known
        person fits: the only one with that surname, or the only one of them printed
        with that title. None when ``name`` is no such reference or none fits."""
        if not name or len(name) < 3 or not name.endswith(_ALIAS_TITLES):
            return None
        sur = surname_of(name)
        if not sur:
            return None
        title = name[len(sur):]
        if title not in _ALIAS_TITLES and not (title.endswith(_ALIAS_TITLES) and len(title) <= 4):
            return None
        fits = [n for n in self.known if n != name and surname_of(n) == sur and not self._alias_like(n)]
        if len(fits) > 1:
            fits = [n for n in fits if any(t.endswith(title) for t in self._titles(n))] or fits
        return fits[0] if len(fits) == 1 else None

    def _alias_like(self, name: str) -> bool:
        """Whether a known name is itself a surname with a title (王代表)."""
        sur = surname_of(name)
        return bool(sur) and name[len(sur):].endswith(_ALIAS_TITLES)

    def _learn_names(self, cs: int, end: int, prose: _ProseIndex) -> None:
        """Learn the names the frames of ``norm[cs:end]`` introduce, as ``_frames``
        does, without making the frames: each subject is read in the same order
        with the same names known. Frames matter to the names learned only through
        colon frames (a colon near a verb's frame is no frame of its own), so a
        paragraph with colon frames is read in full."""
        _spans, cues, colons, _colon = prose
        if colons:
            self._frames(cs, end, prose)
            return
        for _c0, _c1, e, b in cues:  # the cues do not overlap (one regex scan finds them)
            b = self._joint_start(cs, b)
            subj = self._subject(b, e)
            if subj is not None and subj.kind == "name" and subj.name:
                for name, at in ((subj.name, subj.name_start),) + subj.also:
                    self.known.setdefault(name, name)
                    self._printed(name, at)

    def _frames(self, cs: int, end: int, prose: _ProseIndex) -> list[_Frame]:
        """The frames of the prose ``norm[cs:end]``, whose index is ``prose``."""
        norm = self.norm
        spans, cues, colons, _colon = prose
        if not cues and not colons:
            return []
        frames: list[_Frame] = []
        for c0, c1, e, b in cues:
            if frames and c0 < frames[-1].cue[1]:
                continue
            b = self._joint_start(cs, b)
            subj = self._subject(b, e)
            if subj is None and b == e and norm[b - 1:b] == ",":
                subj = self._clause_subject(cs, b, spans, frames)
            if subj is None:
                continue
            pos = sentence_start(norm, b, cs, spans)
            orphan = orphan_close(norm, cs, b)
            if orphan is not None and orphan < b and subj.kind != "block":
                pos = cs  # the quotation closed here began at the paragraph start (or before)
            if subj.kind == "block" and not _opens_clause(norm[pos:b]):
                continue  # a group/document mentioned mid-sentence does not take over
            also = tuple([n for n, _ in subj.also]) if subj.also else ()
            frames.append(_Frame(pos, subj.kind, subj.name, (c0, c1), b, also))
            if subj.kind == "name" and subj.name:
                for name, at in ((subj.name, subj.name_start),) + subj.also:
                    self.known.setdefault(name, name)
                    self._printed(name, at)
        if colons:
            frames.extend(self._colon_frames(cs, colons, spans, frames))
            frames.sort(key=lambda f: f.cue[0])
        return frames

    def _clause_subject(self, cs: int, b: int, spans: list[tuple[int, int]],
                        frames: list[_Frame]) -> Subject | None:
        """The subject of a verb that opens a clause after a comma (她听后点头,说…):
        the pronoun or known name that opens the sentence, when no frame of the
        sentence has taken it already."""
        norm = self.norm
        pos = sentence_start(norm, b, cs, spans)
        if frames and frames[-1].pos >= pos:
            return None
        head = norm[pos:b]
        if head[:1] in _PRONOUNS and head[1:2] not in ("们", "的"):
            return Subject("pronoun", head[:1])
        for name in self.known:
            if head.startswith(name):
                return Subject("name", name, pos, False)
        return None

    def _joint_start(self, cs: int, b: int) -> int:
        """Move a subject's start back over co-subjects joined by "、"
        (省人大代表龙春梅、蒋国栋表示): each piece before a "、" must be a name,
        possibly with titles glued in front."""
        norm = self.norm
        while b - 1 > cs and norm[b - 1] == "、":
            a = _segment_start(norm, max(cs, b - 40), b - 1)
            piece = _LEAD_STRIP.sub("", norm[a:b - 1])
            found = _name_in(piece, self.known) if piece else None
            if not found or not piece.endswith(found[0]) or ends_with_title(piece):
                break
            b = a
        return b

    def _colon_frames(self, cs: int, colons: list[int], spans: list[tuple[int, int]],
                      have: list[_Frame]) -> list[_Frame]:
        """Frames with no verb, a name then a short description then a colon and a
        quotation: 刘小燕信心满满:“我们打算…”. ``colons`` are the offsets of the
        colons before a quotation, outside quotations, in the paragraph."""
        norm, out = self.norm, []
        taken = {f.cue[0] for f in have}
        for c in colons:
            if any(f.cue[0] <= c <= f.cue[1] + 1 for f in have):
                continue
            b = c
            while b > cs and c - b < 30 and norm[b - 1] not in _SEG_BOUND:
                b -= 1
            seg = norm[b:c]
            for k in range(min(len(seg), 20), 1, -1):
                head = _LEAD_STRIP.sub("", seg[:k])
                found = _name_in(head, self.known) if len(seg) - k <= 8 else None
                if found and (found[0] in self.known or found[1]) and b not in taken:
                    name = found[0]
                    out.append(_Frame(sentence_start(norm, b, cs, spans), "name", name, (c, c), b, ()))
                    self.known.setdefault(name, name)
                    self._printed(name, b + seg.rfind(name, 0, k))
                    break
        return out

    def _prose(self, cs: int, end: int, frames: list[_Frame]) -> None:
        st = self.st
        cur: tuple[str, int, _Frame, str] | None = None  # speaker, start, frame, attribution
        pieces: list[tuple[str, int, int, _Frame, str]] = []
        para_speaker: str | None = None
        for f in frames:
            if f.kind == "name":
                who, how = f.name, "explicit"
            elif f.kind == "pronoun":
                who = para_speaker or self._mentioned_before(cs, f.subject_start) or st.last_person
                who, how = st.antecedent(f.name, who), "pronoun"
            else:
                who, how = None, "block"
            if who is not None:
                st.last_person = who  # the antecedent of the next 他/她
            if cur and who == cur[0]:
                continue
            if cur:
                stop = max(f.pos, cur[1])
                if stop > cur[1]:
                    pieces.append((cur[0], cur[1], stop, cur[2], cur[3]))
                cur = None
            if who is None:
                continue
            cur = (who, f.pos, f, how)
            para_speaker = who
        if cur:
            pieces.append((cur[0], cur[1], end, cur[2], cur[3]))
        trimmed = []
        for who, s, e, f, how in pieces:
            e2 = self._narration_cut(f.cue[1], e)
            trimmed.append((who, s, e2, f, how))
            for name in (who,) + f.also:  # a joint subject: the same span for each person
                self._emit(s, e2, name, "person", f.cue, how, (f.subject_start, f.cue[1]))
        pieces = trimmed
        st.prev_speaker = pieces[-1][0] if pieces and pieces[-1][2] == end else None
        st.label_speaker = None

    def _narration_cut(self, after: int, end: int) -> int:
        """Where a statement stops before a sentence of third-person description
        (随后,他带领记者参观了园区。): a sentence opened by 他/她 with no reporting verb."""
        norm = self.norm
        if norm.find("他", after, end) < 0 and norm.find("她", after, end) < 0:
            return end  # _NARRATION needs a 他/她 before ``end`` (its lookahead stops there too)
        spans = quote_spans(norm, after, end)
        for m in _NARRATION.finditer(norm, after, end):
            s = m.end()
            if inside(m.end(), spans):
                continue
            sent_end = _SENTENCE_END.search(norm, s, end)
            sentence = norm[s:sent_end.end()] if sent_end else norm[s:end]
            if not _CUE_RE.search(sentence) and OPEN_Q not in sentence and not _INTENT.search(sentence):
                return s  # (a sentence quoting them, or giving their plans, still reports them)
        return end

    def _mentioned_before(self, cs: int, pos: int, titled_only: bool = False) -> str | None:
        """The last person named (with a title, or already known) in the paragraph before ``pos``."""
        if titled_only and not _TITLE_THEN_SURNAME.search(self.norm, cs, pos):
            return None  # no titled mention (see titled_mentions), found without copying the text
        best: tuple[int, str] | None = None
        seg = self.norm[cs:pos]
        for at, cand in titled_mentions(seg):
            if best is None or at > best[0]:
                best = (at, cand)
        for name in () if titled_only else self.known:
            i = seg.rfind(name)
            if i >= 0 and (best is None or i > best[0]):
                best = (i, name)
        if best is None:
            return None
        self._printed(best[1], cs + best[0])
        self.known.setdefault(best[1], best[1])
        return best[1]

    def _continues(self, cs: int, end: int) -> bool:
        """Whether a paragraph with no source of its own carries on the previous speaker."""
        text = self.norm[cs:end].strip()
        if not _has_cjk(text, 6) or _REPORTER_START.match(text) or _DOC_SOURCE_START.match(text):
            return False
        if text.endswith(("?", "?")) and not text.startswith(OPEN_Q):
            return False
        if text[:1] in "他她" and not text.startswith(OPEN_Q):
            return False
        prev = self.st.prev_speaker or ""
        if prev and text.startswith(prev):
            return False
        if not text.startswith(OPEN_Q):
            # the reporter describing people: a known person named, or a group (两人, 两位代表,
            # 他们) as the subject of the first sentence, outside quotations
            first = _STOP.search(text)
            head = text[:first.end()] if first else text
            q = head.find(OPEN_Q)
            head = head if q < 0 else head[:q]
            if _GROUP_SUBJECT.search(head):
                return False
            for name in self.known:
                if name in head:
                    return False
        return True

    def _describes(self, cs: int, end: int, who: str) -> bool:
        """Whether a paragraph with no source is the reporter describing ``who`` (named,
        or as the 他/她 they were taken up by) and no one else: their reported speech may
        go on in the next paragraph (作为一名老干部,王某对社区了如指掌。/ “…”)."""
        text = self.norm[cs:end]
        if len(text) > 120 or _GROUP_SUBJECT.search(text) or OPEN_Q in text:
            return False
        if any(name in text for name in self.known if name != who and who not in name):
            return False
        pronoun = self.st.gender.get(who)
        return who in text or (pronoun is not None and text.startswith(pronoun) and text[1:2] != "们")

    # -- output
    def _final_statements(self) -> list[Statement]:
        printed = self.st.printed
        out = []
        for char_start, char_end, speaker, quote, cue, attribution, section in self.st.statements:
            out.append(Statement(char_start, char_end, printed.get(speaker, speaker), quote, cue, attribution, section))
        return out

    def _titles(self, name: str) -> list[str]:
        """Every title printed for ``name`` in the document, in order, deduped."""
        norm, text = self.norm, self.text
        seen: dict[str, tuple[int, str]] = {}  # normalised title → (offset, printed)
        start = 0
        while True:
            i = norm.find(name, start)
            if i < 0:
                break
            start = i + len(name)
            j = i
            while j > 0 and norm[j - 1] in " ":
                j -= 1
            if j < i and j > 0 and norm[j - 1] == "\n":
                j = i  # a name starting a line has no titles before it
            # back from j over at most 80 characters to just after a stop (_SEG_RUN's way)
            k = j - _TITLE_RUN.match(norm[max(0, j - 80):j][::-1]).end()
            while k > 1 and norm[k - 1] == "," and ends_with_title(norm[max(0, k - 40):k - 1]) and j - k < 80:
                k2 = k - 1
                while k2 > 0 and norm[k2 - 1] not in ",。;:!?“”‘’()《》\n":
                    k2 -= 1
                if not split_titles(norm[k2:k - 1]):
                    break
                k = k2
            seg = self._strip_co_names(norm[k:j])
            for t_s, t_e in _title_offsets(seg):
                t = norm[k + t_s:k + t_e]
                seen.setdefault(t, (k + t_s, text[k + t_s:k + t_e]))
            m = _POST_TITLE_AT.match(norm, start)
            post = m.group() if m else None
            if post and post not in COURTESY and norm[start + len(post):start + len(post) + 1] not in _NOT_AFTER_POST:
                seen.setdefault(post, (start, text[start:start + len(post)]))
            if norm[start:start + 1] == ",":
                stop = _TITLE_STOP.search(norm[start + 1:start + 61])
                run = norm[start + 1:start + 1 + stop.start()] if stop else ""
                offs = _title_offsets(run)
                if offs and offs[0][0] == 0:
                    for t_s, t_e in offs:
                        seen.setdefault(norm[start + 1 + t_s:start + 1 + t_e], (start + 1 + t_s, text[start + 1 + t_s:start + 1 + t_e]))
            if norm[start:start + 1] == "(":
                close = norm.find(")", start, start + 60)
                if close > 0:
                    for t_s, t_e in _title_offsets(norm[start + 1:close]):
                        seen.setdefault(norm[start + 1 + t_s:start + 1 + t_e], (start + 1 + t_s, text[start + 1 + t_s:start + 1 + t_e]))
        for t_s, t_e in self.introduced.get(name, ()):
            seen.setdefault(norm[t_s:t_e], (t_s, text[t_s:t_e]))
        return [printed for _at, printed in sorted(seen.values())]

    def _strip_co_names(self, seg: str) -> str:
        """Titles printed before a joint subject apply to each name in it:
        "省人大代表龙春梅、" (before 蒋国栋) → "省人大代表"."""
        while seg.endswith("、"):
            piece = _TITLE_SEP.split(seg[:-1])[-1]
            found = _name_in(piece, self.known) if piece else None
            if not found or not piece.endswith(found[0]) or ends_with_title(piece) or found[0] not in self.known:
                break
            seg = seg[:-1 - len(found[0])]
        return seg

    def _speakers(self) -> list[Speaker]:
        out: list[Speaker] = []
        people = [s.speaker for s in self.st.statements if self.st.kinds.get(s.speaker, "person") == "person"]
        self.introduced = introduced_titles(self.norm, dict.fromkeys(people))
        for name in dict.fromkeys([s.speaker for s in self.st.statements]):
            kind = self.st.kinds.get(name, "person")
            printed = self.st.printed.get(name, name)
            if kind == "outlet":
                out.append(_speaker(printed, (), None, None, None, "outlet"))
                continue
            titles = tuple([t for t in self._titles(name) if not _is_description(t)])
            org, region = _org_region(titles)
            out.append(_speaker(printed, titles, org, region, name_pinyin(name), "person"))
        return out


def _speaker(name: str, titles: tuple[str, ...], organization: str | None, region: str | None,
             pinyin: str | None, kind: str) -> Speaker:
    """``Speaker(name, titles, organization, region, pinyin, kind)``."""
    return Speaker(name, titles, organization, region, pinyin, kind)


@lru_cache(maxsize=4096)
def _normalized_title(title: str) -> str:
    """``normalize`` for a printed title (cached: the same titles recur in every document)."""
    return normalize(title)


@lru_cache(maxsize=4096)
def _is_description(title: str) -> bool:
    """Whether a printed title describes someone (返乡青年) rather than names an office (cached)."""
    return is_descriptive_title(_normalized_title(title))


@lru_cache(maxsize=4096)
def _org_region(titles: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Organization and region from the office title, as printed (both are
    prefixes of the title, so they are cut from the printed form). Cached: a
    speaker's titles recur in the documents that quote them."""
    norm_titles = [_normalized_title(t) for t in titles]
    office = office_title(norm_titles)
    if office is None:
        return None, None
    printed = titles[norm_titles.index(office)]
    org, region = organization_of(office), region_of(office)
    return (printed[:len(org)] if org else None), (printed[:len(region)] if region else None)


_SUBTITLE_PERSON = re.compile(rf"(?:——|--|—)\s*(?:专访|访|记|对话)([{CJK}A-Za-z0-9、·()]{{2,40}})\s*$")
_NARRATION = re.compile(r"[。!?;]”?(?=(?:(?:随后|之后|此后|接着|说完|说罢|采访中|采访结束时|如今|目前|平时|近年来),?"
                        r"|[^,。!?;:“”\n]{1,8},)?[他她](?!们))")  # …。这些年,她一直为…奔走
# Verbs that report a person's intentions (他打算…, 她计划…): reported speech, not description
_INTENT = re.compile(r"打算|计划|准备|希望|想要|决心|力争|期待|期盼|盼望|呼吁|建议")
_TITLED_NAME_START = re.compile(alternation([t for t in TITLE_SUFFIXES if len(t) >= 2]) + rf"(?=[{CJK}])")
# What every titled mention holds: the last character of a title word right before
# the first character of a surname. One character-class scan finds it (or finds that
# a paragraph has none, as most have) where _TITLED_NAME_START tries a hundred words
# at every character that can open one.
_TITLE_THEN_SURNAME = re.compile(
    "[" + "".join(sorted({t[-1] for t in TITLE_SUFFIXES if len(t) >= 2})) + "]"
    "[" + "".join(sorted(SURNAMES | {c[0] for c in COMPOUND_SURNAMES})) + "]"
)
# Words before a title that belong to the sentence, not to the title: …采访了 / 作为 / 一位是 /
# 和 (…,和全国政协委员、某集团董事长韩某) / 据 at the start (据市长某某介绍)
_LEAD_JUNK = re.compile(r".*?(?:采访|专访|见到|找到|遇到|拜访|来到|作为|对话|邀请|成为|担任|出任|当选|是)了?")
_LEAD_CONJ = ("以及", "据", "和", "与", "及", "同")


_AFTER_NAME = set("则也还就都更又是在对从把将已曾正等和、的向说表认介指强坦透谈这今近去每多一长带所")


def titled_mentions(seg: str, loose: bool = False) -> list[tuple[int, str]]:
    """(offset, name) of every name printed right after a title in ``seg``
    (…理事长梁嘉欣则关注民生 → 梁嘉欣): the name must end at punctuation, the
    text end or a particle/verb that commonly follows a subject (any
    character when ``loose``)."""
    out: list[tuple[int, str]] = []
    if not _TITLE_THEN_SURNAME.search(seg):  # a name found below opens with a surname
        return out
    for m in _TITLED_NAME_START.finditer(seg):
        s = m.end()
        for n in (3, 2, 4):
            cand = seg[s:s + n]
            if len(cand) < n or not _CJK_RUN.fullmatch(cand):
                continue
            after = seg[s + n:s + n + 1]
            if not loose and after and _CJK_CHAR.match(after) and after not in _AFTER_NAME:
                continue
            if n == 4 and cand[:2] not in COMPOUND_SURNAME_SET:
                continue
            if surname_of(cand) and is_person_name(cand, titled=True):
                out.append((s, cand))
                break
    return out


class _Cue(NamedTuple):
    """A reporting verb that passed the checks that need no names, and the
    stretch before it where its subject may be printed."""

    start: int
    end: int
    subject_end: int  # where the subject ends (before an aside such as 张三(化名)说)
    subject_start: int  # the furthest back it begins (before co-subjects joined by 、)


class _ProseIndex(NamedTuple):
    """What a paragraph's prose holds regardless of the names known."""

    spans: list[tuple[int, int]]  # top-level quotations
    cues: list[_Cue]  # candidate reporting verbs, in order
    colons: list[int]  # colons that open a quotation (刘小燕信心满满:“…”), outside quotations
    colon: bool  # whether the prose holds a colon at all (``_Doc._label`` asks too)

    @classmethod
    def of(cls, norm: str, cs: int, end: int) -> _ProseIndex:
        """The index of the prose ``norm[cs:end]``."""
        spans = quote_spans(norm, cs, end)
        colon = norm.find(":", cs, end) >= 0
        colons = [] if not colon else [  # most prose has no colon at all
            m.start() for m in _COLON_QUOTE.finditer(norm, cs, end) if not inside(m.start(), spans)]
        return cls(spans, _cue_candidates(norm, cs, end, spans), colons, colon)


def _cue_candidates(norm: str, cs: int, end: int, spans: list[tuple[int, int]]) -> list[_Cue]:
    """Reporting verbs in the prose ``norm[cs:end]`` outside quotations, minus
    nominal uses (张三提出的建议, 所介绍), 说/称 in other words, and 看来 outside 在X看来."""
    out: list[_Cue] = []
    for m in _CUE_RE.finditer(norm, cs, end):
        c0, c1 = m.start(), m.end()
        if spans and inside(c0, spans):
            continue
        word = m.group()
        if word.startswith("说") or word == "说道":
            nxt = norm[c1:c1 + 1]
            if norm[c0 - 1:c0] in _SAY_PREV_BAD:
                continue
            if nxt and nxt not in _SAY_NEXT and (norm[c0 - 1:c0] != "," or _in_word(norm[c1 - 1:c1 + 1])):
                continue  # 说 glued to its object only right after a comma (她点头,说这正是…), never 说明
        if word.startswith("称") and (norm[c1:c1 + 1] in _CHENG_NEXT_BAD or _in_word(norm[c0 - 1:c0 + 1])):
            continue  # 称赞, 称为; 职称, 名称, 简称: a word that holds 称 is no verb of saying
        if c1 == end or norm[c1] in "。!?;":
            # a verb that ends its sentence reports nothing of its own: it closes a quotation
            # ("…。”张三说。") or is no reporting verb at all (人民的向往和期盼。)
            q = max(norm.rfind("”", cs, c0), norm.rfind("’", cs, c0))
            if q < 0 or _SENTENCE_END.search(norm, q, c0):
                stop = None
                for stop in _SENTENCE_END.finditer(norm, cs, c0):
                    pass
                if norm.find(",", stop.end() if stop else cs, c0) < 0:
                    continue
        if norm[c1:c1 + 1] == "的" or norm[c0 - 1:c0] in ("的", "所", "被"):
            continue  # nominal use: 张三提出的建议, 所介绍
        e = c0
        if norm[e - 1:e] == ")":  # 张三(化名)说
            o = norm.rfind("(", max(cs, e - 40), e)
            if o > cs:
                e = o
        # back from e over at most 48 characters, to just after a segment boundary: the run
        # of non-boundary characters that ends the window, read forwards in its mirror image
        lo = max(cs, e - 48)
        b = e - _SEG_RUN.match(norm[lo:e][::-1]).end()
        if word == "看来":
            if not _kanlai_frame(norm, cs, b):
                continue
            b += norm[b:b + 1] == "在"
        out.append(_Cue(c0, c1, e, b))
    return out


# The opening of a government work report read to an assembly: 我代表省人民政府向大会报告工作
# (any body's work report read out: government, 人大常委会, 法院 …; 受…委托,我向大会报告)
_REPORT_OPENING = re.compile(
    r"(?:我代表[^。\n“”]{0,30}?|受[^。\n“”]{0,30}?委托[,]?我)向(?:大会|本次会议|全会)(?:作|做)?[^。\n“”]{0,16}?报告")
_REPORT_REACH = 8000  # the opening stands near the top, after the title and page header


def _work_report_at(norm: str) -> int | None:
    """Where a government work report begins (the paragraph of its opening words), or
    None when the text is no such report. A report's words belong to no speaker."""
    if norm.find("报告", 0, _REPORT_REACH) < 0:
        return None
    m = _REPORT_OPENING.search(norm, 0, _REPORT_REACH)
    if not m:
        return None
    line = norm.rfind("\n", 0, m.start()) + 1
    before = norm[line:m.start()]
    if before.count(OPEN_Q) > before.count("”"):
        return None  # the opening words quoted in a news story about the report
    return line


def _in_word(pair: str) -> bool:
    """Whether two characters make an everyday word (职称, 名称): then the second is
    part of that word, not a verb of its own."""
    return len(pair) == 2 and pair in two_character_words()


def _segment_start(norm: str, lo: int, end: int) -> int:
    """Where the run of characters outside _SEG_BOUND that ends at ``end`` begins,
    looking no further back than ``lo``: the character loop
    ``while a > lo and norm[a - 1] not in _SEG_BOUND: a -= 1`` from ``a = end``,
    as one regex match over the window read backwards (its mirror image)."""
    return end - _SEG_RUN.match(norm[lo:end][::-1]).end()


def _opens_clause(prefix: str) -> bool:
    """Whether a subject after ``prefix`` (the sentence so far) opens it: nothing
    before it, or only a lead-in such as 采访中, / 会上, / 对此, with no verb of saying."""
    p = prefix.strip(" ,")
    if not _CJK_CHAR.search(p):
        return True
    return bool(_LEAD_STRIP.fullmatch(p)) or (prefix.rstrip().endswith(",") and len(p) <= 6 and not _CUE_RE.search(p))


def _kanlai_frame(norm: str, cs: int, b: int) -> bool:
    """Whether 看来 closes a frame 在X看来: the clause before it opens with 在."""
    k = b
    while k > cs and norm[k - 1] not in ",。;:!?“”\n":
        k -= 1
    return norm[k:k + 1] == "在"


@lru_cache(maxsize=8192)
def _title_offsets(seg: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the titles in a printed run before a name (split on 、 and ,).
    Cached: the same runs of titles are printed before a name again and again."""
    out: list[tuple[int, int]] = []
    pos = len(seg)
    for piece in reversed(_TITLE_SEP_KEPT.split(seg)):
        pos -= len(piece)
        if piece in ("、", ","):
            continue
        s, e = pos, pos + len(piece)
        while s < e and seg[s] in " ()":
            s += 1
        while e > s and seg[e - 1] in " ()":
            e -= 1
        if "的" in seg[s:e] and ends_with_title(seg[s:e]):  # 在医院工作多年的护士长 → 护士长
            s = seg.rindex("的", s, e) + 1
        if seg[s:s + 1] == "在" and e - s > 3:  # 在全国政协委员、… 看来
            s += 1
        if s == 0 and seg.startswith(("专访", "对话", "访", "记")) and not seg.startswith("记者") and e > 3:  # a subtitle: ——访市人大代表、…
            s = 2 if seg.startswith(("专访", "对话")) else 1
        if seg.startswith(_LEAD_CONJ, s) and e - s > 3:  # …,和全国政协委员、… (but 和平社区…)
            conj = 2 if seg.startswith("以及", s) else 1
            pair = seg[s + conj - 1:s + conj + 1]
            if not _in_word(pair) and not is_common_word(pair):
                s += conj
        if s == e or not ends_with_title(seg[s:e]) or e - s > 30:
            break
        j = _LEAD_JUNK.match(seg, s, e)
        if j and j.end() < e and ends_with_title(seg[j.end():e]):
            s = j.end()
            out.append((s, e))
            break
        out.append((s, e))
    return tuple(reversed(out))


def extract_speech(text: str, *, outlet: str | None = None) -> SpeechResult:
    """Statements (char offsets into ``text``) and their speakers, one per person per document.
    ``outlet`` (documents.outlet) names the paper that credits such as 本报记者 stand for,
    so that role-labelled questions (记者:, 问:) go to it."""
    if not text or not text.strip():
        return SpeechResult()
    return _Doc(text, outlet).run()
