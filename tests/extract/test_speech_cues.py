"""Cues of the statement extractor (``flows.extract.speech.cues``)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from flows.extract.speech.cues import CUE_RE, opens_clause
from flows.extract.speech.subjects import CJK_CHAR, LEAD_STRIP


def opens_clause_of(prefix: str) -> bool:
    """The definition, on the sentence so far as a string."""
    p = prefix.strip(" ,")
    if not CJK_CHAR.search(p):
        return True
    return bool(LEAD_STRIP.fullmatch(p)) or (prefix.rstrip().endswith(",") and len(p) <= 6 and not CUE_RE.search(p))


SENTENCE = st.lists(
    st.sampled_from(["会上", "两会期间", "今年两会上", "他", "表示", "代表们", ",", " ", "\n", "\u3000", "a"]),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(SENTENCE, st.integers(0, 60), st.integers(0, 60))
@example("今年两会上, 代表们", 0, 6)  # a lead-in of five characters
@example("代表们,\n他", 0, 5)  # a short clause closed by a comma, then a line break
def test_opens_clause_reads_the_sentence_in_place_as_its_definition_reads_a_copy(norm: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(norm)), min(b, len(norm))))
    assert opens_clause(norm, start, end) == opens_clause_of(norm[start:end])
