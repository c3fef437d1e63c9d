"""What a paragraph is, read without names (``flows.extract.speech.layout``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.speech.layout import (
    _REPORT_OPENING,
    _REPORT_REACH,
    _ROSTER_NAME,
    is_roster_line,
    work_report_at,
)
from flows.extract.speech.names import ends_with_title, is_person_name, split_titles


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


def roster_line_by_split(line: str) -> tuple[str, str] | None:
    """The definition: titles, white space, then a name that ends the line."""
    parts = line.strip().rsplit(None, 1)
    if len(parts) < 2 or not _ROSTER_NAME.fullmatch(parts[1]):
        return None
    titles, name = parts
    if split_titles(titles) and ends_with_title(titles) and is_person_name(name, titled=True):
        return titles, name
    return None


ROSTER_PIECES = [
    "市人大代表",
    "、",
    "区委书记",
    "唐小平",
    "张",
    "欧阳",
    "·",
    " ",
    "\u3000",
    "\t",
    "\n",
    "。",
    "说",
    "a",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ROSTER_PIECES), max_size=10))
def test_a_roster_line_is_read_as_its_split_at_the_last_white_space(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert is_roster_line(line) == roster_line_by_split(line)
