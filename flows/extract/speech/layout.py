"""What a paragraph is, read without any names: datelines and bylines, headings,
credit and roster lines, the outlet named in the credits, and where a government
work report read out to an assembly begins (a report is no one's speech).

Every function here is pure and reads the normalised text (see ``text.normalize``).
"""

from __future__ import annotations

import re

from flows.extract.speech import words
from flows.extract.speech.names import CJK, ends_with_title, is_person_name, split_titles
from flows.extract.speech.text import OPEN_Q, SENTENCE_MARKS, Para, has_cjk, holds_any

_DATELINE = re.compile(
    r"(?:(?:本报讯|本报[^\s,。()]{0,14}电|(?:新华社|中新社|中新网|人民网|新华网|央视网|央广网)[^\s,。()]{0,16}电"
    r"|[\u4e00-\u9fff]{2,12}讯|[\u4e00-\u9fff]{1,8}\d{1,2}月\d{1,2}日(?:讯|电))"
    r"\s*(?:\([^()\n]{0,40}\)|记者[ \u4e00-\u9fff·]{2,24}?(?=[\s“]))?\s*|\((?:记者|通讯员)[^()\n]{0,40}\)\s*)"
)
_OUTLET_NAME_MAX = 12  # characters of an outlet's name before its outlet word
_OUTLET_WORDS = "|".join(words.OUTLET_WORDS)
_RANKS = "|".join(words.REPORTER_RANKS)
OUTLET_IN_CREDITS = re.compile(rf"([{CJK}]{{2,{_OUTLET_NAME_MAX}}}?(?:{_OUTLET_WORDS}))(?:社)?(?:{_RANKS})?记者")
# What must stand right before the 记者 of such a credit (…日报社首席记者)
_OUTLET_TAIL = re.compile(rf"(?:{_OUTLET_WORDS})(?:社)?(?:{_RANKS})?$")
# A label that is an outlet's name (重庆日报:, 新华社:)
OUTLET_NAME = re.compile(rf"(?:{_OUTLET_WORDS}|新华社|中新社)$")
_CREDIT_WORDS = re.compile(r"供图|摄$|摄 |摄/|摄影|通讯员|记者 |记者:|记者$|编辑:|责任编辑|图/|文/|来源:")
_HEADING_STOP = re.compile(r"[::]")
_ROSTER_NAME = re.compile(rf"[{CJK}·]{{2,9}}")

# Longest text an OUTLET_IN_CREDITS match holds before its 记者 (derived from the
# lists it is made of at import): the part after the name (outlet word, 社, rank), and all of it.
# Measured on the 1,000-document benchmark: 0.002 s where a plain search costs 0.17 s (~5 % of its ~3.3 s build).
_OUTLET_TAIL_REACH = max(map(len, words.OUTLET_WORDS)) + len("社") + max(map(len, words.REPORTER_RANKS))
_OUTLET_REACH = _OUTLET_NAME_MAX + _OUTLET_TAIL_REACH


def _outlet_credit(norm: str) -> re.Match[str] | None:
    """``OUTLET_IN_CREDITS.search(norm)``, trying only the starts close enough
    before a 记者 preceded by an outlet word to reach it (a plain search tries
    the pattern at every character of the document). A start skipped with the
    记者 of a window can only match up to a later 记者, whose window holds it."""
    tried = 0  # starts below this one have been tried
    k = norm.find("记者")
    while k >= 0:
        if _OUTLET_TAIL.search(norm, max(0, k - _OUTLET_TAIL_REACH), k):
            for s in range(max(tried, k - _OUTLET_REACH), k - 2):  # the shortest match is X X 报 记者
                m = OUTLET_IN_CREDITS.match(norm, s)
                if m:
                    return m
            tried = max(tried, k - 2)
        k = norm.find("记者", k + 1)
    return None


# A host credited with an outlet on a credit line: 主持人:某某广播电视台主持人 苏某 (matched
# after a line break: searched in the text with one prepended, offsets one further)
_HOST_CREDIT = re.compile(
    rf"\n\s*(?:主持人|主持|采访|记者)\s*:\s*([{CJK}]{{2,12}}?(?:{_OUTLET_WORDS}))(?:社)?(?:{_RANKS})?"
    r"(?:记者|主持人|编辑)"
)


