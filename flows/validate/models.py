"""The pandera half of validation: a table's rows as a pandas DataFrame with the
model's dtypes, checked by the model. Imported only when a batch may fail (see
``flows.validate.checks``): pandas and pandera take ~0.9 s to import."""

from __future__ import annotations

import copy
import functools
import operator
from typing import Any

from schemas.nodask import keep_pandera_off_dask

keep_pandera_off_dask()  # before pandera is imported

import pandas as pd  # noqa: E402
import pandera.pandas as pa  # noqa: E402
import pyarrow  # noqa: E402
from pandera.engines import pandas_engine  # noqa: E402

from schemas import MODELS, column_specs  # noqa: E402
from schemas.contract import TYPES  # noqa: E402

Failure = dict[str, Any]
# A column goes through Arrow (in C) when Arrow infers one of these types from its
# values, i.e. they are all str / all int / ints and floats (or None): then the
# result is exactly what pandas builds from the list, only faster.
_ARROW = {
    "string": ({pyarrow.string(), pyarrow.null()}, pd.StringDtype()),
    "int64": ({pyarrow.int64(), pyarrow.null()}, pd.Int64Dtype()),
    "float64": ({pyarrow.float64(), pyarrow.int64(), pyarrow.null()}, None),
}


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
        return pd.Series(values, dtype=TYPES[arrow].pandas).array
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


@functools.cache
def _dtypes(table: str) -> dict[str, Any]:
    return {c.name: pd.api.types.pandas_dtype(TYPES[c.arrow].pandas) for c in column_specs(table)}


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


@functools.cache
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
            if vars(fast) == vars(column.dtype) and str(fast) == str(
                column.dtype
            ):  # the same dtype, if pandera changes
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
            failures.append(
                {
                    "table": table,
                    "column": _plain(case.get("column")),
                    "check": str(case.get("check")),
                    "row": _plain(case.get("index")),
                    "value": _plain(case.get("failure_case")),
                }
            )
    if untyped:
        # pandera does not always tell which values failed to convert (3.5 or [1] for an int): name each
        def coerce(f: Failure) -> bool:
            return f["column"] in untyped and f["check"].startswith("coerce_dtype(")

        named = {(f["column"], f["row"]) for f in failures if coerce(f) and f["row"] is not None}
        failures = [f for f in failures if not (coerce(f) and f["row"] is None)]
        for name in untyped:
            check = f"coerce_dtype('{schema.columns[name].dtype}')"
            failures += [
                {"table": table, "column": name, "check": check, "row": i, "value": v}
                for i, v in _unconvertible(table, name, rows)
                if (name, i) not in named
            ]
    for c in column_specs(table):
        if c.arrow == "list<string>":
            for i, v in enumerate(frame[c.name]):
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    failures.append(
                        {"table": table, "column": c.name, "check": "list of strings", "row": i, "value": repr(v)}
                    )
    return failures


def _unconvertible(table: str, column: str, rows: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """Rows whose value in ``column`` pandas cannot convert to the column's dtype."""
    dtype = TYPES[next(c.arrow for c in column_specs(table) if c.name == column)].pandas
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
