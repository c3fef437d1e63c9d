"""Length-preserving normalisation and paragraph/quote geometry for the
statement extractor.

``normalize`` returns a string of the same length as its input, so every
offset found in it is an offset into the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache
from typing import NamedTuple

from flows.extract.speech.names import CJK

_PUNCT_MAP = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_PUNCT_MAP.update(
    {
        "\u3000": " ",
        "\u00a0": " ",
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
        "〝": "“",
        "〞": "”",
        "﹁": "“",
        "﹂": "”",
        "﹃": "‘",
        "﹄": "’",
        "\u201f": "“",
        "\u201e": "“",
        "•": "·",
        "‧": "·",
        "・": "·",
        "･": "·",
        "．": ".",
        "︰": ":",
        "﹕": ":",
        "﹐": ",",
        "﹑": "、",
        "﹔": ";",
    }
)
_PUNCT_KEYS = frozenset(_PUNCT_MAP)
# every replacement is one character that is not itself replaced, so replacing the
# characters one by one (in any order) equals a single str.translate pass
assert not _PUNCT_KEYS & set(_PUNCT_MAP.values())
_PUNCT_CHARS = re.compile("[" + "".join(map(re.escape, _PUNCT_MAP)) + "]")
OPEN_Q, CLOSE_Q = "“", "”"


@lru_cache(maxsize=1)
def _t2s():
    """The opencc Traditional→Simplified converter, or None when opencc is missing."""
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - optional dependency
        return None


# Common Traditional-only characters: opencc runs only on a text holding one.
# Measured on the 1,000-document benchmark: opencc on every text costs 1.6 s of CPU, the check 0.005 s (build: ~3.3 s).
_TRAD_CHARS = "說們個這來會國時為與對將發經業產區實際務長開關點應進過還說讓於"
_TRAD_HINT = re.compile("[" + _TRAD_CHARS + "]")


def to_simplified(text: str) -> str:
    """Simplified-character form of ``text`` with the same length (t2s keeps
    length); unchanged when opencc is missing or the text has no traditional hint."""
    if not _TRAD_HINT.search(text):  # looked for first: opencc is loaded only for a text that needs it
        return text
    conv = _t2s()
    if conv is None:
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


def _half_width(text: str) -> str:
    """``text`` with full-width and variant punctuation replaced by _PUNCT_MAP.
    Only the characters present are replaced (one regex scan finds them and
    str.replace runs in C; a dict-driven str.translate costs a dict lookup per
    character of Chinese text, ten times as much)."""
    for ch in set(_PUNCT_CHARS.findall(text)):
        text = text.replace(ch, _PUNCT_MAP[ch])
    return text


# White space other than a line break: the characters the regex [^\S\n] matches
# (str.isspace's; a test compares the two over every code point).
INLINE_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# Every character normalize looks for: a traditional hint, a character to make
# half-width, or white space other than a line break. One scan of a text finds
# them all (a character-class scan costs about 60 instructions a character, the
# same for one class as for their union).
_NOTED = re.compile("[" + "".join(map(re.escape, sorted(set(_TRAD_CHARS) | _PUNCT_KEYS | set(INLINE_SPACES)))) + "]")
_TRAD_SET = frozenset(_TRAD_CHARS)
_INLINE_SET = frozenset(INLINE_SPACES)


def _replace_punct(text: str, present: set[str]) -> str:
    """``_half_width(text)`` given ``present``, the characters of _PUNCT_MAP in ``text``."""
    for ch in present:
        text = text.replace(ch, _PUNCT_MAP[ch])
    return text


def normalize_scan(text: str) -> tuple[str, frozenset[str]]:
    """``normalize(text)``, and the characters of white space other than a line
    break that it holds, from one regex scan of ``text`` (normalize's steps each scanned it):
    the characters found tell whether ``to_simplified`` has anything to do,
    which characters ``_half_width`` replaces (found again after a conversion,
    which may change any character), and where white space is. White space
    stays white space and nothing else becomes any: ``_half_width`` turns
    U+3000 and U+00A0 into a space and no other character into white space,
    and the quotes become curly quotes: the white space of the result is that
    found, with U+3000 and U+00A0 replaced."""
    found = set(_NOTED.findall(text))
    simplified = to_simplified(text) if not found.isdisjoint(_TRAD_SET) else text
    if simplified is not text:
        found = set(_NOTED.findall(simplified))
    out = _fix_straight_quotes(_replace_punct(simplified, found & _PUNCT_KEYS))
    assert len(out) == len(text)
    return out, frozenset([_PUNCT_MAP.get(ch, ch) for ch in found & _INLINE_SET])


def normalize(text: str) -> str:
    """Matching form of ``text``: simplified characters, half-width punctuation,
    curly quotes for 「」 and straight quotes. Same length as ``text``."""
    out = _fix_straight_quotes(_half_width(to_simplified(text)))
    assert len(out) == len(text)
    return out


class Para(NamedTuple):
    """One paragraph: ``start``/``end`` bound it in the document (a named tuple:
    a document has dozens and they are made on every run)."""

    start: int
    end: int


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")


def paragraphs(text: str) -> list[Para]:
    """Paragraphs separated by blank lines, trimmed of surrounding white space."""
    out: list[Para] = []
    for m in _PARAGRAPH.finditer(text):
        chunk = m.group()
        body = chunk.strip()  # the same object when there is nothing to strip
        if body is chunk:  # (most paragraphs): the match is the paragraph
            out.append(Para(*m.span()))
        elif body:
            s = m.start() + len(chunk) - len(chunk.lstrip())
            out.append(Para(s, s + len(body)))
    return out


_LINE = re.compile(r"[^\n]+")


def line_paragraphs(text: str) -> list[Para]:
    """Each non-blank line as a paragraph, trimmed: for a text that separates its
    paragraphs with single line breaks (no blank line anywhere)."""
    out: list[Para] = []
    for m in _LINE.finditer(text):
        chunk = m.group()
        body = chunk.strip()
        if body:
            s = m.start() + len(chunk) - len(chunk.lstrip())
            out.append(Para(s, s + len(body)))
    return out


def document_paragraphs(text: str) -> list[Para]:
    """The paragraphs of a document: separated by blank lines, or, in a text with
    no blank line at all, its lines (web pages and reports copied line by line)."""
    if "\n\n" not in text and "\n" in text.strip():
        return line_paragraphs(text)
    return paragraphs(text)


def quote_marks(norm: str) -> tuple[list[int], str]:
    """Offsets of every curly double quote in ``norm`` (ascending) and the marks
    themselves, in the same order. Kept for the document read last: one scan per
    document serves every range query below. Each mark is found with str.find (a regex
    class scan tests every character, eight times slower), then the offsets of both are
    sorted together."""
    global _quote_marks
    if _quote_marks is not None and _quote_marks[0] is norm:
        return _quote_marks[1]
    offsets: list[int] = []
    for mark in (OPEN_Q, CLOSE_Q):
        k = norm.find(mark)
        while k >= 0:
            offsets.append(k)
            k = norm.find(mark, k + 1)
    offsets.sort()
    _quote_marks = norm, (offsets, "".join([norm[k] for k in offsets]))
    return _quote_marks[1]


# the text quote_marks read last and its answer, known by identity: a cache keyed by the text
# compares an equal text of another document character by character on every query
_quote_marks: tuple[str, tuple[list[int], str]] | None = None


def _marks_in(norm: str, start: int, end: int) -> tuple[list[int], str, int, int]:
    """The quote-mark index of ``norm`` and the index range [lo, hi) of the marks in ``norm[start:end]``."""
    offsets, marks = quote_marks(norm)
    return offsets, marks, bisect_left(offsets, start), bisect_left(offsets, end)


def quote_spans(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level “…” spans in ``norm[start:end]`` as (open, close+1); an
    unclosed quote runs to ``end``."""
    spans: list[tuple[int, int]] = []
    if norm.find(OPEN_Q, start, end) < 0:  # no span opens here (most prose): skip the index
        return spans
    offsets, marks, lo, hi = _marks_in(norm, start, end)
    depth, open_at = 0, -1
    for k in range(lo, hi):
        if marks[k] == OPEN_Q:
            if depth == 0:
                open_at = offsets[k]
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((open_at, offsets[k] + 1))
    if depth > 0:
        spans.append((open_at, end))
    return spans


def inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span that strictly contains ``pos`` (after its opening mark), if any.
    ``spans`` are sorted and apart (``quote_spans``), so one bisection finds it."""
    k = bisect_left(spans, (pos,)) - 1  # the last span opening before pos
    if k >= 0 and pos < spans[k][1]:
        return spans[k]
    return None


_TERMINATORS = "。!?;…\n"
# what may end a sentence before a position: a terminator, or a closing quote (that steps over its quotation)
_SENTENCE_MARK = re.compile("[" + re.escape(_TERMINATORS) + CLOSE_Q + "]")


class _SentenceStarts:
    """Where the sentence holding each position of ``norm[floor:]`` starts: the walk
    back of ``sentence_start`` done once, left to right, for a paragraph with many cues.
    Only the marks change the answer: after a terminator a sentence starts, after a
    quotation it starts where the quotation's sentence did."""

    def __init__(self, norm: str, floor: int, spans: list[tuple[int, int]]) -> None:
        self.norm, self.floor, self.spans, self.n_spans = norm, floor, spans, len(spans)
        self.quote_start: dict[int, int] = {}
        for s, e in spans:
            self.quote_start.setdefault(e, s)
        self.marks: list[int] = []  # positions just after a terminator or a quotation, in order
        self.starts: list[int] = []  # the sentence start at each of them
        self.scanned = floor  # norm[floor:scanned] has been read for marks

    def fits(self, norm: str, floor: int, spans: list[tuple[int, int]]) -> bool:
        return norm is self.norm and floor == self.floor and spans is self.spans and len(spans) == self.n_spans

    def at(self, pos: int) -> int:
        if pos > self.scanned:
            for m in _SENTENCE_MARK.finditer(self.norm, self.scanned, pos):
                i = m.end()
                if m.group() != CLOSE_Q:
                    start = i
                else:
                    q = self.quote_start.get(i)
                    if q is None or q < self.floor:
                        continue  # a closing quote of no quotation in view: no mark
                    start = self._start(q)  # a whole quotation is stepped over
                self.marks.append(i)
                self.starts.append(start)
            self.scanned = pos
        return self._start(pos)

    def _start(self, pos: int) -> int:
        k = bisect_right(self.marks, pos) - 1
        return self.starts[k] if k >= 0 else self.floor


_sentence_starts: _SentenceStarts | None = None  # the paragraph asked about last


def sentence_start(norm: str, pos: int, floor: int, spans: list[tuple[int, int]]) -> int:
    """Start of the sentence holding ``pos``: walk back, stepping over whole
    quotations, to just after a sentence terminator (or ``floor``)."""
    global _sentence_starts
    if pos <= floor:
        i = pos
    else:
        if _sentence_starts is None or not _sentence_starts.fits(norm, floor, spans):
            _sentence_starts = _SentenceStarts(norm, floor, spans)
        i = _sentence_starts.at(pos)
    while i < pos and norm[i] in " ,、":
        i += 1
    return i


def orphan_close(norm: str, start: int, end: int) -> int | None:
    """Position of a closing quote with no opening one in ``norm[start:end]``
    (the end of a quotation begun in an earlier paragraph), or None."""
    offsets, marks, lo, hi = _marks_in(norm, start, end)
    depth = 0
    for k in range(lo, hi):
        if marks[k] == OPEN_Q:
            depth += 1
        elif depth == 0:
            return offsets[k]
        else:
            depth -= 1
    return None


def opens_unclosed(norm: str, start: int, end: int) -> bool:
    """True for a paragraph that opens a quotation and leaves it open (a quote running on)."""
    if norm[start : start + 1] != OPEN_Q:
        return False
    spans = quote_spans(norm, start, end)
    return bool(spans) and spans[-1][1] == end and (end == start or norm[end - 1] != CLOSE_Q)


SENTENCE_MARKS = "。!?;"  # the marks that end a sentence
SENTENCE_END = re.compile(f"[{SENTENCE_MARKS}]")
_QUOTED_CLAUSE = re.compile(r"[,。!?;]")


@cache
def _cjk_count_re(n: int) -> re.Pattern[str]:
    """A pattern matching a prefix of a string that holds ``n`` CJK characters."""
    return re.compile(rf"(?:[^{CJK}]*[{CJK}]){{{n}}}")


def holds_any(s: str, chars: str) -> bool:
    """Whether ``s`` holds any of ``chars`` (one str.find per character, in C). A loop,
    not ``any`` over a generator: most prose holds one, and a generator left
    unfinished is closed by raising an exception in it (~2 % of the speech stage)."""
    for c in chars:  # noqa: SIM110 (see above)
        if c in s:
            return True
    return False


def has_cjk(s: str, n: int) -> bool:
    """Whether ``s`` holds at least ``n`` CJK characters (stops scanning at the ``n``-th)."""
    return _cjk_count_re(n).match(s) is not None


def quote_kind(norm: str, start: int, end: int, frame: tuple[int, int] | None) -> str:
    """ "direct", "indirect" or "mixed" for a span, from its quotations (``frame``: the
    words that introduce it, left out of what stands outside the quotations)."""
    spans = quote_spans(norm, start, end)
    if spans:  # (most statements quote nothing: no comprehension to run)
        spans = [(s, e) for s, e in spans if e - s >= 8 and _QUOTED_CLAUSE.search(norm, s, e)]
    if not spans:
        return "indirect"
    rest = []
    last = start
    for s, e in spans:
        rest.append(norm[last:s])
        last = e
    rest.append(norm[last:end])
    outside = "".join(rest)
    if frame:
        outside = outside.replace(norm[frame[0] : frame[1]], "")
    return "mixed" if has_cjk(outside, 9) else "direct"
