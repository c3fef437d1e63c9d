"""Rows of a document: paragraphs found once per text, and the statement that holds
a goal or fact, found by bisection, are what the plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.rows import Paragraphs, _container, _containing, paragraph_at
from flows.extract.types import Quantity


@settings(max_examples=1000)
@given(
    st.sampled_from(["", "一段。", "甲\n\n乙", "\n\n开头空行", "结尾空行\n\n", "三个\n\n\n换行"])
    | st.text(alphabet="ab\n", max_size=30)
)
def test_paragraphs_agree_with_paragraph_at_on_every_offset(text: str) -> None:
    paragraphs = Paragraphs(text)
    for offset in range(len(text)):
        assert paragraphs.at(offset) == paragraph_at(text, offset)


SPAN = st.tuples(st.integers(0, 80), st.integers(0, 25)).map(lambda s: (s[0], s[0] + s[1]))


@given(
    st.lists(SPAN, max_size=8),
    st.lists(SPAN, min_size=1, max_size=10),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_a_figure_belongs_to_the_statement_that_overlaps_it_most(
    statements: list[tuple[int, int]], figures: list[tuple[int, int]], rng, shuffled: bool
) -> None:
    rows = [
        {"char_start": s, "char_end": e, "statement_id": str(i), "speaker_id": "p"}
        for i, (s, e) in enumerate(sorted(statements))
    ]
    if shuffled:  # unsorted rows take the plain scan
        rng.shuffle(rows)
    best = _container(rows)
    for start, end in figures:
        q = Quantity("goal", start, end, 1.0, "", 1.0, "", "eq", "level")
        assert best(q) is _containing(q, rows)
