"""Warnings published as data: places in a document that look like what the
extractors handle but that no row covers. They are not errors (the build goes
on); a reviewer reads them to find what the rules miss.

- ``unattributed_quote``: a quotation of some length that no statement covers;
- ``figure_not_extracted``: a number with a money, percent or magnitude unit that
  no goal or fact covers (a name such as “1+2+6+N” has no such unit, so it is not
  reported).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from flows.extract.text.firstchars import char_positions

_QUOTE = re.compile(r"[“「『\"]([^”」』\"\n]{15,}?)[”」』\"]")
_FIGURE_PLAIN = r"[0-9０-９][0-9０-９.,，．]*\s*(?:万亿|千亿|亿|万|千)?(?:元|美元|%|％|个百分点)|[0-9０-９][0-9０-９.．]*\s*(?:万亿|亿)"
# _FIGURE_PLAIN's finditer, tried only at a digit that does not follow a digit (the
# lookbehind after the first digit: the leading character class still lets the search
# skip to candidates in C). Exact: where a match would start at such a digit, one starts
# at the digit before it too (both branches' runs take digits), so the search, which
# finds the leftmost, never reaches it; and no match ends with a digit, so no search
# resumes just after one.
_DIGIT_START = r"[0-9０-９](?<![0-9０-９][0-9０-９])"
_FIGURE = re.compile(_FIGURE_PLAIN.replace("[0-9０-９][0-9０-９.", _DIGIT_START + "[0-9０-９."))
_MIN_QUOTE_CHARS = 15
_OPENERS = '“「『"'  # what _QUOTE opens with
_CLOSERS = '”」』"'  # what closes its content (a newline, the paragraph's end, ends it too)
# _FIGURE in three parts (see ``_figures``): a run of the first branch's characters from a digit,
# and what each branch needs after its run
_RUN = re.compile(r"[0-9０-９][0-9０-９.,，．]*")
_UNIT = re.compile(r"\s*(?:万亿|千亿|亿|万|千)?(?:元|美元|%|％|个百分点)")
_MAGNITUDE = re.compile(r"\s*(?:万亿|亿)")
_COMMA = re.compile("[,，]")


def _quotations(text: str) -> list[tuple[int, int]]:
    """The spans of ``_QUOTE.finditer(text)`` in time linear in the text (``finditer`` tries
    the pattern at every opening mark and scans to the paragraph's end from each: n²
    for a paragraph of unclosed marks). The content of a quotation holds no closing
    mark and no newline, so the pattern matches at an opening mark exactly when the
    first closing mark or newline after it is a closing mark at least 15 characters
    on, and the match ends there. Left to right, each search resuming after the last
    match, as finditer does. A text has far more newlines than quotation marks: the first
    newline after an opening mark is looked for only past the last one found."""
    starts = char_positions(text, _OPENERS)
    closers = char_positions(text, _CLOSERS)
    out: list[tuple[int, int]] = []
    resume = 0
    i = 0  # closers[i] is the first closing mark after the current opening mark
    newline = -1  # the first newline after the current opening mark, once looked for
    for k in starts:
        if k < resume:
            continue
        while i < len(closers) and closers[i] <= k:
            i += 1
        if i == len(closers):
            break  # no closing mark after this opening mark, nor after the later ones
        if newline <= k:
            newline = text.find("\n", k + 1)
            newline = len(text) if newline < 0 else newline
        if newline < closers[i] or closers[i] - k - 1 < _MIN_QUOTE_CHARS:
            continue
        resume = closers[i] + 1
        out.append((k, resume))
    return out


def _figures(text: str) -> list[tuple[int, int]]:
    """The spans of ``_FIGURE.finditer(text)`` in time linear in the text (finditer
    tries the pattern after every separator of a run such as “1.1.1.…” and scans the
    rest of the run from each: n²). From any digit, the first branch's greedy run
    ends where the whole run of digits and separators ends (a shorter run would leave
    a digit or separator where the unit must begin), so every start in a run shares
    its outcome, and the first start (the run's first digit) is the one finditer
    reports. When the unit is missing, the second branch's run ends at the next comma
    or at the end of the run, and only a start in the run's last comma-free part can
    be followed by its magnitude word: its first digit, which follows no digit."""
    out: list[tuple[int, int]] = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        if m := _UNIT.match(text, end):
            out.append((start, m.end()))
        elif m := _MAGNITUDE.match(text, end):
            part = start
            for comma in _COMMA.finditer(text, start, end):
                part = comma.end()
            digit = next((j for j in range(part, end) if text[j] in _DIGITS), None)
            if digit is not None:
                out.append((digit, m.end()))
    return out


_DIGITS = frozenset("0123456789０１２３４５６７８９")


@dataclass(frozen=True)
class Warning:
    kind: str
    char_start: int
    char_end: int
    message: str


class SpanIndex:
    """Which of some spans, sorted by start, a range [start, end) may overlap, found by
    bisection: the starts, and the furthest end among each prefix of the spans. A span
    (s, e) overlaps the range when s < end and start < e."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def near(self, start: int, end: int) -> range:
        """Indices of the spans that may overlap the range: those before it end at or
        before ``start``, those after it begin at or after ``end``."""
        return range(bisect_right(self.reach, start), bisect_left(self.starts, end))

    def overlap(self, start: int, end: int) -> bool:
        """Whether any span overlaps the range: the furthest reaching of those that
        begin before ``end`` passes ``start``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start


def find_warnings(text: str, statements: list[tuple[int, int]], quantities: list[tuple[int, int]]) -> list[Warning]:
    """Warnings for one document, given the spans of its statements and of its goals and facts."""
    out = []
    said = SpanIndex(sorted(statements))
    for start, end in _quotations(text):
        if not said.overlap(start, end):
            out.append(
                Warning(
                    "unattributed_quote",
                    start,
                    end,
                    "a quotation that no statement covers: speaker not found, or not a statement",
                )
            )
    counted = SpanIndex(sorted(quantities))
    for start, end in _figures(text):
        if not counted.overlap(start, end):
            out.append(Warning("figure_not_extracted", start, end, "a figure with a unit that no goal or fact covers"))
    return sorted(out, key=lambda w: (w.char_start, w.char_end, w.kind))
