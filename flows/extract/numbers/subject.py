"""Whose figure it is: the subject of a quantity.

A named body or place opening the clause (省属企业, 天津港, 雄安新区), the
agent of the sentence, else the document's jurisdiction (from a work report's
context, or 全省/我市 and the places the text names), as printed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from flows.extract.numbers.index import _AGENT_STOPS, _Index, _match_start
from flows.extract.numbers.metric import (
    _GENERIC_VERBS,
    _HEAD_SUFFIXES,
    _JURISDICTION_RE,
    _KEEP_VERBS,
    _TIME_STRIP_RE,
    _strip_trailing,
)
from flows.extract.numbers.scan import _CJK_RE
from flows.extract.numbers.words import words
from flows.extract.text.firstchars import char_positions, first_chars

_AGENT_RE = re.compile(
    r"将(?<![即必]将)(?![近其之来])|已经|已(?<![而得业]已)|现有|要(?<![主重需必只纲摘提首紧简想不]要)(?![素求点闻害件领是])"
    r"|计划|力争|争取|拥有|共有|实现|应(?![对用急该当有])|全年|今年|去年|目前"
)

_AGENT_CUT_RE = re.compile(
    r".*(?:将|已|要|计划|预计|预期|目标|表示|介绍|说|认为|指出|强调|透露|建议|呼吁|坦言|下一步|同时|此外|在此基础上|目前|近年来|其中|首先|其次|最后|另外|力争|争取|确保|努力|完成|实现|达到|并|还|也|“|”|‘|’|:|：)"
)

_AGENT_LEAD_RE = re.compile(r"^(?:在|由|对|把|让|使|全力|我们|我|要|将)")

_PRONOUNS = set(words("pronouns"))

# an "agent" ending like a measured quantity is a metric (新能源装机力争…), not a subject
_METRIC_TAILS = _HEAD_SUFFIXES + words("metric_tails")


@lru_cache(maxsize=8192)
def _agent_name(x: str) -> str | None:
    """The agent named by the words ``x`` printed before 将/已/实现 … (tense
    and time words, leading prepositions dropped), None when it names none."""
    x = _AGENT_CUT_RE.sub("", x)
    x = _TIME_STRIP_RE.sub("", x)
    x = _AGENT_LEAD_RE.sub("", x)
    if (
        2 <= len(x) <= 10
        and x not in _PRONOUNS
        and _CJK_RE.match(x)
        and not x.endswith(("的", "都", "也", "还", "仍", "力争", "好"))
        and x not in _GENERIC_VERBS
        and not x.endswith(_METRIC_TAILS)
    ):
        return x
    return None


# Every character of the _AGENT_RE pattern: a match can only consume or look
# at these, so a range boundary with none of them beside it cuts no match short
# and hides none, and the matches of the whole text inside the range are those
# of the range's slice.
_AGENT_CHARS = frozenset(_AGENT_RE.pattern)


def _agent_hits(ix: _Index) -> tuple[list[int], list[int]]:
    """Starts of the _AGENT_RE matches in the whole text (computed once per
    document) and, for each, where the words before it begin (after the last
    stop character, at most 200 back)."""
    if ix.agent_hits is None:
        starts = [m.start() for a, b in _spans_of(ix) for m in _AGENT_RE.finditer(ix.t, a, b)]
        stops = ix.positions(_AGENT_STOPS)
        lefts = []
        for s in starts:  # ix.left(s, _AGENT_STOPS, 200), inlined
            k = bisect_left(stops, s) - 1
            lo = s - 200 if s > 200 else 0
            lefts.append(stops[k] + 1 if k >= 0 and stops[k] >= lo else lo)
        ix.agent_hits = (starts, lefts)
        # _agent_name(t[lefts[k]:starts[k]]) of each hit, filled in when first asked for
        ix.hit_names = [_UNNAMED] * len(starts)
    return ix.agent_hits


_UNNAMED = object()  # a hit_names entry not computed yet


def _spans_of(ix: _Index) -> list[tuple[int, int]]:
    """The paragraphs ``ix.spans`` the whole-text look-ups of agents and
    jurisdictions are limited to, else the whole text. Neither pattern
    matches a newline, so a paragraph's matches are those of the whole text."""
    return ix.spans if ix.spans is not None else [(0, len(ix.t))]


