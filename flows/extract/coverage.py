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


def _quotations(text: str) -> list[re.Match[str]]:
    """``list(_QUOTE.finditer(text))``, trying the pattern only where an opening mark is
    printed (found with str.find: a regex class scan tests every character), left to
    right, each search resuming after the last match, as finditer does."""
    starts: list[int] = []
    for mark in _OPENERS:
        k = text.find(mark)
        while k >= 0:
            starts.append(k)
            k = text.find(mark, k + 1)
    out: list[re.Match[str]] = []
    resume = 0
    for k in sorted(starts):
        if k >= resume:
            m = _QUOTE.match(text, k)
            if m:
                out.append(m)
                resume = m.end()
    return out


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
    for m in _quotations(text):
        if not said.overlap(m.start(), m.end()):
            out.append(
                Warning(
                    "unattributed_quote",
                    m.start(),
                    m.end(),
                    "a quotation that no statement covers: speaker not found, or not a statement",
                )
            )
    counted = SpanIndex(sorted(quantities))
    for m in _FIGURE.finditer(text):
        if not counted.overlap(m.start(), m.end()):
            out.append(
                Warning("figure_not_extracted", m.start(), m.end(), "a figure with a unit that no goal or fact covers")
            )
    return sorted(out, key=lambda w: (w.char_start, w.char_end, w.kind))
