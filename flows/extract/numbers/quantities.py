"""Numeric goals and reported figures: the entry point.

``extract_quantities(text, doc_year, context)`` finds every quantity printed in
the cleaned text (scan.py), drops the numbers that are not quantities, and
fills in for each: goal or fact and year (classify.py, with the document
context and time phrases of times.py), metric, measure, comparator
(metric.py), subject (subject.py), one row per item of a shared list
(lists.py). Positions go through one per-document index (index.py).

All rules are regular expressions over the text and a few word lists
(words/): one linear pass for the numbers, then local look-arounds bounded
by the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate

from flows.extract.numbers.classify import (
    _classify,
    _context_modes,
    _cues,
    _firm_kind,
    _inside,
    _Mode,
    _section_modes,
    _Times,
    _year_for,
)
from flows.extract.numbers.index import _Index
from flows.extract.numbers.lists import _SHARED_VERB_RE, _apply_list_rules, _bare_clause, _split_shared
from flows.extract.numbers.metric import (
    _GROWTH_UNITS,
    _comparator_and_prefix,
    _measure,
    _metric,
    _post_noun_of,
    _strip_trailing,
)
from flows.extract.numbers.numerals import fold, halfwidth
from flows.extract.numbers.scan import _excluded, _name_spans, _Raw, _scan
from flows.extract.numbers.subject import _doc_places, _doc_subject, _report_subject, _subject
from flows.extract.numbers.times import find_time_phrases
from flows.extract.text.document import DocContext
from flows.extract.types import Quantity

_NO_MODE = _Mode(None, None, None)

_COUNTED_UNITS = {"count", "mu", "m2", "km", "hectare"}

_PRESENT_RE = re.compile(r"已(?<![而得业]已)|目前|现有|当前|如今|现在")

_FROM_BEFORE_RE = re.compile(r"(?:从|由)(?:(?:19|20)\d\d年(?:底|末)?的?)?$")

_CHANGE_TO_RE = re.compile(r"(?:提高|提升|增加|增长|扩大|下降|降低|减少|缩短|发展|扩展|上升|降|增|升|减)(?:到|至)")


def _paragraphs_at(newlines: list[int], n: int, positions: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each paragraph holding one of the sorted ``positions``
    in a text of length ``n`` with these ``newlines``, in order, without
    repeats; the end is its newline (or the text's end)."""
    out: list[tuple[int, int]] = []
    for p in positions:
        if out and p <= out[-1][1]:
            continue  # in the paragraph of the position before (sorted): the same span
        k = bisect_left(newlines, p)
        span = (newlines[k - 1] + 1 if k else 0, newlines[k] if k < len(newlines) else n)
        if not out or out[-1] != span:
            out.append(span)
    return out