def _agent_in(ix: _Index, a: int, b: int) -> list[tuple[int, str]]:
    """(position, name) of every "X将/X已/X现有/X实现…" agent in t[a:b], as
    matched in the slice t[a:b] (nothing outside it is seen)."""
    t = ix.t
    out = []
    if (a == 0 or t[a - 1] not in _AGENT_CHARS) and (b >= len(t) or t[b] not in _AGENT_CHARS):
        starts, lefts = ix.agent_hits or _agent_hits(ix)
        names = ix.hit_names
        for k in range(bisect_left(starts, a), bisect_left(starts, b)):
            s = starts[k]
            # _agent_name(t[max(a, lefts[k]):s]), where max(a, lefts[k]) == ix.left(s, _AGENT_STOPS, 200, floor=a)
            x = names[k] if lefts[k] >= a else _agent_name(t[a:s])
            if x is _UNNAMED:
                x = names[k] = _agent_name(t[lefts[k] : s])
            if x is not None:
                out.append((s, x))
        return out
    for m in _AGENT_RE.finditer(t[a:b]):
        s = a + m.start()
        x = _agent_name(t[ix.left(s, _AGENT_STOPS, 200, floor=a) : s])
        if x is not None:
            out.append((s, x))
    return out


def _agent_names(ix: _Index, a: int, b: int, backward: bool = False) -> Iterator[str]:
    """The names of ``_agent_in(ix, a, b)`` in order (last first when
    ``backward``), each computed only when asked for."""
    t = ix.t
    if (a == 0 or t[a - 1] not in _AGENT_CHARS) and (b >= len(t) or t[b] not in _AGENT_CHARS):
        starts, lefts = _agent_hits(ix)
        ks = range(bisect_left(starts, a), bisect_left(starts, b))
        for k in reversed(ks) if backward else ks:
            x = _agent_name(t[max(a, lefts[k]) : starts[k]])
            if x is not None:
                yield x
        return
    found = _agent_in(ix, a, b)
    for _, x in reversed(found) if backward else found:
        yield x


_JURIS_ANY_RE = re.compile(
    r"(?:全国|全省|全市|全县|全区|全州|我国|我省|我市|我县|我区|该市|该省|该县|该区|本市|本省)(?<![居于占比较高低超]..)"
)

# a place printed with its level, where the text says whose government or session it is: 某某市第十四届…
_PLACE_LEVEL = "[省市县区州]"
_PLACE_AFTER = r"(?=第|[一二三四五六七八九十]+届|(?:19|20)\d\d年|政府工作报告|人民政府|人大|政协|两会|委|人民代表大会)"
_PLACE_RE = re.compile(
    r"(?:^|(?<=[\n，,。、：:（(“ 的在与和及]))([\u4e00-\u9fff]{2,3}?)(" + _PLACE_LEVEL + ")" + _PLACE_AFTER
)

_BODY_RE = re.compile("(?:" + "|".join(words("body_suffixes")) + ")$")

# derived from _PLACE_RE's own parts: its level character with what must follow it (every match
# starts two or three characters before one); 0.04 s of 0.52 s extract_quantities on the benchmark
_PLACE_HINT_RE = re.compile(_PLACE_LEVEL + _PLACE_AFTER)
_PLACE_LEVELS = first_chars(_PLACE_HINT_RE)


def _place_matches(t: str) -> Iterator[re.Match[str]]:
    """``_PLACE_RE.finditer(t)``, trying the pattern only two and three
    characters before each level character found by _PLACE_HINT_RE."""
    pos = 0
    match = _PLACE_HINT_RE.match  # _PLACE_HINT_RE.finditer(t): its one-character matches, at a level character
    for c in sorted({h - k for h in char_positions(t, _PLACE_LEVELS) if match(t, h) for k in (2, 3)}):
        if c < pos:
            continue
        m = _PLACE_RE.match(t, c)
        if m is not None:
            yield m
            pos = m.end()


