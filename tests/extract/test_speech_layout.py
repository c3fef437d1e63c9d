"""What a paragraph is, read without names (``flows.extract.speech.layout``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.speech.layout import _REPORT_OPENING, _REPORT_REACH, work_report_at


def report_at_by_search(norm: str) -> int | None:
    """The definition: the opening searched for in the whole reach, then its line."""
    m = _REPORT_OPENING.search(norm, 0, _REPORT_REACH)
    if not m:
        return None
    line = norm.rfind("\n", 0, m.start()) + 1
    before = norm[line : m.start()]
    return None if before.count("“") > before.count("”") else line


OPENING_PIECES = ["我代表", "受", "委托", "我", "向", "大会", "本次会议", "全会", "作", "报告"]
PIECES = [*OPENING_PIECES, "政府", "。", "\n", "“", "”", ","]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_work_report_at_is_the_search_for_its_opening(pieces: list[str]) -> None:
    norm = "".join(pieces)
    assert work_report_at(norm) == report_at_by_search(norm)
