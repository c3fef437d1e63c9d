"""The screen: decides in Arrow, without pandas or pandera, that a batch's rows
certainly pass their pandera models (``screen``) and the checks between tables
(``links_pass``). Anything it is not sure of sends the batch through pandera.

pandera costs ~0.4 ms a document (and ~0.3 s on its first call in a process)
although a batch almost never fails. The screen answers, in Arrow, "certainly
passes" for a table's rows; anything else (a failure, a type it is not sure
of, a check it does not know) sends the batch through pandera as before, so
the failure report is always pandera's. The screen is at least as strict as
the model, never less: Arrow's RE2 has ASCII \\d and a strict $, and NaN fails
every comparison."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from itertools import chain
from typing import Any

import pyarrow
import pyarrow.compute as pc

from schemas import table_meta
from schemas.contract import TYPES, table_facts

_KNOWN_CHECKS = {"isin", "str_matches", "greater_than_or_equal_to", "in_range"}


@dataclass(frozen=True)
class _ColumnScreen:
    name: str
    arrow: str
    nullable: bool
    unique: bool
    checks: tuple[tuple[str, dict[str, Any]], ...]


@functools.cache
def screen_plan(table: str) -> tuple[_ColumnScreen, ...] | None:
    """What the screen checks for ``table``, read from its model's facts; None when
    the model has anything the screen does not understand (then pandera always runs)."""
    t = table_facts(table)
    if (
        t.has_checks
        or t.unique
        or t.has_index
        or t.add_missing_columns
        or t.drop_invalid_rows
        or not t.strict
        or len(t.columns) < 2
    ):
        return None
    plan = []
    for c in t.columns:
        if c.arrow not in TYPES or c.regex or not c.required or c.drop_invalid_rows or c.has_default or c.has_parsers:
            return None
        checks = []
        for check in c.checks:
            if check.name not in _KNOWN_CHECKS or not check.ignore_na or check.raise_warning:
                return None
            checks.append((check.name, dict(check.statistics)))
        plan.append(_ColumnScreen(c.name, c.arrow, c.nullable, c.unique, tuple(checks)))
    return tuple(plan)


def _all(mask: Any) -> bool:
    return len(mask) == 0 or (mask.null_count == 0 and bool(pc.all(mask).as_py()))


def _types_pass(
    plan: tuple[_ColumnScreen, ...], rows: list[dict[str, Any]], made: tuple[list[str], list[list[Any]]] | None = None
) -> bool:
    """Every row has exactly the model's columns, each value of its column's Python type.
    ``made``: column names and the rows' values of those columns, column by column, when
    already collected (``segment._columns``, which gives them only when every row is a
    plain dict holding every name): used when the names are the model's."""
    names = [c.name for c in plan]
    if made is not None and made[0] == names:
        columns: list[Any] = made[1]
    else:
        try:
            columns = list(zip(*map(operator.itemgetter(*names), rows)))
        except KeyError:
            return False
    if not _all_sized(rows, len(names)):  # a key beyond the model's (strict)
        return False
    for c, values in zip(plan, columns):
        if c.arrow == "list<string>":
            # every value exactly a list (so iterating them cannot fail) of exactly str:
            # ``all(type(v) is list and all(type(x) is str for x in v) for v in values)``
            # with the types collected in C
            if not (_LIST.issuperset(map(type, values)) and _STR.issuperset(map(type, chain.from_iterable(values)))):
                return False
        elif not TYPES[c.arrow].python.issuperset(map(type, values)):
            return False
    return True


_LIST, _STR = TYPES["list<string>"].python, frozenset({str})


def _all_sized(rows: list[Any], size: int) -> bool:
    """``not any(len(r) != size for r in rows)``: the lengths taken in C; should any
    ``len`` fail, the generator answers (or raises) as it would have alone."""
    try:
        return set(map(len, rows)) <= {size}
    except Exception:  # the plain form below raises its own error, if any
        return not any(len(r) != size for r in rows)