def _doc_places(t: str) -> dict[str, str]:
    """The document's own places by level: {"省": "澜州省", "县": "澄江县"},
    the first printed before a marker of office (第十四届, 政府工作报告, 县委 …)."""
    places: dict[str, str] = {}
    for m in _place_matches(t):
        places.setdefault(m.group(2), m.group(1) + m.group(2))
    return places


def _juris_hits(ix: _Index) -> tuple[list[int], list[str]]:
    """Starts and words of the _JURIS_ANY_RE matches in the whole text
    (computed once per document). Its words are two characters from fixed
    first and second characters that never overlap, so these are all the
    places it matches at."""
    if ix.juris is None:
        found = [m for a, b in _spans_of(ix) for m in _JURIS_ANY_RE.finditer(ix.t, a, b)]
        ix.juris = (list(map(_match_start, found)), [m.group(0) for m in found])
    return ix.juris


def _juris_in(ix: _Index, a: int, b: int, last: bool = False) -> str | None:
    """The first (or ``last``) jurisdiction word in t[a:b]: the match of
    ``_JURIS_ANY_RE.search(t, a, b)`` (of its ``finditer``), from _juris_hits."""
    starts, words = _juris_hits(ix)
    if not last:
        k = bisect_left(starts, a)
        return words[k] if k < len(starts) and starts[k] + len(words[k]) <= b else None
    k = bisect_left(starts, b) - 1
    while k >= 0 and starts[k] >= a:
        if starts[k] + len(words[k]) <= b:
            return words[k]
        k -= 1
    return None


def _place_of(word: str, places: dict[str, str]) -> str:
    """全省 / 我市 / 该县 -> the document's province, city or county when known."""
    if len(word) == 2 and word[0] in "全我本该" and word[1] in places:
        return places[word[1]]
    return word


def _subject(
    ix: _Index,
    pos: int,
    clause_a: int,
    sent: tuple[int, int],
    default: str | None,
    places: dict[str, str] | None = None,
    para_a: int | None = None,
) -> str | None:
    """The place or body a quantity belongs to: a jurisdiction printed in its
    clause (全省, 该市, named when the document names it), else the nearest
    agent ("X将", "X已", "X实现") before it in the sentence, else after it,
    else in the paragraph, else a jurisdiction earlier in the sentence, else
    the document's jurisdiction. In a work report (``default`` set) only a
    named body (省属企业, 上海港) overrides the reporting jurisdiction.
    ``para_a``: the start of the paragraph as ``ix.frame(pos)`` gives it."""
    places = places or {}
    # word = _juris_in(ix, clause_a, pos), inlined (this runs once per quantity)
    starts, words = ix.juris or _juris_hits(ix)
    k = bisect_left(starts, clause_a)
    if k < len(starts) and starts[k] + len(words[k]) <= pos:
        return _place_of(words[k], places)
    if default is not None:
        body = next((x for x in _agent_names(ix, sent[0], pos, backward=True) if _BODY_RE.search(x)), None)
        return body if body is not None else _place_of(default, places)
    subj = _subject_agent(ix, pos, sent)
    if subj is None:
        # 全县 earlier in the paragraph: from ix.left(sent[0], "\n", 3000), which is para_a
        # (no newline between sent[0] and pos) unless the paragraph runs 3000 back
        para = para_a if para_a is not None and para_a > pos - 3000 else ix.left(sent[0], "\n", 3000)
        subj = _juris_in(ix, para, pos, last=True)
    if subj is not None:
        j = _JURISDICTION_RE.match(subj)
        return _place_of(j.group(0) if j else subj, places)
    return None


# a body or a part of the jurisdiction named at the start of a clause: 省属企业营业收入…,
# 天津港吞吐量…, 雄安新区…, 沈阳都市圈…
_CLAUSE_BODY_RE = re.compile(
    r"(?:其中|同时|此外)?[，,]?((?:省属|市属|区属|县属|央属|中央)(?:国有)?企业|省属国企|市属国企|央企|国企"
    r"|[\u4e00-\u9fff]{2,8}?(?:集团|港(?!口)|机场|高新区|开发区|新区|自贸区|自贸试验区|先导区|都市圈|城市群|经济圈))"
    r"(?![\u4e00-\u9fff]{0,2}(?:建设|项目|工程|企业|数量|个数))"
)

