"""Document context: who reports, what kind of document it is, and how it is built.

``document_context(text, title, outlet, year)`` reads, once per document:

- ``jurisdiction``: the place whose government reports (北京市, 广西壮族自治区),
  from the sidecar's title (2026年X政府工作报告, X2026年政府工作报告), the
  outlet when it is a government (X人民政府), the opening lines
  (我代表X人民政府向大会报告工作) or the session line (在X第十四届人民代表大会…),
  else the file's name (2026_X_政府工作报告.txt); None when none of them names a place;
- ``kind``: ``work_report`` (a government work report, or an excerpt of one
  whose sidecar title says so), ``transcript`` (labelled questions and
  answers) or ``news``;
- ``sections`` of a work report: where each part starts, its role and year.
  Roles: ``review`` (一、2025年工作回顾: figures are results), ``plan5`` (the
  five-year plan: goals due at the plan's end), ``year`` (this year's targets
  and tasks: goals due this year). A top-level heading (一、…) sets the role;
  a sub-heading (（一）…) only when it names a period; a paragraph opening
  that names a period (过去一年…, 这五年…, “十五五”时期是…, 今年是…,
  主要预期目标是…) switches role and year until the next such opening or
  heading, so that a mixed section (“十四五”时期发展成就和“十五五”时期主要目标)
  and an excerpt with no heading in view are read right.

All rules read the language of the document (its headings, openings and
cue words), never names or figures of particular reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORK_REPORT, TRANSCRIPT, NEWS = "work_report", "transcript", "news"
REVIEW, PLAN5, YEAR = "review", "plan5", "year"

# a place name: two or more characters, then the level (省, 市, 自治区 …)
_LEVEL = r"(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗)"
_PLACE = r"[\u4e00-\u9fff]{2,10}?" + _LEVEL
_TITLE_PLACE_RE = re.compile(
    r"(?:19|20)\d\d年(?P<a>" + _PLACE + r")(?:人民)?政府工作报告"
    r"|^(?P<b>" + _PLACE + r")(?:19|20)\d\d年(?:人民)?政府工作报告"
)
_OUTLET_PLACE_RE = re.compile(r"^(?P<a>" + _PLACE + r")人民政府(?:办公厅|网)?$")
_OPENING_PLACE_RE = re.compile(r"我代表(?P<a>" + _PLACE + r")人民政府")
_SESSION_PLACE_RE = re.compile(r"在(?P<a>" + _PLACE + r")第[一二三四五六七八九十]+届人民代表大会")
# a "place" that is only a level word or a generic phrase (自治区人民政府, 省人民政府)
_NOT_A_PLACE_RE = re.compile(r"^(?:自治|本|我|全|该|各|市辖|地方)")

# a report's own title: [year][place][year]政府工作报告[（摘要）][——subtitle], nothing else
_REPORT_TITLE_RE = re.compile(
    r"^(?:(?:19|20)\d\d年)?(?:" + _PLACE + r")?(?:(?:19|20)\d\d年)?(?:人民)?政府工作报告"
    r"(?:[（(][^（）()]{0,12}[）)])?(?:\s*[—–-].*)?$"
)
_REPORT_OPENING_RE = re.compile(r"向大会(?:作|报告)|政府工作报告")
# a question or answer label opening a line: counted in "\n" + text, so that the first line is read too
# (a pattern opening with a newline is searched for at C speed; one opening with ^ is tried at every position)
_QA_LINE_RE = re.compile(r"\n(?:记者|主持人|问|答)[：:]")


@dataclass(frozen=True)
class Section:
    """A stretch of a work report: [start, end) in the text, its role and year."""

    start: int
    end: int
    role: str | None  # review | plan5 | year | None (not known)
    year: int | None  # the year its figures refer to (review: the reviewed year, None for five years)
    heading: str | None = None


@dataclass(frozen=True)
class DocContext:
    jurisdiction: str | None = None
    kind: str = NEWS
    year: int | None = None
    sections: tuple[Section, ...] = ()

    @property
    def is_report(self) -> bool:
        return self.kind == WORK_REPORT


def _place(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    p = m.group("a") if m.groupdict().get("a") else m.group("b") if "b" in m.groupdict() else None
    if not p or _NOT_A_PLACE_RE.match(p):
        return None
    return p


_SOURCE_PLACE_RE = re.compile(
    r"(?:^|[_\s\-—（(])(?P<a>" + _PLACE + r")(?=[_\s\-—]?(?:(?:19|20)\d\d年?[_\s\-—]?)?(?:人民)?政府工作报告)"
)


def find_jurisdiction(
    text: str, title: str | None = None, outlet: str | None = None, source: str | None = None
) -> str | None:
    """The reporting jurisdiction named by the sidecar's title, a government
    outlet, the opening lines or the session line, else by the file's name
    (2026_X_政府工作报告.txt); None when none names one."""
    head = text[:3000]
    if title:
        p = _place(_TITLE_PLACE_RE.search(title.strip()))
        if p:
            return p
    if outlet:
        p = _place(_OUTLET_PLACE_RE.match(outlet.strip()))
        if p:
            return p
    for rx in (_TITLE_PLACE_RE, _OPENING_PLACE_RE, _SESSION_PLACE_RE):
        for m in rx.finditer(head):
            p = _place(m)
            if p:
                return p
    if source:
        name = source.replace("\\", "/").rsplit("/", 1)[-1]
        p = _place(_SOURCE_PLACE_RE.search(name))
        if p:
            return p
    return None


def document_kind(text: str, title: str | None = None) -> str:
    """work_report, transcript or news."""
    head = text[:3000]
    if title and _REPORT_TITLE_RE.match(title.strip()):
        return WORK_REPORT
    if "各位代表" in head and _REPORT_OPENING_RE.search(head):
        return WORK_REPORT
    if len(_QA_LINE_RE.findall("\n" + text)) >= 2:
        return TRANSCRIPT
    return NEWS


# --------------------------------------------------------------------------- sections

_TOP_RE = re.compile(r"^[一二三四五六七八九十]+、")
_CLAUSE_PUNCT_RE = re.compile(r"[，,；;]")
_SUB_RE = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_YEAR_RE = re.compile(r"((?:19|20)\d\d)年")
_FYP_RE = re.compile(r"十([一二三四五六])五")
_REVIEW_WORDS_RE = re.compile(r"回顾|成就|成绩|总结|进展|成效|过去")
_YEAR_WORDS_RE = re.compile(r"今年|开局|起步|开好局|工作安排|重点工作|主要工作|年度")
# an unnumbered heading opens a part only when it says it reviews or plans
_PART_WORDS_RE = re.compile(r"回顾|成就|总结|目标|任务|工作安排|重点工作|主要工作|民生实事")
_NOT_PART_RE = re.compile(r"政府工作报告|^——|^[—-]")

# paragraph openings that name the period the paragraph speaks of
_OPEN_PAST_YEAR_RE = re.compile(
    r"^(?:各位代表[，,！!]\s*)?(?:过去一年|过去的一年|一年来|这一年|刚刚过去的(?:一年|(?:19|20)\d\d年))"
)
_OPEN_YEAR_RE = re.compile(
    r"^(?:各位代表[，,！!]\s*)?(?:刚刚过去的)?((?:19|20)\d\d)年(?:是|，|,|极|很|在|我们|全省|全市|全区)"
)
# in a review, a paragraph whose first sentences look back over five years (回望过去五年).
# Searched for, so “十四五” needs no opening mark: each branch then opens with a character,
# which the search skips to in C (a branch opening with “? is tried at every position)
_FIVE_YEARS_RE = re.compile(r"过去五年|过去的五年|五年来|这五年|十[一二三四五]五”?(?:时期|以来|期间)")
_OPEN_FIVE_RE = re.compile(
    r"^(?:各位代表[，,！!]\s*)?(?:过去五年|过去的五年|五年来|这五年|回顾“?十[一二三四五]五”?|“?十([一二三四五六])五”?(?:时期|以来|期间))"
)
_OPEN_THIS_RE = re.compile(
    r"^(?:各位代表[，,！!]\s*)?(?:今年|做好今年|(?:19|20)\d\d年是“?十[一二三四五六]五”?(?:规划)?(?:开局|起步|实施第一年))"
)
_OPEN_TARGETS_RE = re.compile(r"主要预期目标")
_OPEN_PLAN5_RE = re.compile(r"^(?:今后五年|未来五年)")
# 根据《…关于制定…第十五个五年规划的建议》, 《纲要（草案）》…: the plan being proposed
# (searched for: no opening mark before 十, as in _FIVE_YEARS_RE)
_OPEN_PLAN_DOC_RE = re.compile(r"第([一二三四五六七八九十]+)个五年规划|十([一二三四五六])五”?规划纲要|《纲要[（(]?草案")


_CN_NUMBERS = [
    "",
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
]


def _next_plan_end(doc_year: int | None) -> int | None:
    """The last year of the five-year plan after ``doc_year`` (plans end in years divisible by 5)."""
    if not doc_year:
        return None
    return doc_year + (5 - doc_year % 5)


def _fyp_end(n: str) -> int:
    return 2005 + 5 * ("一二三四五六".index(n) + 1)  # 十四五 -> 2025, 十五五 -> 2030


def _is_heading(line: str) -> bool:
    if not line or "。" in line or line.endswith(("？", "?", "：", ":")) or len(line) >= 60:
        return False
    if _TOP_RE.match(line):
        return len(line) < 45
    return len(line) < 40 and not _CLAUSE_PUNCT_RE.search(line)


def _heading_role(h: str, doc_year: int | None) -> tuple[str | None, int | None, bool]:
    """(role, year, named a period) of a heading."""
    years = [int(y) for y in _YEAR_RE.findall(h)]
    fyps = [_fyp_end(m.group(1)) for m in _FYP_RE.finditer(h)]
    past = [y for y in years if doc_year and y < doc_year]
    this = [y for y in years if doc_year and y == doc_year]
    future5 = [y for y in fyps if doc_year and y > doc_year]
    past5 = [y for y in fyps if doc_year and y <= doc_year]
    named = bool(years or fyps)
    if _REVIEW_WORDS_RE.search(h) and not this and not (future5 and not past5 and not past):
        # 2025年和“十四五”时期工作回顾: the period named first opens the section
        first_year = _YEAR_RE.search(h)
        first_fyp = _FYP_RE.search(h)
        if first_year and (not first_fyp or first_year.start() < first_fyp.start()):
            return REVIEW, int(first_year.group(1)), True
        if first_fyp or "五年" in h:
            return REVIEW, None, True
        return REVIEW, (doc_year - 1 if doc_year else None), named
    if future5 and this:
        # “十五五”时期目标任务和2026年工作安排: the period named first opens the section
        first_fyp, first_year = _FYP_RE.search(h), _YEAR_RE.search(h)
        if first_fyp and first_year and first_fyp.start() < first_year.start():
            return PLAN5, future5[0], True
        return YEAR, doc_year, True
    if this or (doc_year and _YEAR_WORDS_RE.search(h)):
        return YEAR, doc_year, True
    if future5:
        return PLAN5, future5[0], True
    if past:
        return REVIEW, past[0], True
    return None, None, named


def _opening_role(p: str, doc_year: int | None) -> tuple[str, int | None] | None:
    """The role and year a paragraph opening sets, None when it names no period."""
    start = p[:40]
    if _OPEN_PAST_YEAR_RE.match(start):
        m = _YEAR_RE.search(start, 0, 12)
        return REVIEW, (int(m.group(1)) if m else (doc_year - 1 if doc_year else None))
    m = _OPEN_YEAR_RE.match(start)
    if m and doc_year:
        y = int(m.group(1))
        if y < doc_year:
            return REVIEW, y
        if y == doc_year:
            return YEAR, y
        return None
    m = _OPEN_FIVE_RE.match(start)
    if m:
        if m.group(1) and doc_year and _fyp_end(m.group(1)) > doc_year:
            return PLAN5, _fyp_end(m.group(1))
        return REVIEW, None
    if _OPEN_THIS_RE.match(start):
        return YEAR, doc_year
    if _OPEN_PLAN5_RE.match(start):
        return PLAN5, _next_plan_end(doc_year)
    m = _OPEN_PLAN_DOC_RE.search(p[:60])
    if m:
        end_year = (
            1955 + 5 * _CN_NUMBERS.index(m.group(1))
            if m.group(1) in _CN_NUMBERS
            else _fyp_end(m.group(2))
            if m.group(2)
            else _next_plan_end(doc_year)
        )
        if end_year is None or (doc_year and end_year > doc_year):
            return PLAN5, end_year
    end = p.find("。")
    first = p[: end if end >= 0 else len(p)]
    if _OPEN_TARGETS_RE.search(first[:40]):
        return YEAR, doc_year
    return None


# what a paragraph of results says (比上年, 首次, 创新高, exact figures) and what a plan says
# (力争, 目标, 左右, 以上): counted when no heading or opening tells the paragraph's role
_PLAN_WORDS_RE = re.compile(
    r"力争|争取|确保|预期|目标|将(?<![即必]将)(?![近其之来])|要(?<![主重需必只纲摘提首紧简想不]要)(?![素求点闻害件领是])"
    r"|计划|左右|以上|不低于|控制在|今年|着力|推动|加快"
)
_RESULT_WORDS_RE = re.compile(
    r"比上年|同比|较上年|了|已|首次|创历史|创新高|获评|获批|入选|居全国|位居|圆满|顺利|成功|建成|取得"
    r"|增至|提高到|达到|突破|超过|累计"
)
# an exact figure (13.7%, 6193部; not 1200): results are counted, targets rounded
_EXACT_FIGURE_RE = re.compile(r"(?<![\d.])(?:\d+\.\d+|[1-9]\d*[1-9])(?=[万亿]?[%个家项人元亩公里户座所部套处件名次条])")
# (searched for: no opening mark before 十, as in _FIVE_YEARS_RE)
_MULTI_YEAR_RE = re.compile(r"过去五年|五年来|这五年|年均|十[一二三四五]五”?(?:时期|以来|期间)")


# a task's topic sentence opens with what is to be done: 推进宜居宜业和美乡村建设。
_TASK_TOPIC_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+是|\d+[.、])?"
    r"(?:推进|推动|加强|提升|健全|完善|突出|深化|实施|扩大|加快|着力|持续|促进|构建|培育|打造|坚持|优化|强化|大力"
    r"|全面|深入|积极|扎实|稳步|有序|统筹|做强|做优|做大|抓好|办好|守牢|筑牢|提高|发展|建设|激发|释放|增强|巩固"
    r"|拓展|落实|支持|保障|防范|织密|兜牢|塑造|壮大|用好|擦亮|夯实|聚焦|围绕|更好|更大力度|一体|协同)"
)


def _paragraph_role(p: str, doc_year: int | None) -> tuple[str, int | None] | None:
    """Review or this year's plan, for a paragraph holding figures with no heading or
    opening in view: whichever kind of words it holds more of (a short topic sentence
    saying what is to be done counts twice for the plan)."""
    if not any(c.isdigit() for c in p):
        return None
    plan = len(_PLAN_WORDS_RE.findall(p))
    k = p.find("。")
    if 0 <= k <= 24 and _TASK_TOPIC_RE.match(p):
        plan += 2
    result = len(_RESULT_WORDS_RE.findall(p)) + len(_EXACT_FIGURE_RE.findall(p))
    if result > plan:
        return REVIEW, (None if _MULTI_YEAR_RE.search(p) or not doc_year else doc_year - 1)
    if plan > result:
        return YEAR, doc_year
    return None


def _second_sentence_end(p: str) -> int:
    k = p.find("。")
    if k < 0:
        return len(p)
    k2 = p.find("。", k + 1)
    return len(p) if k2 < 0 else k2


def find_sections(text: str, doc_year: int | None) -> tuple[Section, ...]:
    """The sections of a work report (see the module's docstring)."""
    out: list[Section] = []
    role: str | None = None
    year: int | None = None
    top_role: str | None = None
    heading: str | None = None
    pos = 0

    def close(at: int) -> None:
        if out and out[-1].end < 0:
            s = out[-1]
            out[-1] = Section(s.start, at, s.role, s.year, s.heading)

    def open_(at: int) -> None:
        close(at)
        out.append(Section(at, -1, role, year, heading))

    open_(0)
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        p = line.strip()
        if not p:
            continue
        if _is_heading(p):
            r, y, named = _heading_role(p, doc_year)
            unnumbered = not _TOP_RE.match(p) and not _SUB_RE.match(p)
            if unnumbered and (r is None or not _PART_WORDS_RE.search(p) or _NOT_PART_RE.search(p)):
                continue  # a title, a dateline, a caption: no part of the report
            if _TOP_RE.match(p) or unnumbered:
                # a top-level heading (or an unnumbered one naming a period)
                if r is None and top_role in (YEAR, PLAN5):
                    r, y = YEAR, doc_year  # 四、加强政府自身建设: this year's tasks go on
                top_role = r
                role, year, heading = r, y, p
                open_(start)
            elif _SUB_RE.match(p) and named and r is not None:
                role, year, heading = r, y, p
                open_(start)
            continue
        got = _opening_role(p, doc_year)
        if got is None and role is None:
            # no heading or opening in view (an excerpt): the paragraph's own words decide, for itself
            guess = _paragraph_role(p, doc_year)
            if guess is not None:
                role, year = guess
                open_(start)
                role, year = None, None
                open_(pos)
            continue
        if got is None and role == REVIEW and year is not None:
            first = p[: _second_sentence_end(p)]
            if _FIVE_YEARS_RE.search(first[:80]):
                got = (REVIEW, None)
        if got is not None and got != (role, year):
            role, year = got
            open_(start)
    close(len(text))
    return tuple(s for s in out if s.end > s.start)


def document_context(
    text: str, title: str | None = None, outlet: str | None = None, year: int | None = None, source: str | None = None
) -> DocContext:
    """Jurisdiction, kind and (for work reports) sections of one document."""
    kind = document_kind(text, title)
    if kind != WORK_REPORT:
        return DocContext(jurisdiction=None, kind=kind, year=year)
    return DocContext(
        jurisdiction=find_jurisdiction(text, title, outlet, source),
        kind=kind,
        year=year,
        sections=find_sections(text, year),
    )
