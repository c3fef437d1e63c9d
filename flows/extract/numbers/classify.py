"""Goal or fact, and the year of the figure.

Tense cues of the text (力争, 将, 已, 同比 …, and the time phrases) and the
document context (a work report's sections: review, five-year plan, this year;
paragraph openings that switch between them) decide whether a quantity is a
goal (forward-looking) or a fact (past or present) and which year it is of
(``_classify``, ``_year_for``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat

from flows.extract.numbers.index import _match_start
from flows.extract.numbers.times import _TIME_RE, TimePhrase
from flows.extract.numbers.words import words
from flows.extract.text.document import PLAN5, REVIEW, YEAR, DocContext
from flows.extract.text.firstchars import first_chars

_GOAL_STRONG = re.compile(
    r"力争|争取|确保|目标|预期(?!寿命)|计划|预计|将(?<![即必]将)(?![近其之来])|拟|要(?<![主重需必只纲摘提首紧简想不]要)(?![素求点闻害件领是])"
    r"|努力|力求|规划|年后|下一步|未来|明年|年内|奋斗|打算|准备(?![金好])|有望|希望|呼吁"
    r"|建议(?<![件条份个项的些、和及与]建议)(?![书稿案和、与及]|\d|[一二三四五六七八九十两百千]+[件条项])"
)

_FACT_STRONG = re.compile(
    r"已(?<![而得业]已)(?!经)|已经|现有|目前|当前|截至|截止|去年(?<![比较]去年)|上年(?<![比较同]上年)|前年(?<![比较]前年)|过去|以来"
    r"|五年来|近年来|一年来"
    r"|同比|完成了|实现了|达到了|增长了|提高了|下降了|增加了|降低了|突破了|创历史"
    r"|共(?:收到|接待|受理|办理|举办|开展|签约|引进|完成|实现|征集|提交|提出|审议|通过)|了(?<![为除]了)(?=[约近超逾]?\d)"
    r"|创新高|获评|获批|荣获|位居|位列|居全国|居全省|居西部|建成了|现已"
)

_FACT_WEAK = re.compile("|".join(words("fact_cues_weak")))

_GOAL_WEAK = re.compile("|".join(words("goal_cues_weak")))

# headings and paragraph openings that switch between review and plan
_REVIEW_HEAD = re.compile(r"回顾|过去一年|过去五年|五年来|一年来|成绩|成就|取得")

_PLAN_HEAD = re.compile(r"安排|任务|目标|计划|展望|部署|思路|重点工作|今年|主要预期|建议|总体要求")

_REVIEW_OPEN = re.compile(
    r"^(?:[一二三四五六七八九十]+、)?(?:过去一年|一年来|过去五年|五年来|回顾过去|(?:19|20)\d\d年[，,是])"
)

_PLAN_OPEN = re.compile(
    r"今年(?:是|经济社会发展|政府工作|全市|全省|全区|全县|的?主要预期目标|发展的主要预期目标)|主要预期目标"
)

_REVIEW_OPEN_FIRST = frozenset(first_chars(_REVIEW_OPEN))  # derived: most paragraphs skip the look-up

_HEAD_PUNCT_RE = re.compile(r"[，,；;]")

_QA_LABEL_RE = re.compile(r"(?:记者|主持人|问|答)[：:]")

_YEAR_WORD_RE = re.compile(r"((?:19|20)\d\d)年")

_FYP_RE = re.compile(r"十([一二三四五六])五")

_SENT_SPLIT_RE = re.compile(r"[。！？]")


def _first_sentence_end(p: str) -> int:
    """Where the first sentence of ``p`` ends (its 。！？, else the end):
    ``len(_SENT_SPLIT_RE.split(p, maxsplit=1)[0])`` without the copies."""
    m = _SENT_SPLIT_RE.search(p)
    return m.start() if m else len(p)


@dataclass(frozen=True)
class _Mode:
    kind: str | None  # "goal" | "fact" | None
    year: int | None
    horizon: str | None
    # set by a work report's section (flows.extract.text.document): the section's role
    # decides goal or fact unless the clause's own time or tense says otherwise
    firm: bool = False


_ROLE_KIND = {REVIEW: "fact", PLAN5: "goal", YEAR: "goal"}


def _context_modes(context: DocContext | None) -> list[tuple[int, int, _Mode]]:
    """(start, end, firm mode) of each section of a work report with a known role."""
    if context is None or not context.is_report:
        return []
    return [
        (s.start, s.end, _Mode(_ROLE_KIND[s.role], s.year, None, True))
        for s in context.sections
        if s.role in _ROLE_KIND
    ]


# in a plan section, what makes a figure a fact: a word of the present or the past
# printed in its clause before it (全省已建成…, 目前…)
_PLAN_FACT_WORD_RE = re.compile(r"已(?<![而得业]已)|已经|现有|目前|当前|截至|截止|过去|如今")

_PAST_TIME_KINDS = ("last", "since", "since_year")


def _firm_kind(times: _Times, t: str, kind: str, mode: _Mode, pos: int, frame: Frame) -> str:
    """Goal or fact in a section whose role is known: the role's kind, unless
    the clause's own time phrase points forward (a goal in a review) or a time
    phrase or present/past word before the figure points back (a fact in a plan)."""
    if kind == mode.kind or mode.kind is None:
        return kind
    tps, tp_starts, doc_year = times.tps, times.starts, times.doc_year
    clause, part_a = frame[2], frame[1][0]
    if mode.kind == "fact":
        for tp in tps[bisect_left(tp_starts, clause[0]) : bisect_left(tp_starts, clause[1])]:
            if (
                tp.kind in ("after", "next")
                or tp.kind in ("until", "plan")
                and tp.year
                and doc_year
                and tp.year > doc_year
            ):
                return "goal"
        return "fact"
    for tp in tps[bisect_left(tp_starts, part_a) : bisect_left(tp_starts, pos)]:
        if (
            tp.kind in _PAST_TIME_KINDS
            or tp.kind == "multi"
            and tp.text not in _SPAN_WORDS
            or tp.kind in ("until", "date")
            and tp.year
            and doc_year
            and tp.year < doc_year
        ):
            return "fact"
    if _PLAN_FACT_WORD_RE.search(t, clause[0], pos):
        return "fact"
    return "goal"


def _section_modes(
    text: str,
    doc_year: int | None,
    is_report: bool = True,
    paras: list[str] | None = None,
    until: int | None = None,
) -> list[tuple[int, _Mode]]:
    """(paragraph start, mode) for each paragraph: whether plain sentences
    there are a review (facts) or a plan (goals), and the year they cover.

    Headings set the mode until the next heading. A paragraph opening
    (过去一年…, 今年…主要预期目标是) sets it for the rest of a work report, but
    only for its own paragraph in news, where the next paragraph may quote
    anyone about anything. ``paras``: ``text.split("\n")`` when at hand.
    ``until``: the last position a mode is asked for; the paragraphs after it are not read."""
    modes: list[tuple[int, _Mode]] = []
    mode = _Mode(None, None, None)
    head_mode = mode
    pos = 0
    for para in paras if paras is not None else text.split("\n"):
        if until is not None and pos > until:
            break  # past the last figure: no mode is looked up there
        if not is_report:
            mode = head_mode
        start = pos
        pos += len(para) + 1
        p = para.strip()
        if not p:
            modes.append((start, mode))
            continue
        is_heading = (
            len(p) < 50
            and "。" not in p
            and not _HEAD_PUNCT_RE.search(p)
            and not p.endswith(("？", "?"))
            and not _QA_LABEL_RE.match(p)
        )  # a question is no heading
        if is_heading:
            years = [int(y) for y in _YEAR_WORD_RE.findall(p[:40])]
            plan = _FYP_RE.search(p[:40])
            if plan and not years:
                years = [2005 + 5 * ("一二三四五六".index(plan.group(1)) + 1)]  # “十五五”时期主要目标 -> 2030
            if _REVIEW_HEAD.search(p):
                if "五年" in p or plan:
                    mode = _Mode("fact", None, None)
                else:
                    y = years[0] if years else (doc_year - 1 if doc_year else None)
                    mode = _Mode("fact", y, None)
            elif _PLAN_HEAD.search(p) and (years or "今年" in p or "安排" in p or "主要预期" in p or "任务" in p):
                y = years[-1] if years else doc_year
                mode = _Mode("goal", y, None)
            head_mode = mode
            modes.append((start, mode))
            continue
        m = _REVIEW_OPEN.match(p) if p[0] in _REVIEW_OPEN_FIRST else None
        if m:
            years = [int(y) for y in _YEAR_WORD_RE.findall(p[:40])]
            if "五年" in m.group(0):
                mode = _Mode("fact", None, None)
            elif years and p[:30].find(f"{years[0]}年") >= 0 and doc_year and years[0] < doc_year:
                mode = _Mode("fact", years[0], f"{years[0]}年")
            elif not years:
                mode = _Mode("fact", doc_year - 1 if doc_year else None, None)
        elif _PLAN_OPEN.search(p, 0, _first_sentence_end(p)):
            mode = _Mode("goal", doc_year, "今年")
        modes.append((start, mode))
    return modes


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """True when ``pos`` lies inside one of the sorted ``spans``."""
    k = bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_PARA_CUE_RE = re.compile(r"力争|争取|确保|将|已|目前|现有|计划(?![报书表单])|预计|拟")


def _worded_cues(
    t: str,
    patterns: tuple[tuple[re.Pattern[str], str], ...],
    names: list[tuple[int, int]] | None,
    spans: list[tuple[int, int]] | None,
) -> list[tuple[int, str]]:
    """(position, kind) of the matches of each (pattern, kind) in the whole text
    (or in the paragraphs ``spans``: no cue word holds a newline), outside
    ``names``, unsorted."""
    out: list[tuple[int, str]] = []
    for rx, kind in patterns:
        for a, b in spans if spans is not None else ((0, len(t)),):
            out.extend(zip(map(_match_start, rx.finditer(t, a, b)), repeat(kind)))
    if names:
        starts = [a for a, _ in names]
        out = [c for c in out if not _inside(names, starts, c[0])]  # “确保6月底完工” is a slogan
    return out


def _weak_cues(
    t: str, names: list[tuple[int, int]] | None, spans: list[tuple[int, int]] | None
) -> list[tuple[int, str]]:
    """Weak tense cues (比上年, 推进 …) as ``_worded_cues``, sorted by position."""
    return sorted(_worded_cues(t, ((_GOAL_WEAK, "goal"), (_FACT_WEAK, "fact")), names, spans))


def _cues(
    t: str,
    tps: list[TimePhrase],
    doc_year: int | None,
    names: list[tuple[int, int]] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Strong tense cues of the whole text (or of the paragraphs ``spans``),
    sorted by position: (strong, para) lists of (position, "goal" | "fact").
    Time phrases count too: 到2030年, 五年后, 明年 point forward; 去年, 五年来,
    今年以来 and past years point back. ``para`` holds the cues sure enough to
    reach later sentences of the paragraph: time phrases and a few modal
    words (将, 力争, 已)."""
    strong = _worded_cues(t, ((_GOAL_STRONG, "goal"), (_FACT_STRONG, "fact")), names, spans)
    worded = len(strong)
    for tp in tps:
        if tp.kind in ("after", "next"):
            strong.append((tp.start, "goal"))
        elif tp.kind in ("last", "multi", "since", "since_year") and tp.text not in ("年均", "累计"):
            strong.append((tp.start, "fact"))  # 年均增长5%以上, 累计新增 … are as common in plans as in reviews
        elif tp.kind in ("until", "plan") and tp.year and doc_year:
            if tp.year > doc_year:
                strong.append((tp.start, "goal"))
            elif tp.year < doc_year:
                strong.append((tp.start, "fact"))
    # the cues of time phrases start a _TIME_RE match (where find_time_phrases found them)
    para = [c for c in strong[:worded] if _PARA_CUE_RE.match(t, c[0]) or _TIME_RE.match(t, c[0])]
    para += strong[worded:]
    strong.sort()
    para.sort()
    return strong, para


