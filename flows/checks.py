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
from dataclasses import dataclass

_QUOTE = re.compile(r"[“「『\"]([^”」』\"\n]{15,}?)[”」』\"]")
_FIGURE = re.compile(r"[0-9０-９][0-9０-９.,，．]*\s*(?:万亿|千亿|亿|万|千)?(?:元|美元|%|％|个百分点)|[0-9０-９][0-9０-９.．]*\s*(?:万亿|亿)")
_MIN_QUOTE_CHARS = 15


@dataclass(frozen=True)
class Warning:
    kind: str
    char_start: int
    char_end: int
    message: str


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_warnings(text: str, statements: list[tuple[int, int]], quantities: list[tuple[int, int]]) -> list[Warning]:
    """Warnings for one document, given the spans of its statements and of its goals and facts."""
    out = []
    for m in _QUOTE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in statements):
            out.append(Warning("unattributed_quote", m.start(), m.end(),
                               "a quotation that no statement covers: speaker not found, or not a statement"))
    for m in _FIGURE.finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in quantities):
            out.append(Warning("figure_not_extracted", m.start(), m.end(),
                               "a figure with a unit that no goal or fact covers"))
    return sorted(out, key=lambda w: (w.char_start, w.char_end, w.kind))