def _column_passes(c: _ColumnScreen, data: Any, unique: bool) -> bool:
    if not c.nullable and (data.null_count or (c.arrow == "float64" and _any(pc.is_nan(data)))):
        return False
    if unique and (
        pc.count_distinct(data, mode="all").as_py() != len(data) or (c.arrow == "float64" and _any(pc.is_nan(data)))
    ):  # NaN == NaN for pandera's duplicated()
        return False
    if not c.checks:
        return True
    # pandera's checks ignore nulls (ignore_na); with none to drop, the values are the data
    values = pc.drop_null(data) if data.null_count else data
    for name, stats in c.checks:
        if name == "isin":
            mask = pc.is_in(values, value_set=pyarrow.array(list(stats["allowed_values"]), values.type))
        elif name == "str_matches":
            mask = pc.match_substring_regex(
                values, "^(?:" + str(stats["pattern"]) + ")"
            )  # re.match: anchored at the start
        elif name == "greater_than_or_equal_to":
            mask = pc.greater_equal(values, stats["min_value"])
        else:  # in_range
            low = (pc.greater_equal if stats.get("include_min", True) else pc.greater)(values, stats["min_value"])
            high = (pc.less_equal if stats.get("include_max", True) else pc.less)(values, stats["max_value"])
            mask = pc.and_(low, high)
        if not _all(mask):
            return False
    return True


def _any(mask: Any) -> bool:
    return len(mask) > 0 and bool(pc.any(mask).as_py())


def screen(
    table: str,
    rows: list[dict[str, Any]],
    data: Any,
    unique_exempt: frozenset[str] = frozenset(),
    columns: list[list[Any]] | None = None,
) -> bool:
    """True when ``check_table(table, rows)`` certainly returns no failure. ``data``:
    the same rows as an Arrow table of the published schema. ``unique_exempt``:
    columns whose uniqueness the caller guarantees (speaker ids, deduplicated
    before pandera sees them). ``columns``: the rows' values of the schema's columns,
    column by column, when ``data`` was made from them (``segment._to_arrow``).
    False means "not sure": run ``check_table``."""
    plan = screen_plan(table)
    made = (data.schema.names, columns) if columns is not None else None
    if plan is None or data.num_rows != len(rows) or not _types_pass(plan, rows, made):
        return False
    try:
        return all(_column_passes(c, data.column(c.name), c.unique and c.name not in unique_exempt) for c in plan)
    except (pyarrow.ArrowException, KeyError, TypeError, ValueError):  # e.g. a pattern RE2 cannot compile
        return False


def links_pass(docs: list[tuple[str, dict[str, list[dict[str, Any]]]]], data: dict[str, Any]) -> bool:
    """True when ``check_links`` certainly finds nothing: every foreign key of the
    Arrow tables ``data`` is among its target's keys (in Arrow), and every span row of
    each document (``docs``: source, rows per table) points into that document's own
    text. Rows pointing into another document of the batch are left to check_links."""
    try:
        for name, table in data.items():
            for fk in table_meta(name)["foreign_keys"]:
                target = fk["reference"]["resource"]
                keys = data[target].column(table_meta(target)["primary_key"][0])
                if not _all(pc.is_in(pc.drop_null(table.column(fk["fields"][0])), value_set=keys.combine_chunks())):
                    return False
        for _, tables in docs:
            document = tables["documents"][0]
            doc_id, text = document["doc_id"], document["text"]
            for name in ("statements", "goals", "facts", "warnings"):
                for r in tables[name]:
                    start, end = r["char_start"], r["char_end"]
                    if r["doc_id"] != doc_id or not 0 <= start < end <= len(text) or text[start:end] != r["text"]:
                        return False
    except (KeyError, IndexError, TypeError, pyarrow.ArrowException):
        return False
    return True