def _last_cue(cues: list[tuple[int, str]], keys: list[int], a: int, b: int) -> str | None:
    """Kind of the last cue in [a, b)."""
    i = bisect_left(keys, b) - 1
    if i >= 0 and cues[i][0] >= a:
        return cues[i][1]
    return None


def _first_cue(cues: list[tuple[int, str]], keys: list[int], a: int, b: int) -> str | None:
    """Kind of the first cue in [a, b)."""
    i = bisect_left(keys, a)
    if i < len(cues) and cues[i][0] < b:
        return cues[i][1]
    return None


# (sentence, ；-part, clause, start of the 、-item, start of the paragraph) around a
# position, each as _Index.frame gives it (the item and paragraph starts may be None)
Frame = tuple[tuple[int, int], tuple[int, int], tuple[int, int], int, "int | None"]


@dataclass(frozen=True)
class _Times:
    """What deciding goal or fact and the year reads of one document: its time
    phrases with their sorted starts, its tense cues (strong, para; see
    ``_cues``) with their sorted positions, its publication year, and the
    text, names and paragraphs its weak cues are read from."""

    tps: list[TimePhrase]
    starts: list[int]
    cues: tuple[list[tuple[int, str]], ...]
    keys: tuple[list[int], ...]
    doc_year: int | None
    text: str
    names: list[tuple[int, int]] | None
    spans: list[tuple[int, int]] | None

    @cached_property
    def weak(self) -> tuple[list[tuple[int, str]], list[int]]:
        """The weak cues with their positions: read only when asked, as few documents reach them."""
        cues = _weak_cues(self.text, self.names, self.spans)
        return cues, [p for p, _ in cues]


