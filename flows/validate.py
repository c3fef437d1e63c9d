"""Validate: every table against its pandera model (lazily: all failures at
once), then the checks that span tables: foreign keys, offsets inside the
document, and ``documents.text[char_start:char_end] == text``."""
from __future__ import annotations

import copy
import csv
import functools
import json
import operator
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as pc
from pandera.engines import pandas_engine

from schemas import MODELS, column_specs, table_meta

Failure = dict[str, Any]
_PANDAS_DTYPE = {"string": "string", "int64": "Int64", "float64": "float64", "list<string>": "object"}
# A column goes through Arrow (in C) when Arrow infers one of these types from its
# values, i.e. they are all str / all int / ints and floats (or None): then the
# result is exactly what pandas builds from the list, only faster.
_ARROW = {"string": ({pyarrow.string(), pyarrow.null()}, pd.StringDtype()),
          "int64": ({pyarrow.int64(), pyarrow.null()}, pd.Int64Dtype()),
          "float64": ({pyarrow.float64(), pyarrow.int64(), pyarrow.null()}, None)}


def _array(values: list[Any], arrow: str) -> Any:
    """The column's values as a pandas array of its dtype, or an ``object`` Series (kept as is by
    DataFrame, which would infer ``str`` from an object array) if they do not convert."""
    if arrow == "list<string>":
        return pd.Series(values, dtype=object)
    inferred, pandas_type = _ARROW[arrow]
    try:
        array = pyarrow.array(values)
        if array.type in inferred:
            if pandas_type is None:  # float64: ints beyond 2**53 raise here and go the pandas way
                return array.cast(pyarrow.float64()).to_numpy(zero_copy_only=False)
            if array.type == pyarrow.null():
                array = array.cast(pyarrow.string() if arrow == "string" else pyarrow.int64())
            return pandas_type.__from_arrow__(array)
    except (pyarrow.ArrowException, TypeError, ValueError, OverflowError):
        pass
    try:  # pandas' own conversion, as before: "12" -> 12, 5 -> "5", True -> 1, NaN -> <NA>
        return pd.Series(values, dtype=_PANDAS_DTYPE[arrow]).array
    except (TypeError, ValueError, OverflowError):
        # Not convertible ("abc" for an int): keep the values; pandera's coercion reports each bad one.
        return pd.Series(values, dtype=object)


def _frame(table: str, rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, list[str]]:
    """to_frame, and the columns that did not get their dtype."""
    specs = column_specs(table)
    names = [c.name for c in specs]
    extra = sorted(set().union(*rows) - set(names))
    try:  # every row has every column (the usual case): transpose in C
        columns = list(zip(*map(operator.itemgetter(*names), rows))) if rows else [()] * len(names)
    except KeyError:
        columns = [[r.get(name) for r in rows] for name in names]
    data = {c.name: _array(list(values), c.arrow) for c, values in zip(specs, columns)}
    dtypes = _dtypes(table)
    untyped = [name for name in names if data[name].dtype != dtypes[name]]
    for k in extra:
        data[k] = pd.Series([r.get(k) for r in rows], dtype=object)
    frame = pd.DataFrame(data, copy=False)
    # Column labels in an object Index: pandas would make it Arrow-backed (str), and every
    # frame[column] pandera does (a few per column) would pay an Arrow lookup.
    frame.columns = pd.Index(list(data), dtype=object)
    return frame, untyped


