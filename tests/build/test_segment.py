"""A segment holds a batch's rows as Arrow tables with the published schema: made
from the rows' columns when every row is a plain dict holding every column, the
tables (or the errors) are exactly what ``Table.from_pylist`` makes of the rows."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from conftest import corpus_docs
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.build.segment import make_segment, to_arrow
from flows.settings import TABLES
from schemas import arrow_schema

VALID = {pa.string(): "x", pa.int64(): 2024, pa.float64(): 1.5}
ODD: list[Any] = [None, "12", 3, 3.5, True, b"x", ["a", 1], [], float("nan"), 2**70, {"a": 1}, ("a",), ["a", "b"], ""]


def _outcome(f: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", f(*args)
    except Exception as exc:  # the very same error is expected
        return type(exc).__name__, str(exc)


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class _Row(dict):  # a dict with a default: from_pylist asks ``in`` first, itemgetter would not
    def __missing__(self, key: str) -> str:
        return "default"


@st.composite
def rows_of(draw: st.DrawFn, table: str) -> list[Any]:
    """Valid rows of ``table``, then some broken: an odd value, a missing or extra key,
    a row that is not a plain dict or not a dict at all."""
    schema = arrow_schema(table)
    rows: list[Any] = [{f.name: VALID.get(f.type, ["a"]) for f in schema} for _ in range(draw(st.integers(0, 3)))]
    for _ in range(draw(st.integers(0, 2)) if rows else 0):
        i, name = draw(st.integers(0, len(rows) - 1)), draw(st.sampled_from(schema.names))
        if not isinstance(rows[i], dict):
            continue
        change = draw(st.sampled_from(["value", "missing", "extra", "subclass", "not a dict"]))
        if change == "value":
            rows[i] = {**rows[i], name: draw(st.sampled_from(ODD))}
        elif change == "missing":
            rows[i] = {k: v for k, v in rows[i].items() if k != name}
        elif change == "extra":
            rows[i] = {**rows[i], "bogus": 1}
        elif change == "subclass":
            rows[i] = _Row({k: v for k, v in rows[i].items() if k != name})
        else:
            rows[i] = 5
    return rows


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TABLES).flatmap(lambda t: st.tuples(st.just(t), rows_of(t))))
def test_to_arrow_makes_what_from_pylist_makes(case: tuple[str, list[Any]]) -> None:
    table, rows = case
    schema = arrow_schema(table)
    got, want = _outcome(to_arrow, table, rows), _outcome(pa.Table.from_pylist, rows, schema)
    if got[0] == "ok" and want[0] == "ok":
        assert _ipc(got[1]) == _ipc(want[1])  # byte for byte (NaN included)
        assert got[1].schema.equals(schema, check_metadata=True)
    else:
        assert got == want


def test_a_segment_holds_each_documents_rows_and_reports_what_it_made() -> None:
    docs = corpus_docs()
    made: dict[str, Any] = {}
    segment, refused = make_segment(docs, lambda t, rows, data, columns: made.__setitem__(t, (rows, data, columns)))
    assert not refused and list(made) == list(TABLES) and segment.sources == [s for s, _ in docs]
    for t in TABLES:
        rows, data, columns = made[t]
        assert data is segment.tables[t]
        assert rows == [r for _, tables in docs for r in tables[t]]
        assert columns is None or columns == [[r[n] for r in rows] for n in segment.tables[t].schema.names]
        assert segment.tables[t].equals(to_arrow(t, rows))
        for i, (_, tables) in enumerate(docs):
            start, stop = segment.rows(t, i)
            assert segment.tables[t].slice(start, stop - start).to_pylist() == to_arrow(t, tables[t]).to_pylist()


def test_a_document_whose_values_arrow_refuses_is_left_out() -> None:
    docs = corpus_docs()[:3]
    broken = {**docs[1][1], "goals": [{**r, "value": "many"} for r in docs[1][1]["goals"]] or [{"goal_id": 5}]}
    segment, refused = make_segment([docs[0], (docs[1][0], broken), docs[2]])
    assert list(refused) == [docs[1][0]] and refused[docs[1][0]][0] == "goals"
    assert segment.sources == [docs[0][0], docs[2][0]]


@pytest.mark.parametrize("table", TABLES)
def test_an_empty_table_has_the_published_schema(table: str) -> None:
    assert to_arrow(table, []).schema.equals(arrow_schema(table), check_metadata=True)
