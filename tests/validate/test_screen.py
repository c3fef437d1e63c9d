"""The screen (``flows.validate.screen``) passes a batch without pandera only when
pandera would find nothing: whenever it says "certainly passes", the table's
pandera model finds no failure. And it gives the same verdict whether it reads the
columns the segment collected for Arrow or collects them itself."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from conftest import corpus_docs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.build.segment import _to_arrow, to_arrow
from flows.settings import TABLES
from flows.validate.checks import check_table
from flows.validate.screen import _types_pass, screen, screen_plan

ODD: list[Any] = [
    None,
    "x",
    "",
    3,
    -1,
    3.5,
    -1.0,
    True,
    ["a"],
    [1],
    ["a", None],
    [],
    float("nan"),
    2**70,
    "p_0",
    "2024",
]


def _rows(table: str) -> list[dict[str, Any]]:
    return [r for _, tables in corpus_docs() for r in tables[table]]


@st.composite
def broken(draw: st.DrawFn) -> tuple[str, list[Any]]:
    """A table's rows from the corpus, with up to two values changed or a key removed or added."""
    table = draw(st.sampled_from([t for t in TABLES if _rows(t)]))
    rows = _rows(table)
    names = sorted(rows[0])
    for _ in range(draw(st.integers(0, 2))):
        i, name = draw(st.integers(0, len(rows) - 1)), draw(st.sampled_from(names))
        change = draw(st.sampled_from(["value", "value", "value", "missing", "extra"]))
        row = dict(rows[i])
        if change == "value":
            row[name] = draw(st.sampled_from(ODD))
        elif change == "missing":
            row.pop(name, None)
        else:
            row["bogus"] = 1
        rows[i] = row
    return table, rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken())
def test_what_the_screen_passes_pandera_passes(case: tuple[str, list[Any]]) -> None:
    table, rows = case
    try:
        data, columns = _to_arrow(table, rows)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return  # Arrow refuses the rows: the document fails before any screen
    verdict = screen(table, rows, data, frozenset({"speaker_id"}) if table == "speakers" else frozenset(), columns)
    assert verdict == screen(table, rows, data, frozenset({"speaker_id"}) if table == "speakers" else frozenset())
    if verdict:
        assert check_table(table, rows) == []


@pytest.mark.parametrize("table", [t for t in TABLES if t != "speakers"])
def test_the_corpus_passes_the_screen(table: str) -> None:
    rows = _rows(table)
    assert screen(table, rows, to_arrow(table, rows))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken())
def test_the_type_screen_reads_the_made_columns_as_its_own(case: tuple[str, list[Any]]) -> None:
    table, rows = case
    plan = screen_plan(table)
    assert plan is not None
    try:
        data, columns = _to_arrow(table, rows)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return
    made = (data.schema.names, columns) if columns is not None else None
    assert _types_pass(plan, rows, made) == _types_pass(plan, rows)