def to_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the schema's columns and dtypes (extra keys kept, so strict checks see them).
    A column whose values do not convert to its dtype is left as ``object`` for pandera to report."""
    return _frame(table, rows)[0]


@functools.lru_cache(maxsize=None)
def _dtypes(table: str) -> dict[str, Any]:
    return {c.name: pd.api.types.pandas_dtype(_PANDAS_DTYPE[c.arrow]) for c in column_specs(table)}


class _String(pandas_engine.STRING):
    """pandera's ``string`` dtype, with the same verdicts, that answers a plain
    ``True`` (not one ``True`` per element) when the column has the dtype already:
    pandera then skips building and printing an empty failure table (~1 ms a column)."""

    def check(self, pandera_dtype: Any, data_container: Any = None) -> Any:
        try:
            if pandas_engine.Engine.dtype(pandera_dtype).type == self.type:
                return True
        except TypeError:
            pass
        return super().check(pandera_dtype, data_container)


@functools.lru_cache(maxsize=None)
def _schemas(table: str) -> tuple[pa.DataFrameSchema, pa.DataFrameSchema]:
    """The model's schema (it coerces), and the same schema without coercion for frames
    that have the dtypes already (coercing them is a no-op that costs ~1 ms a column)."""
    schema = MODELS[table].to_schema()
    exact = copy.deepcopy(schema)
    exact.coerce = False
    for column in exact.columns.values():
        column.coerce = False
        if type(column.dtype) is pandas_engine.STRING:
            fast = _String(column.dtype.storage)
            if vars(fast) == vars(column.dtype) and str(fast) == str(column.dtype):  # the same dtype, if pandera changes
                column.dtype = fast
    return schema, exact


def check_table(table: str, rows: list[dict[str, Any]]) -> list[Failure]:
    """Run the table's pandera model; return its failure cases.

    A frame whose columns all have their dtypes (the usual case) is checked by the
    model's schema without coercion; otherwise by the model's schema itself, whose
    coercion reports the values that do not convert."""
    frame, untyped = _frame(table, rows)
    schema, exact = _schemas(table)
    failures: list[Failure] = []
    try:
        (schema if untyped else exact).validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            failures.append({
                "table": table, "column": _plain(case.get("column")), "check": str(case.get("check")),
                "row": _plain(case.get("index")), "value": _plain(case.get("failure_case")),
            })
    if untyped:
        # pandera does not always tell which values failed to convert (3.5 or [1] for an int): name each
        def coerce(f: Failure) -> bool:
            return f["column"] in untyped and f["check"].startswith("coerce_dtype(")

        named = {(f["column"], f["row"]) for f in failures if coerce(f) and f["row"] is not None}
        failures = [f for f in failures if not (coerce(f) and f["row"] is None)]
        for name in untyped:
            check = f"coerce_dtype('{schema.columns[name].dtype}')"
            failures += [{"table": table, "column": name, "check": check, "row": i, "value": v}
                         for i, v in _unconvertible(table, name, rows) if (name, i) not in named]
    for c in column_specs(table):
        if c.arrow == "list<string>":
            for i, v in enumerate(frame[c.name]):
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    failures.append({"table": table, "column": c.name, "check": "list of strings", "row": i, "value": repr(v)})
    return failures


def _unconvertible(table: str, column: str, rows: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """Rows whose value in ``column`` pandas cannot convert to the column's dtype."""
    dtype = _PANDAS_DTYPE[next(c.arrow for c in column_specs(table) if c.name == column)]
    bad = []
    for i, r in enumerate(rows):
        try:
            pd.Series([r.get(column)], dtype=object).astype(dtype)
        except (TypeError, ValueError, OverflowError):
            bad.append((i, r.get(column)))
    return bad


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def check_links(tables: dict[str, list[dict[str, Any]]]) -> list[Failure]:
    """Foreign keys and offsets, across tables."""
    failures: list[Failure] = []
    keys: dict[str, set[Any]] = {}
    for name, rows in tables.items():
        for fk in table_meta(name)["foreign_keys"]:
            column, target = fk["fields"][0], fk["reference"]["resource"]
            if target not in keys:
                pk = table_meta(target)["primary_key"][0]
                keys[target] = {r.get(pk) for r in tables[target]}
            known = keys[target]
            for i, value in enumerate(map(operator.methodcaller("get", column), rows)):
                if value is not None and value not in known:
                    failures.append({"table": name, "column": column, "check": f"foreign key -> {target}", "row": i, "value": value})
    texts = {d["doc_id"]: d["text"] for d in tables["documents"]}
    for name in ("statements", "goals", "facts", "warnings"):
        for i, r in enumerate(tables[name]):
            doc = texts.get(r.get("doc_id"))
            start, end = r.get("char_start"), r.get("char_end")
            if doc is None or not isinstance(start, int) or not isinstance(end, int):
                continue
            if not 0 <= start < end <= len(doc):
                failures.append({"table": name, "column": "char_start", "check": f"0 <= char_start < char_end <= {len(doc)}", "row": i, "value": f"{start}:{end}"})
            elif doc[start:end] != r.get("text"):
                failures.append({"table": name, "column": "text", "check": "text == documents.text[char_start:char_end]", "row": i, "value": r.get("text")})
    return failures


def summarize(failures: list[Failure], limit: int = 25) -> str:
    counts = Counter((f["table"], f["column"], f["check"]) for f in failures)
    lines = [f"  {t}.{c}: {check} ({n} rows)" for (t, c, check), n in counts.most_common(limit)]
    if len(counts) > limit:
        lines.append(f"  … and {len(counts) - limit} more kinds of failure")
    return f"{len(failures)} failures:\n" + "\n".join(lines)