# a clause opening with a verb names what is done, not who does it (建成运输机场, 复制推广自贸区经验)
_BODY_VERBS = set(_KEEP_VERBS + _GENERIC_VERBS + words("body_verbs"))

_BODY_VERB_RE = re.compile("^(?:" + "|".join(map(re.escape, sorted(_BODY_VERBS, key=len, reverse=True))) + ")")


def _report_subject(ix: _Index, pos: int, clause_a: int, sent: tuple[int, int], own: str) -> str:
    """The subject of a figure in a work report: a named body or part of the
    jurisdiction opening its clause (省属企业, 上海港, 雄安新区) or acting before it
    in its sentence, else the reporting jurisdiction. Places merely mentioned
    (高于全国, 居全国前列) are no subject."""
    t = ix.t
    m = _CLAUSE_BODY_RE.match(t, clause_a, pos)
    if (
        m is not None and not _BODY_VERB_RE.match(m.group(1)) and len(_strip_trailing(t[m.end() : pos].strip())) >= 2
    ):  # not the thing counted (新增上市公司5家)
        return m.group(1)
    body = next((x for x in _agent_names(ix, sent[0], pos, backward=True) if _BODY_RE.search(x)), None)
    return body if body is not None else own


def _subject_agent(ix: _Index, pos: int, sent: tuple[int, int]) -> str | None:
    """The nearest agent of a quantity: before it in the sentence, after it, in the paragraph."""
    t = ix.t
    a, b = sent
    if (
        (a == 0 or t[a - 1] not in _AGENT_CHARS)
        and t[pos] not in _AGENT_CHARS
        and (pos == 0 or t[pos - 1] not in _AGENT_CHARS)
        and (b >= len(t) or t[b] not in _AGENT_CHARS)
    ):
        # _agent_names(ix, a, pos, backward=True), then _agent_names(ix, pos, b), inlined
        # (the name of a hit whose words start inside the range is the hit's own,
        # computed once per document in ix.hit_names)
        starts, lefts = ix.agent_hits or _agent_hits(ix)
        names = ix.hit_names
        k = bisect_left(starts, pos)
        for ks, floor in ((range(k - 1, bisect_left(starts, a) - 1, -1), a), (range(k, bisect_left(starts, b)), pos)):
            for i in ks:
                lo = lefts[i]
                if lo < floor:
                    x = _agent_name(t[floor : starts[i]])
                else:
                    x = names[i]
                    if x is _UNNAMED:
                        x = names[i] = _agent_name(t[lo : starts[i]])
                if x is not None:
                    return x
    else:
        x = next(_agent_names(ix, a, pos, backward=True), None)
        if x is None:
            x = next(_agent_names(ix, pos, b), None)
        if x is not None:
            return x
    para = ix.sent_agents.get(sent)
    if para is None:
        para_range = (ix.left(a, "\n", 2000), ix.right(b, "\n", 2000))
        para = ix.agents.get(para_range)
        if para is None:
            para = ix.agents[para_range] = _agent_in(ix, *para_range)
        ix.sent_agents[sent] = para
    if para:
        return min(para, key=lambda x: abs(x[0] - pos))[1]
    return None


_NEWS_MARK_RE = re.compile(r"记者|本报|新华社|通讯员")

_WHOLE_JURIS_RE = re.compile(r"全(?:省|市|县|区|州|国)")


def _doc_subject(t: str) -> str | None:
    """The reporting jurisdiction of a government work report (全省, 全市 …),
    None for other documents."""
    first = t[: t.find("\n")] if "\n" in t else t
    news = _NEWS_MARK_RE.search(t[:300])
    if "各位代表" not in t[:3000] and not ("政府工作报告" in first and not news):
        return None
    counts: dict[str, int] = {}
    for m in _WHOLE_JURIS_RE.finditer(t):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    if not counts:
        return None
    return max(counts, key=counts.get)
