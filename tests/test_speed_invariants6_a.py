"""The validation screen reusing the columns the segment's Arrow tables were made from
answers as the screen collecting them itself, on the rows of the documents in
``tests/corpus/`` and ``seeds/`` and on broken rows (wrong types, missing and extra keys,
rows that are not plain dicts)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from flows.extract.rows import extract_document
from flows.ingest.inputs import Document, discover, ingest_payload, read_payload
from flows.build.batch import _sorted_rows
from flows.build.segment import _to_arrow, make_segment, to_arrow
from flows.settings import TABLES
from flows.validate.screen import _types_pass, screen, screen_plan

ROOT = Path(__file__).resolve().parents[1]


def _outcome(f: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", f(*args)
    except Exception as exc:  # noqa: BLE001 - the very same error is expected
        return type(exc).__name__, str(exc)


@pytest.fixture(scope="module")
def docs() -> list[tuple[str, dict[str, list[dict[str, Any]]]]]:
    out = []
    for folder in (ROOT / "tests" / "corpus", ROOT / "seeds"):
        for f in discover(folder)[0]:
            doc = ingest_payload(read_payload(f))
            if isinstance(doc, Document):
                out.append((f.source, _sorted_rows(extract_document(doc))))
    assert len(out) > 5
    return out


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _broken(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows, and copies with one thing broken."""
    cases: list[list[Any]] = [rows]
    if not rows:
        return cases
    for name in list(rows[0])[:8]:
        for value in (None, "x", 3, 3.5, True, ["a"], [1], float("nan")):
            broken = [dict(r) for r in rows]
            broken[-1][name] = value
            cases.append(broken)
        missing = [dict(r) for r in rows]
        del missing[0][name]
        cases.append(missing)
    cases.append([*rows, {**rows[0], "bogus": 1}])
    cases.append([*rows[1:], 5])
    return cases


def test_the_made_columns_give_the_plain_verdicts(docs: list[tuple[str, dict[str, list[dict[str, Any]]]]]) -> None:
    verdicts = set()
    for t in TABLES:
        plan = screen_plan(t)
        assert plan is not None
        for rows in _broken([r for _, tables in docs for r in tables[t]]):
            try:
                data, columns = _to_arrow(t, rows)
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                continue
            assert _ipc(data) == _ipc(to_arrow(t, rows))  # byte for byte (NaN included)
            made = (data.schema.names, columns) if columns is not None else None
            want = _outcome(_types_pass, plan, rows)
            assert _outcome(_types_pass, plan, rows, made) == want, (t, rows[-1])
            assert _outcome(screen, t, rows, data, frozenset(), columns) == _outcome(screen, t, rows, data), (t, rows[-1])
            verdicts.add(want)
    assert ("ok", True) in verdicts and ("ok", False) in verdicts


def test_make_segment_reports_the_rows_and_columns_it_converted(docs: list[tuple[str, dict[str, list[dict[str, Any]]]]]) -> None:
    made: dict[str, Any] = {}
    segment, refused = make_segment(docs, lambda t, rows, data, columns: made.__setitem__(t, (rows, data, columns)))
    assert not refused and list(made) == list(TABLES)
    for t in TABLES:
        rows, data, columns = made[t]
        assert data is segment.tables[t]
        assert rows == [r for _, tables in docs for r in tables[t]]
        assert columns is None or columns == [[r[n] for r in rows] for n in segment.tables[t].schema.names]
        assert segment.tables[t].equals(to_arrow(t, rows))