def write_report(failures: list[Failure], folder: Path) -> Path:
    """Write the full report (CSV and JSON) into the staging folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "validation_report.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["source", "table", "column", "check", "row", "value"], lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(failures)
    (folder / "validation_report.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the screen
# pandera costs ~0.4 ms a document (and ~0.3 s on its first call in a process)
# although a batch almost never fails. The screen answers, in Arrow, "certainly
# passes" for a table's rows; anything else (a failure, a type it is not sure
# of, a check it does not know) sends the batch through pandera as before, so
# the failure report is always pandera's. The screen is at least as strict as
# the model, never less: Arrow's RE2 has ASCII \d and a strict $, and NaN fails
# every comparison.
_PY_TYPES: dict[str, frozenset[type]] = {
    "string": frozenset({str, type(None)}),
    "int64": frozenset({int, type(None)}),  # bool is not int here: Arrow refuses it, pandas makes it 1
    "float64": frozenset({float, int, type(None)}),
}
_KNOWN_CHECKS = {"isin", "str_matches", "greater_than_or_equal_to", "in_range"}


@dataclass(frozen=True)
class _ColumnScreen:
    name: str
    arrow: str
    nullable: bool
    unique: bool
    checks: tuple[tuple[str, dict[str, Any]], ...]


@functools.lru_cache(maxsize=None)
def screen_plan(table: str) -> tuple[_ColumnScreen, ...] | None:
    """What the screen checks for ``table``, read from its pandera model; None when
    the model has anything the screen does not understand (then pandera always runs)."""
    schema = MODELS[table].to_schema()
    if schema.checks or schema.unique or schema.index is not None or schema.add_missing_columns \
            or schema.drop_invalid_rows or not schema.strict or len(schema.columns) < 2:
        return None
    plan = []
    for name, column in schema.columns.items():
        arrow = (column.metadata or {}).get("arrow")
        if arrow not in (*_PY_TYPES, "list<string>") or column.regex or not column.required \
                or column.drop_invalid_rows or column.default is not None or getattr(column, "parsers", None):
            return None
        checks = []
        for check in column.checks:
            if check.name not in _KNOWN_CHECKS or not check.ignore_na or check.raise_warning:
                return None
            checks.append((check.name, dict(check.statistics or {})))
        plan.append(_ColumnScreen(name, arrow, bool(column.nullable), bool(column.unique), tuple(checks)))
    return tuple(plan)


def _all(mask: Any) -> bool:
    return len(mask) == 0 or (mask.null_count == 0 and bool(pc.all(mask).as_py()))


def _types_pass(plan: tuple[_ColumnScreen, ...], rows: list[dict[str, Any]]) -> bool:
    """Every row has exactly the model's columns, each value of its column's Python type."""
    names = [c.name for c in plan]
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
        elif not _PY_TYPES[c.arrow].issuperset(map(type, values)):
            return False
    return True


_LIST, _STR = frozenset({list}), frozenset({str})


def _all_sized(rows: list[Any], size: int) -> bool:
    """``not any(len(r) != size for r in rows)``: the lengths taken in C; should any
    ``len`` fail, the generator answers (or raises) as it would have alone."""
    try:
        return set(map(len, rows)) <= {size}
    except Exception:  # noqa: BLE001 - the plain form below raises its own error, if any
        return not any(len(r) != size for r in rows)


def _column_passes(c: _ColumnScreen, data: Any, unique: bool) -> bool:
    if not c.nullable and (data.null_count or (c.arrow == "float64" and _any(pc.is_nan(data)))):
        return False
    if unique and (pc.count_distinct(data, mode="all").as_py() != len(data)
                   or (c.arrow == "float64" and _any(pc.is_nan(data)))):  # NaN == NaN for pandera's duplicated()
        return False
    if not c.checks:
        return True
    # pandera's checks ignore nulls (ignore_na); with none to drop, the values are the data
    values = pc.drop_null(data) if data.null_count else data
    for name, stats in c.checks:
        if name == "isin":
            mask = pc.is_in(values, value_set=pyarrow.array(list(stats["allowed_values"]), values.type))
        elif name == "str_matches":
            mask = pc.match_substring_regex(values, "^(?:" + str(stats["pattern"]) + ")")  # re.match: anchored at the start
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


def screen(table: str, rows: list[dict[str, Any]], data: Any, unique_exempt: frozenset[str] = frozenset()) -> bool:
    """True when ``check_table(table, rows)`` certainly returns no failure. ``data``:
    the same rows as an Arrow table of the published schema. ``unique_exempt``:
    columns whose uniqueness the caller guarantees (speaker ids, deduplicated
    before pandera sees them). False means "not sure": run ``check_table``."""
    plan = screen_plan(table)
    if plan is None or data.num_rows != len(rows) or not _types_pass(plan, rows):
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