def _join_adjacent(t: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sorted, disjoint ``spans`` with each two that only newlines part
    joined into one (the paragraphs of a run of lines). The patterns read in
    spans (stops, cues, agents, jurisdictions, time phrases) never match a
    newline nor start at one, and their look-aheads fail on a newline as at
    the end of a span, so they match in a joined span what they match in
    its parts, with fewer calls."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and t.count("\n", out[-1][1], a) == a - out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def extract_quantities(
    text: str, doc_year: int | None, context: DocContext | None = None, folded: str | None = None
) -> list[Quantity]:
    """Numeric goals and reported figures in cleaned ``text``.

    ``doc_year`` is the publication year, used to resolve 今年, 去年, 五年后 ….
    ``context`` (``flows.extract.text.document.document_context``): in a work report,
    the reporting jurisdiction is the default subject, and each section's role
    (review, five-year plan, this year) decides goal or fact and the year,
    unless the clause says otherwise. ``folded``: ``fold(text)``, when at hand.
    """
    t = fold(text) if folded is None else folded
    printed = text if t == text else halfwidth(text)  # metric and subject are given as printed
    paras = t.split("\n")
    # _find_all(t, "\n") from the lengths of the paragraphs: -1, then each newline, then len(t)
    newlines = list(accumulate(map((1).__add__, map(len, paras)), initial=-1))[1:-1]
    names = _name_spans(t)
    names_starts = [a for a, _ in names]
    raws = [r for r in _scan(t) if not _excluded(t, r, names_starts, names)]
    # time phrases and cues are only ever looked up in the paragraph of a quantity
    positions = sorted(p for r in raws for p in (r.num_start, r.end))
    spans = _join_adjacent(t, _paragraphs_at(newlines, len(t), positions))
    ix = _Index(t, spans, newlines)
    tps = find_time_phrases(t, doc_year, spans)
    if names:
        tps = [
            tp for tp in tps if tp.text.startswith("十") or not _inside(names, names_starts, tp.start)
        ]  # “十四五”末 stays a time
    report = context is not None and context.is_report
    own = context.jurisdiction if report and context is not None else None
    default_subject = own or _doc_subject(t)
    places = _doc_places(t)
    until = positions[-1] if positions else -1  # modes are looked up at figures only
    modes = _section_modes(t, doc_year, is_report=default_subject is not None, paras=paras, until=until)
    mode_starts = [p for p, _ in modes]
    firm_modes = _context_modes(context)
    firm_starts = [a for a, _, _ in firm_modes]
    cues = _cues(t, tps, doc_year, names, spans)
    times = _Times(
        tps, [tp.start for tp in tps], cues, tuple([p for p, _ in c] for c in cues), doc_year, t, names, spans
    )

    rows: list[Quantity] = []
    prev: tuple[_Raw, Quantity, int, str | None] | None = None  # previous row in the same clause for 、 lists
    for r in raws:
        pos = r.num_start
        frame = ix.frame(pos)
        sent, part, clause, item_a, para_a = frame
        mi = bisect_right(mode_starts, pos) - 1
        mode = modes[mi][1] if mi >= 0 else _NO_MODE
        if firm_modes:
            fi = bisect_right(firm_starts, pos) - 1
            if fi >= 0 and pos < firm_modes[fi][1]:
                mode = firm_modes[fi][2]

        pre_item = t[item_a:pos]
        post = _post_noun_of(t[r.end : r.end + 14])
        continuation = (
            prev is not None and prev[2] == clause[0] and _strip_trailing(pre_item.strip()) in ("", "和", "及")
        )

        q_open = t.find("“", r.end, sent[1])
        kind = _classify(times, frame, pos, r.end, mode, r.comparator == "range", q_open if q_open >= 0 else None)
        if mode.firm:
            kind = _firm_kind(times, t, kind, mode, pos, frame)
        # 从X提高到Y: X is the baseline, a fact, level
        baseline = bool(_FROM_BEFORE_RE.search(pre_item)) and _CHANGE_TO_RE.match(t[r.end : r.end + 4])
        metric, mstart, used_post = _metric(pre_item, post, r.unit in _COUNTED_UNITS)
        if (
            post
            and r.unit in _COUNTED_UNITS
            and (
                not used_post
                and pre_item.endswith("等")
                or item_a > clause[0]
                and t[item_a - 1] == "、"
                and 0 < len(pre_item) <= 4
            )
        ):
            # 呼南高铁等5条高铁, 孝感、黄冈3个过三千亿元城市: names listed before the count, the thing counted after it
            metric, mstart, used_post = post, len(pre_item), True
        measure, direction, target_level = _measure(pre_item, r.unit, t[r.end : r.end + 6], r.growth_hint)
        comparator, prefix_cmp = _comparator_and_prefix(pre_item, r.comparator, r.chinese)
        if continuation and prev is not None:
            pq = prev[1]
            if comparator == "eq" and prev[3] and prev[3] != "approx" and not pre_item.strip():
                comparator = prev[3]  # 迈上110万亿元、120万亿元台阶: the verb covers both
            if not metric or metric == pq.metric:
                metric = pq.metric
            if measure == "level" and not target_level and pq.measure == "growth" and r.unit in _GROWTH_UNITS:
                measure, direction = pq.measure, pq.direction
            kind = pq.kind
        if baseline:
            measure, direction = "level", None
            kind = "fact"
        inherited = False
        if (
            (not metric or metric in _BARE_HEADS)
            and rows
            and rows[-1].char_end <= pos
            and rows[-1].char_start >= sent[0]
            and rows[-1].metric
            and (_bare_clause(t[clause[0] : pos]) or metric in _BARE_HEADS or _bare_clause(pre_item))
        ):
            # "…达到6.2万亿元，增长5.3%": the bare clause continues the last metric;
            # "新增上市公司48家、总量达122家": a bare head is the head of what was added (上市公司总量)
            metric = _NEW_LEAD_RE.sub("", rows[-1].metric) + metric if metric else rows[-1].metric
            inherited = True
        present = kind == "fact" and bool(_PRESENT_RE.search(t, sent[0], sent[1]))  # only facts ask
        # in a work report's section the section's year stands for the paragraph (a year printed in
        # an earlier sentence of a five-year review dates that sentence only)
        year, horizon = _year_for(times, kind, pos, frame, mode, present, use_paragraph=not mode.firm)
        if (
            own is not None
            and kind == "goal"
            and year is not None
            and doc_year
            and year < doc_year
            and mode.firm
            and mode.kind == "goal"
            and not (horizon or "").startswith(("到", "至", "在"))
        ):
            year, horizon = mode.year, None  # a past year in a plan names a baseline, not the deadline
        if baseline:
            year, horizon = _baseline_year(pre_item)
        subject = (
            _subject(ix, pos, clause[0], sent, default_subject, places, para_a)
            if own is None
            else _report_subject(ix, pos, clause[0], sent, own)
        )
        if metric and subject and metric.startswith(subject) and len(metric) > len(subject) + 1:
            metric = metric[len(subject) :]
            mstart += len(subject)
        start = item_a + mstart if metric and not inherited else (clause[0] if inherited else pos)
        if continuation and not _strip_trailing(pre_item.strip()):
            start = pos
        end = r.end
        if used_post and post:
            end = r.end + len(post)
        start = min(start, pos)
        if pos - start > 30:
            start = pos - 30
        q = Quantity(
            kind=kind,
            char_start=start,
            char_end=end,
            value=r.value,
            unit_text=r.unit_text,
            value_normalized=r.value_normalized,
            unit=r.unit,
            comparator=comparator,
            measure=measure,
            direction=direction,
            metric=metric,
            subject=subject,
            year=year,
            horizon=horizon,
            value_high=r.value_high,
            value_high_normalized=r.value_high_normalized,
        )
        if q.metric and _SHARED_VERB_RE.search(t, clause[0], pos):
            rows.extend(_split_shared(t, q, clause[0], pos))
        else:
            rows.append(q)  # what _split_shared gives
        prev = (r, rows[-1], clause[0], prefix_cmp)
    rows = _apply_list_rules(ix, rows)
    if printed != t:  # a 繁體 passage: give metric and subject as printed
        back = {a: b for a, b in zip(t, printed) if a != b}
        rows = [
            replace(
                q,
                metric=_as_printed(t, printed, back, q.metric, q.char_start - 40, q.char_end + 20),
                subject=_as_printed(t, printed, back, q.subject, q.char_start - 400, q.char_end + 400),
            )
            for q in rows
        ]
    return rows


def _as_printed(t: str, printed: str, back: dict[str, str], word: str | None, lo: int, hi: int) -> str | None:
    """``word`` (read in the folded text ``t``) as printed near the same place;
    else folded back character by character (``back``: folded -> printed)."""
    if not word:
        return word
    k = t.find(word, max(0, lo), max(0, hi))
    if k >= 0:
        return printed[k : k + len(word)]
    return "".join(back.get(c, c) for c in word)


# a metric that is only a generic head (2025年总量比2020年增加…): the metric before it in the sentence
_BARE_HEADS = frozenset(("总量", "总额", "规模", "增速", "增幅"))

_NEW_LEAD_RE = re.compile(r"^(?:累计)?(?:新增|净增|新)")

_FROM_YEAR_RE = re.compile(r"(?:从|由)((?:19|20)\d\d)年(?:底|末)?的?$")


def _baseline_year(pre_item: str) -> tuple[int | None, str | None]:
    """Year of the X in 从X提高到Y: printed (从2020年的45%) or unknown."""
    m = _FROM_YEAR_RE.search(pre_item)
    return (int(m.group(1)), m.group(0)[1:]) if m else (None, None)