def _classify(
    times: _Times, frame: Frame, pos: int, end: int, mode: _Mode, is_range: bool, quote_at: int | None = None
) -> str:
    """ "goal" or "fact" for the number at ``pos`` from the nearest tense cue:
    same clause, then the part and sentence before it, then after it, then
    the earlier sentences of its paragraph ("去年…。实际使用外资约8260亿元"),
    then the section's mode; weak cues only when no strong one; plain figures
    default to facts (ranges to goals)."""
    cues, keys = times.cues, times.keys
    (sent_a, sent_b), (part_a, _), (clause_a, _), _, para_a = frame
    quote_b = sent_b if quote_at is None or not end <= quote_at < sent_b else quote_at
    # the last cue in the clause, else in the part, else in the sentence before
    # it: when these ranges adjoin (as the frame gives them) the last in [sent_a, pos)
    before = (
        ((sent_a, pos),)
        if sent_a <= part_a <= clause_a <= pos
        else ((clause_a, pos), (part_a, clause_a), (sent_a, part_a))
    )
    for tier in (0, 1):
        c, k = (cues[0], keys[0]) if tier == 0 else times.weak
        for a, b in before:
            kind = _last_cue(c, k, a, b)
            if kind:
                return kind
        kind = _first_cue(c, k, end, quote_b)
        if kind:
            return kind
        if tier == 0 and para_a is not None and para_a < sent_a:
            kind = _last_cue(cues[1], keys[1], para_a, sent_a)
            if kind:
                return kind
        if mode.kind:
            return mode.kind
    return "goal" if is_range else "fact"


