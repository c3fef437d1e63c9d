"""Length-preserving normalisation and paragraph/quote geometry for the
statement extractor.

``normalize`` returns a string of the same length as its input, so every
offset found in it is an offset into the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PUNCT_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_PUNCT_MAP.update({
    "\u3000": " ", "\u00a0": " ", "「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”",
    "﹁": "“", "﹂": "”", "﹃": "‘", "﹄": "’", "\u201f": "“", "\u201e": "“", "•": "·", "‧": "·",
    "・": "·", "･": "·", "．": ".", "︰": ":", "﹕": ":", "﹐": ",", "﹑": "、", "﹔": ";",
})
_TABLE = str.maketrans(_PUNCT_MAP)
OPEN_Q, CLOSE_Q = "“", "”"


@lru_cache(maxsize=1)
def _t2s():
    """The opencc Traditional→Simplified converter, or None when opencc is missing."""
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - optional dependency
        return None


_TRAD_HINT = re.compile("[說們個這來會國時為與對將發經業產區實際務長開關點應進過還說讓於]")


def to_simplified(text: str) -> str:
    """Simplified-character form of ``text`` with the same length (t2s keeps
    length); unchanged when opencc is missing or the text has no traditional hint."""
    conv = _t2s()
    if conv is None or not _TRAD_HINT.search(text):
        return text
    out = conv.convert(text)
    return out if len(out) == len(text) else text


def _fix_straight_quotes(text: str) -> str:
    """Turn straight double quotes into curly ones, alternating open/close within each paragraph."""
    if '"' not in text:
        return text
    chars = list(text)
    opened = False
    for i, ch in enumerate(chars):
        if ch == "\n" and i + 1 < len(chars) and chars[i + 1] == "\n":
            opened = False
        elif ch == '"':
            chars[i] = CLOSE_Q if opened else OPEN_Q
            opened = not opened
    return "".join(chars)


def normalize(text: str) -> str:
    """Matching form of ``text``: simplified characters, half-width punctuation,
    curly quotes for 「」 and straight quotes. Same length as ``text``."""
    out = _fix_straight_quotes(to_simplified(text).translate(_TABLE))
    assert len(out) == len(text)
    return out


@dataclass(frozen=True)
class Para:
    """One paragraph: ``start``/``end`` bound it in the document."""

    start: int
    end: int


def paragraphs(text: str) -> list[Para]:
    """Paragraphs separated by blank lines, trimmed of surrounding white space."""
    out: list[Para] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Para(s, e))
    return out


def quote_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level “…” spans in ``norm[start:end]`` as (open, close+1); an
    unclosed quote runs to ``end``."""
    spans: list[tuple[int, int]] = []
    depth, open_at = 0, -1
    for i in range(start, end):
        ch = norm[i]
        if ch == OPEN_Q:
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == CLOSE_Q and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((open_at, i + 1))
    if depth > 0:
        spans.append((open_at, end))
    return spans


def inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span that strictly contains ``pos`` (after its opening mark), if any."""
    for s, e in spans:
        if s < pos < e:
            return (s, e)
    return None


_TERMINATORS = set("。!?;…\n")


def sentence_start(norm: str, pos: int, floor: int, spans: list[tuple[int, int]]) -> int:
    """Start of the sentence holding ``pos``: walk back, stepping over whole
    quotations, to just after a sentence terminator (or ``floor``)."""
    i = pos
    while i > floor:
        ch = norm[i - 1]
        if ch == CLOSE_Q:
            q = next((s for s, e in spans if e == i), None)
            if q is not None and q >= floor:
                i = q
                continue
        if ch in _TERMINATORS:
            break
        i -= 1
    while i < pos and norm[i] in " ,、":
        i += 1
    return i


def orphan_close(norm: str, start: int, end: int) -> int | None:
    """Position of a closing quote with no opening one in ``norm[start:end]``
    (the end of a quotation begun in an earlier paragraph), or None."""
    depth = 0
    for i in range(start, end):
        ch = norm[i]
        if ch == OPEN_Q:
            depth += 1
        elif ch == CLOSE_Q:
            if depth == 0:
                return i
            depth -= 1
    return None


def opens_unclosed(norm: str, start: int, end: int) -> bool:
    """True for a paragraph that opens a quotation and leaves it open (a quote running on)."""
    if norm[start:start + 1] != OPEN_Q:
        return False
    spans = quote_spans(norm, start, end)
    return bool(spans) and spans[-1][1] == end and (end == start or norm[end - 1] != CLOSE_Q)
