"""A segment: the validated rows of a batch of documents as Arrow tables, one per
published table, with each document's rows contiguous and in publication order.

Workers return segments (cheap to send between processes: Arrow buffers, not
Python dicts), the extraction cache stores them as Arrow IPC files, and the
writer copies row ranges out of them. ``offsets[table][i]:offsets[table][i + 1]``
are the rows of the segment's ``i``-th document."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# pyarrow imports pandas (when installed) the first time it converts a Python list
# (pyarrow.lib._is_array_like): imported here, with the module, that ~0.4 s is not paid
# in the middle of a process's first batch.
import pandas  # noqa: F401
import pyarrow as pa
import pyarrow.compute as pc

from flows.settings import TABLES
from schemas import arrow_schema

if TYPE_CHECKING:  # only for annotations: importing the extractors here would load them in `lianghui diff`
    from flows.extract.rows import Row


@dataclass
class Segment:
    sources: list[str]  # the documents, in order
    tables: dict[str, pa.Table]
    offsets: dict[str, list[int]]  # per table: len(sources) + 1 row offsets

    def rows(self, table: str, i: int) -> tuple[int, int]:
        """Row range of the ``i``-th document in ``table``."""
        o = self.offsets[table]
        return o[i], o[i + 1]


def to_arrow(table: str, rows: list[Row]) -> pa.Table:
    """Rows as an Arrow table with the published schema; raises on a value the type refuses.

    ``Table.from_pylist`` makes each column as ``[row[n] if n in row else None for row in
    rows]`` (two look-ups a value) and calls ``Table.from_arrays``. When every row is a
    plain dict holding every column, the same lists come from one C-level transposition
    (``_columns``) and go to the same ``from_arrays``; anything else, and any error, goes
    to ``from_pylist`` itself, which then answers or raises as it always did."""
    return _to_arrow(table, rows)[0]


def _to_arrow(table: str, rows: list[Row]) -> tuple[pa.Table, list[list[Any]] | None]:
    """``to_arrow``, and the column lists it was made from (the values of the schema's
    columns, in its order), None when it was made by ``from_pylist``."""
    schema = arrow_schema(table)
    columns = _columns(schema.names, rows)
    if columns is not None:
        try:
            return pa.Table.from_arrays(columns, schema=schema), columns
        except Exception:  # from_pylist then raises its own error, as before
            pass
    return pa.Table.from_pylist(rows, schema=schema), None


def _columns(names: list[str], rows: list[Row]) -> list[list[Any]] | None:
    """The rows' values column by column (as ``from_pylist`` collects them), or None when
    a row is not a plain dict or lacks a column (``from_pylist`` puts None there)."""
    if len(names) < 2 or not rows or {*map(type, rows)} != {dict}:
        return None  # (itemgetter of one name gives a value, not a tuple)
    try:
        return [list(values) for values in zip(*map(operator.itemgetter(*names), rows))]
    except Exception:  # a missing key (KeyError), or a key whose comparison fails
        return None


_REFUSED = (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError)


#: called with a table's name, its rows in the segment, its Arrow table and the columns
#: that table was made from (see ``_to_arrow``)
Made = Callable[[str, "list[Row]", pa.Table, "list[list[Any]] | None"], None]


def make_segment(
    docs: list[tuple[str, dict[str, list[Row]]]], made: Made | None = None
) -> tuple[Segment, dict[str, tuple[str, str]]]:
    """A segment of the given documents' rows (source, rows per table, already in
    publication order). Also returns the documents whose values Arrow refused
    (source -> (table, message)): they are left out of the segment. ``made``: called
    for each table as it is made (for the validation screen, which then reads the
    rows' values as collected for Arrow; they are dropped table by table)."""
    try:
        return _segment(docs, made), {}
    except _REFUSED:
        pass
    refused: dict[str, tuple[str, str]] = {}
    kept = []
    for source, tables in docs:  # find the culprits one document at a time
        for t in TABLES:
            try:
                to_arrow(t, tables[t])
            except _REFUSED as exc:
                refused[source] = (t, f"{type(exc).__name__}: {exc}")
                break
        else:
            kept.append((source, tables))
    return _segment(kept, made), refused


def _segment(docs: list[tuple[str, dict[str, list[Row]]]], made: Made | None = None) -> Segment:
    offsets: dict[str, list[int]] = {}
    tables: dict[str, pa.Table] = {}
    for t in TABLES:
        rows: list[Row] = []
        o = [0]
        for _, doc in docs:
            rows += doc[t]
            o.append(len(rows))
        offsets[t] = o
        tables[t], columns = _to_arrow(t, rows)
        if made is not None:
            made(t, rows, tables[t], columns)
    return Segment([s for s, _ in docs], tables, offsets)


def fingerprints(data: pa.Table) -> pa.ChunkedArray:
    """Each row's values joined into one string: equal rows, equal strings
    (lists joined by U+001F, columns by U+001E, null as U+0000)."""
    columns = [pc.binary_join(c, "\x1f") if pa.types.is_list(c.type) else pc.cast(c, pa.string()) for c in data.columns]
    if not columns:
        return pa.chunked_array([], pa.string())
    return pc.binary_join_element_wise(*columns, "\x1e", null_handling="replace", null_replacement="\x00")