_SPAN_WORDS = ("年均", "累计")  # time words that do not date a plan: 到2030年…年均增长5%

_FACT_TIME_KINDS = ("last", "until", "date", "this", "multi", "since", "since_year", "now")


def _year_for(
    times: _Times, kind: str, pos: int, frame: Frame, mode: _Mode, present: bool = False, use_paragraph: bool = True
) -> tuple[int | None, str | None]:
    """(year, horizon) for a quantity: the clause's own time phrase, else one
    in its ；-part, else one earlier in the sentence, else (unless not
    ``use_paragraph``) the last one in the earlier sentences of its paragraph,
    else the section's year."""
    tps, starts, doc_year = times.tps, times.starts, times.doc_year
    sent, part, clause, _, para_a = frame
    if not use_paragraph:
        para_a = None

    def pick(a: int, b: int, before_only: bool = False) -> TimePhrase | None:
        """The last usable time phrase in [a, b) before ``pos``, else the first
        after it (unless ``before_only``)."""
        lo, hi = bisect_left(starts, a), bisect_left(starts, b)
        mid = bisect_left(starts, pos, lo, hi)  # phrases before pos: [lo, mid)
        for i in range(mid - 1, lo - 1, -1):
            tp = tps[i]
            if tp.text not in _SPAN_WORDS and (tp.kind != "of" or tp.end + 1 == pos):
                return tp
        if before_only:
            return None
        for i in range(mid, hi):
            tp = tps[i]
            if tp.text not in _SPAN_WORDS and (tp.kind != "of" or tp.end + 1 == pos):
                if a <= pos < b and not (clause[0] <= tp.start < clause[1]) and tp.kind == "until":
                    return None  # a later clause with its own year contrasts with this one
                if tp.kind == "plan" and not (clause[0] <= tp.start < clause[1]):
                    continue  # …与国家“十五五”考核目标衔接: a plan named later in the sentence dates no earlier figure
                return tp
        return None

    if kind == "fact":
        for i in range(bisect_left(starts, pos) - 1, bisect_left(starts, clause[0]) - 1, -1):
            if tps[i].text in _SPAN_WORDS:
                return None, tps[i].text  # 累计, 年均: a figure over several years
    tp = pick(*clause) or pick(*part) or pick(sent[0], part[0], True)
    if tp is None and kind == "goal" and para_a is not None and para_a < sent[0]:
        # 报告明确，今年将…。其中，…力争新增企业200家: the plan's time covers its paragraph
        back = [
            p
            for p in tps[bisect_left(starts, para_a) : bisect_left(starts, sent[0])]
            if p.opens
            and (
                p.kind in ("this", "next", "after", "plan")
                or p.kind == "until"
                and doc_year
                and p.year
                and p.year >= doc_year
            )
        ]
        tp = back[-1] if back else None
    if tp is None and kind == "fact" and para_a is not None and para_a < sent[0] and not present:
        back = [
            p
            for p in tps[bisect_left(starts, para_a) : bisect_left(starts, sent[0])]
            if p.kind in _FACT_TIME_KINDS
            and p.kind != "of"
            and not (p.kind in ("until", "date") and doc_year and p.year and p.year > doc_year)
            and p.opens
        ]
        tp = back[-1] if back else None
    if tp is None:
        if mode.kind == kind and mode.year is not None:
            return mode.year, mode.horizon
        return None, None
    if tp.kind == "plan" and kind == "fact" and "时期" in tp.text and not tp.text.endswith("末"):
        return None, tp.text  # “十四五”时期 figures span the five years
    if tp.kind in ("multi", "now", "vague", "since_year"):
        if tp.kind == "multi" and kind == "goal":
            return (mode.year if mode.kind == "goal" else None), tp.text
        return None, tp.text
    if tp.kind == "this" and kind == "fact" and mode.kind == "fact" and mode.year:
        return mode.year, tp.text
    return tp.year, tp.text
