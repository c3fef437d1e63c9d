"""Time phrases and the years they resolve to.

``find_time_phrases(text, doc_year)`` finds 到2027年, 十五五, 今年以来, 去年,
近五年, 三年后, 明年, 目前 … and gives each its kind (until, plan, since,
last, multi, after, this, next, now, vague) and year, from the document's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.extract.numbers.scan import _parse_cn
from flows.extract.text.firstchars import DIGITS_OR_MORE, first_class

_CN_SMALL = "一二两三四五六七八九十"

_TIME_RE = re.compile(
    r"(?P<until>(?:到|至|截至|截止到?|在)?(?P<y>(?:19|20)\d\d|二〇[一二三四五六七八九〇][〇一二三四五六七八九])年"
    r"(?:底|末|初|前|年底|全年|上半年|下半年|前三季度)?)"
    r"|(?P<plan>[“\"]?十(?P<fyp>[一二三四五六])五[”\"]?(?:规划)?(?P<fypk>末|时期末|期末|时期|期间|以来|规划期)?)"
    r"|(?P<since>今年以来|年初以来)"
    r"|(?P<last>(?<![比较])去年|(?<![比较同])上年|过去一年|一年来|(?<![比较])前年)"
    r"|(?P<multi>(?:过去|近|最近)(?P<mn>\d+|[" + _CN_SMALL + r"])年(?:来|间|里)?|(?P<mn2>\d+|[" + _CN_SMALL + r"])年来"
    r"|近年来|多年来|近年|年均|累计)"
    r"|(?P<after>(?P<an>\d+|[" + _CN_SMALL + r"])年(?:后|内|之内|时间|左右)|未来(?P<an2>\d+|[" + _CN_SMALL + r"])年)"
    r"|(?P<this>今年|全年|本年度|本年|年内|年底前|年底)"
    r"|(?P<next>明年)"
    r"|(?P<now>目前|现有|当前|截至目前|现已|如今|眼下)"
    r"|(?P<vague>下一步|今后|未来)"
)

# every character a _TIME_RE match can start with
_TIME_FIRST_RE = first_class(_TIME_RE)

# the positions where a _TIME_RE match can start, picked more narrowly than by
# _TIME_FIRST_RE: a digit or small numeral only where 年 follows (2025年, 五年后,
# 3年来), 年 only before 初/均/内/底, 全, 明 and 上 only before 年, 现 only before
# 有/已, 二 only before 〇, 目 only before 前, a quote mark only before 十, 到, 至
# and 在 only before a year (19xx/20xx/二〇); every other first character as is
# (written as one character class followed by look-arounds, so that the
# regex engine skips to candidates at C speed)
# kept: 0.07 s of 0.51 s extract_quantities on the 1,000-document benchmark, 3 % of a build (best of 5, A/B)
_TIME_START_RE = re.compile(
    r"[" + DIGITS_OR_MORE + r"一二两三四五六七八九年全明现“\"十到至截在今去上过前近最多累未本目当如眼下]"
    r"(?:(?<=\d)(?=\d*年)|(?<=[一二两三四五六七八九])(?=年)|(?<=二)(?=〇)|(?<=年)(?=[初均内底])"
    r"|(?<=[全明上])(?=年)|(?<=现)(?=[有已])|(?<=目)(?=前)|(?<=[“\"])(?=十)"
    r"|(?<=[到至在])(?=(?:19|20)\d\d|二〇)|(?<=[十截今去过前近最多累未本当如眼下]))"
)

_OF_VALUE_RE = re.compile(r"[\d约近]")

_QUOTE_MARKS_RE = re.compile('[“”"]')


@dataclass(slots=True)  # not frozen: built for every time phrase, as the records of flows.extract.types
class TimePhrase:
    """A time phrase found in the text: where, as written, its kind and year."""

    start: int
    end: int
    text: str
    kind: str  # until this since multi after next last now vague plan
    year: int | None
    opens: bool = False  # opens its sentence or clause (去年，… / 2022年，…)


def _small_int(s: str) -> int | None:
    """'5' -> 5, '五' -> 5, '十' -> 10."""
    if s.isdigit():
        return int(s)
    v = _parse_cn(s)
    return int(v) if v is not None else None


def _matches_in(
    rx: re.Pattern[str], first: re.Pattern[str], t: str, spans: list[tuple[int, int]] | None
) -> list[re.Match[str]]:
    """The matches of ``rx.finditer(t)`` that start in the sorted, disjoint
    paragraphs ``spans`` (None: the whole text), found faster: ``rx`` is tried
    only where ``first`` (a character class of every character a match of
    ``rx`` can start with) finds a candidate, skipping the rest of the text in
    C. ``rx`` must never match the empty string nor run across a newline."""
    out = []
    search, match = first.search, rx.match
    for a, b in spans if spans is not None else ((0, len(t)),):
        pos = a
        while (c := search(t, pos, b)) is not None:
            k = c.start()
            m = match(t, k)
            if m is None:
                pos = k + 1
            else:
                out.append(m)
                pos = m.end()
    return out


def find_time_phrases(text: str, doc_year: int | None, spans: list[tuple[int, int]] | None = None) -> list[TimePhrase]:
    """Every time phrase in ``text`` with the year it resolves to; with
    ``spans`` (sorted, disjoint paragraphs, see _paragraphs_at), only those in
    them. No time phrase holds a newline, so each paragraph is read alone."""
    out: list[TimePhrase] = []
    for m in _matches_in(_TIME_RE, _TIME_START_RE, text, spans):
        group = m.lastgroup  # the top-level group of the branch that matched
        ms, me = m.span()
        kind = group or ""
        year: int | None = None
        if group == "until":
            prev_ch, next_ch = text[ms - 1 : ms], text[me : me + 1]
            if not m.group(0).startswith(("到", "至", "截", "在")) and (
                prev_ch in ("比", "较", "于") or prev_ch in ("是", "为") and next_ch == "的"
            ):
                continue  # 比2020年翻一番: the baseline year, not the time of the figure
            kind = "until"
            y = m.group("y")
            year = int(y) if y.isdigit() else int(_parse_cn(y) or 0) or None
            end_ch = text[me : me + 1]
            if end_ch == "月" or (end_ch.isdigit()) or text[me : me + 2] in ("以来", "之前"):
                kind = "date" if end_ch in "月0123456789" else "since_year"
            elif end_ch == "的" and _OF_VALUE_RE.match(text[me + 1 : me + 2]):
                kind = "of"  # 2025年的3710亿元: the year of that value only
        elif group == "plan":
            kind = "plan"
            n = "一二三四五六".index(m.group("fyp")) + 1
            end_year = 2005 + 5 * n  # 十四五 -> 2025, 十五五 -> 2030
            k = m.group("fypk") or ""
            year = end_year
            if k in ("期间", "以来"):
                kind = "multi"
                year = None
            if not k and not (m.group(0).startswith(("“", '"')) or text[me : me + 2] in ("时期", "规划")):
                continue  # 十五 etc. inside a word
        elif group == "since":
            kind, year = "since", doc_year
        elif group == "multi":
            kind = "multi"
        elif group == "after":
            kind = "after"
            n = _small_int(m.group("an") or m.group("an2") or "")
            year = doc_year + n if doc_year is not None and n is not None and n < 50 else None
        elif group == "this":
            kind, year = "this", doc_year
        elif group == "next":
            kind, year = "next", doc_year + 1 if doc_year else None
        elif group == "last":
            kind = "last"
            year = (doc_year - (2 if m.group(0) == "前年" else 1)) if doc_year else None
        elif group == "now":
            kind = "now"
        elif group == "vague":
            kind = "vague"
        opens = ms == 0 or text[ms - 1] in "\n。；;，,：:”！？"
        written = m.group(0)
        if '"' in written or "“" in written or "”" in written:
            written = _QUOTE_MARKS_RE.sub("", written)
        out.append(TimePhrase(ms, me, written, kind, year, opens))
    return out
