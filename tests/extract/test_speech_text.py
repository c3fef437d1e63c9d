"""Sentence geometry of the statement extractor (``flows.extract.speech.text``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.speech.text import CLOSE_Q, quote_spans, sentence_start

TERMINATORS = "。!?;…\n"


def walk_back(norm: str, pos: int, floor: int, spans: list[tuple[int, int]]) -> int:
    """The definition: walk back from ``pos``, stepping over whole quotations, to just
    after a sentence terminator (or ``floor``); then over leading spaces and commas."""
    i = pos
    while i > floor:
        ch = norm[i - 1]
        if ch == CLOSE_Q:
            q = next((s for s, e in spans if e == i), None)
            if q is not None and q >= floor:
                i = q
                continue
        if ch in TERMINATORS:
            break
        i -= 1
    while i < pos and norm[i] in " ,、":
        i += 1
    return i


TEXT = st.text(alphabet="说他。!;“”\n ,、", max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_sentence_start_is_the_walk_back_over_quotations(norm: str, data: st.DataObject) -> None:
    floor = data.draw(st.integers(0, len(norm)))
    spans = quote_spans(norm, floor, len(norm))
    # positions asked in any order, as the frames of a paragraph ask them
    for pos in data.draw(st.lists(st.integers(floor, len(norm)), max_size=8)):
        assert sentence_start(norm, pos, floor, spans) == walk_back(norm, pos, floor, spans)