def find_outlet_at(norm: str) -> tuple[str, int] | None:
    """The outlet named in the credits (重庆日报记者 陈维灯 → 重庆日报; 主持人:某台主持人 苏某 → 某台)
    and the offset where it is printed."""
    m = _outlet_credit(norm)
    if m and not m.group(1).startswith("本"):
        return m.group(1), m.start(1)
    m = _HOST_CREDIT.search("\n" + norm)
    if m and not m.group(1).startswith("本"):
        return m.group(1), m.start(1) - 1
    return None


_HOUSE = re.compile(r"本报|本刊|本台|本网")
_PAGE_HEADER = re.compile(rf"^([{CJK}]{{2,10}}?(?:{'|'.join(words.NEWSPAPER_WORDS)}))\s*\d{{4}}\s*年")


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
    return text[m.start(1) : m.end(1)] if m else None


def strip_dateline(norm: str, para: Para) -> int:
    """Offset where a paragraph's text begins after a dateline/byline."""
    m = _DATELINE.match(norm, para.start, para.end)
    if m and m.end() < para.end:
        return m.end()
    return para.start


def is_headline_line(line: str) -> bool:
    """A short headline line (no sentence punctuation) such as follows a label in
    代表通道 write-ups: 加快深空探测步伐, 让茶山变成“金山”."""
    return (
        0 < len(line) <= 32
        and "\n" not in line
        and not holds_any(line, SENTENCE_MARKS)
        and not line.endswith((",", "、", ":"))
        and has_cjk(line, 2)
    )


def is_heading(ptext: str) -> bool:
    """A headline or cross-head: short, no sentence-final punctuation; one line,
    or up to three short lines (a headline with a subtitle "——记…")."""
    n_lines = ptext.count("\n") + 1  # (the tests are pure: the cheapest, on length, come first)
    if n_lines > 3 or len(ptext) > 64 * n_lines or holds_any(ptext, SENTENCE_MARKS) or not has_cjk(ptext, 2):
        return False
    lines = ptext.split("\n")
    if len(lines) > 1 and (any(len(line) > 48 or line.rstrip().endswith((",", "、", ":")) for line in lines)):
        return False
    if _CREDIT_WORDS.search(ptext) and not _HEADING_STOP.search(ptext):
        return False
    return not ptext.endswith((",", "、", ":"))


def is_roster_line(line: str) -> tuple[str, str] | None:
    """A guest line "市人大代表、沙坪坝区委书记 唐小平" → (titles, name)."""
    parts = line.strip().rsplit(None, 1)  # titles, white space, then the name ends the line
    if len(parts) < 2 or not _ROSTER_NAME.fullmatch(parts[1]):
        return None
    titles, name = parts
    if split_titles(titles) and ends_with_title(titles) and is_person_name(name, titled=True):
        return titles, name
    return None


def is_credits(ptext: str) -> bool:
    """A paragraph of credits: roster lines (titles and a name), or a line of
    bylines (记者 X 摄, 责任编辑:X) with no sentence punctuation."""
    if "\n" in ptext and all(is_roster_line(line) or not line.strip() for line in ptext.split("\n")[1:]):
        return True
    if is_roster_line(ptext):
        return True
    return not holds_any(ptext, SENTENCE_MARKS + ",") and bool(_CREDIT_WORDS.search(ptext))


# The opening of a government work report read to an assembly: 我代表省人民政府向大会报告工作
# (any body's work report read out: government, 人大常委会, 法院 …; 受…委托,我向大会报告)
_REPORT_AUDIENCE = "向(?:大会|本次会议|全会)"
_REPORT_OPENING = re.compile(
    rf"(?:我代表[^。\n“”]{{0,30}}?|受[^。\n“”]{{0,30}}?委托[,]?我){_REPORT_AUDIENCE}(?:作|做)?[^。\n“”]{{0,16}}?报告"
)
# Looked for first: a text without the audience has no opening, and it is found by a literal
# scan (the opening's search tries every 我 and 受 of the text)
_REPORT_AUDIENCE_AT = re.compile(_REPORT_AUDIENCE)
_REPORT_REACH = 8000  # the opening stands near the top, after the title and page header


def work_report_at(norm: str) -> int | None:
    """Where a government work report begins (the paragraph of its opening words), or
    None when the text is no such report. A report's words belong to no speaker."""
    if not _REPORT_AUDIENCE_AT.search(norm, 0, _REPORT_REACH):
        return None
    m = _REPORT_OPENING.search(norm, 0, _REPORT_REACH)
    if not m:
        return None
    line = norm.rfind("\n", 0, m.start()) + 1
    before = norm[line : m.start()]
    if before.count(OPEN_Q) > before.count("”"):
        return None  # the opening words quoted in a news story about the report
    return line
