"""Warnings (places no row covers): the span index and the pattern searches behind
them find exactly what a plain scan and the plain patterns find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.coverage import _FIGURE, _FIGURE_PLAIN, _QUOTE, SpanIndex, _quotations, find_warnings

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 25)).map(lambda s: (s[0], s[0] + s[1])), max_size=8)


@given(spans, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 25)), min_size=1, max_size=10))
def test_span_index_finds_the_overlapping_spans_a_scan_finds(
    known: list[tuple[int, int]], ranges: list[tuple[int, int]]
) -> None:
    index = SpanIndex(sorted(known))
    for start, width in ranges:
        end = start + width
        assert index.overlap(start, end) == any(s < end and start < e for s, e in known)
        assert bool(index.near(start, end)) == index.overlap(start, end)


FIGURE_TEXT = st.text(alphabet="0123456789０９.,，． 万亿千元美%％个百分点增长年的\n", max_size=30)


@settings(max_examples=2000)
@given(FIGURE_TEXT)
def test_the_figure_search_finds_what_the_plain_pattern_finds(text: str) -> None:
    """Digits after digits are never tried: same matches, including numbers glued to
    other numbers, separators, spaces, units and the branch without a unit."""
    plain = re.compile(_FIGURE_PLAIN)
    assert [m.span() for m in _FIGURE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_figure_search_on_printed_figures() -> None:
    plain = re.compile(_FIGURE_PLAIN)
    for text in [
        "2023年GDP增长5.2%，达126万亿元",
        "12,345,678元",
        "1.5亿3亿元",
        "99个百分点100%",
        "3,5亿",
        "1 亿",
        "１２３元",
    ]:
        assert [m.span() for m in _FIGURE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


@settings(max_examples=2000)
@given(st.text(alphabet='“”「」『』"甲\n', max_size=60))
def test_quotations_are_what_the_quotation_pattern_finds(text: str) -> None:
    assert _quotations(text) == [m.span() for m in _QUOTE.finditer(text)]


def test_a_quotation_or_a_figure_no_row_covers_is_a_warning() -> None:
    text = "他说：“这是一段没有归属的很长很长的引用文字内容。”今年投资120亿元。"
    kinds = [w.kind for w in find_warnings(text, [], [])]
    assert kinds == ["unattributed_quote", "figure_not_extracted"]
    quote = next(w for w in find_warnings(text, [], []) if w.kind == "unattributed_quote")
    covered = find_warnings(text, [(quote.char_start, quote.char_end)], [(text.index("120"), text.index("元") + 1)])
    assert covered == []
