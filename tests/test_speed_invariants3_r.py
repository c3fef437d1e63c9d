"""The faster id hashing, figure search, Arrow conversion and type screen agree with the
plain code they replace, on varied and adversarial inputs (including failing ones)."""
from __future__ import annotations

import random
import re
from typing import Any

import pyarrow as pa
import pytest

from flows.extract.coverage import _FIGURE, _FIGURE_PLAIN
from flows.ingest.inputs import stable_id, stable_ids_after
from flows.build.segment import to_arrow
from flows.settings import TABLES
from schemas import arrow_schema

PARTS = ["", "a", "\x1f", "d_0123456789abcdef", "国务院总理李强表示，今年增长5%左右。" * 9, "x\x1fy", "é", "𠀋", "1"]


def _outcome(f: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", f(*args)
    except Exception as exc:  # noqa: BLE001 - the very same error is expected
        return type(exc).__name__, str(exc)


def test_ids_after_a_shared_head_are_the_plain_ids() -> None:
    rng = random.Random(3)
    for _ in range(3000):
        head = [rng.choice(PARTS) for _ in range(rng.randint(0, 3))]
        tail = [rng.choice(PARTS) for _ in range(rng.randint(0, 3))]
        prefix = rng.choice(["s", "g", "f", ""])
        assert stable_ids_after(*head)(prefix, *tail) == stable_id(prefix, *head, *tail)


@pytest.mark.parametrize(("head", "tail"), [
    (("d_1", 5), ("a", "1")),  # not a str in the head
    (("d_1", "p"), ("a", 2)),  # not a str in the tail
    (("d_1", "p\ud800"), ("a", "1")),  # not encodable (lone surrogate) in the head
    (("d_1", "p"), ("a\udfff", "1")),  # ... in the tail
    (("d_1", "p"), ()),  # no tail: the joined input has no trailing separator
    ((), ("a", "1")),
])
def test_ids_after_a_shared_head_fail_as_the_plain_ids(head: tuple[Any, ...], tail: tuple[Any, ...]) -> None:
    assert _outcome(stable_ids_after(*head), "s", *tail) == _outcome(stable_id, "s", *head, *tail)


def test_the_figure_search_finds_what_the_plain_pattern_finds() -> None:
    """Digits after digits are never tried: same matches, including numbers glued to
    other numbers, separators, spaces, units and the branch without a unit."""
    plain = re.compile(_FIGURE_PLAIN)
    rng = random.Random(5)
    alphabet = "0123456789０９.,，． 万亿千元美%％个百分点增长年的\n"
    for _ in range(30000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [m.span() for m in _FIGURE.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    for text in ["2023年GDP增长5.2%，达126万亿元", "12,345,678元", "1.5亿3亿元", "99个百分点100%", "3,5亿", "1 亿", "１２３元"]:
        assert [m.span() for m in _FIGURE.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def _valid_rows(table: str, n: int) -> list[dict[str, Any]]:
    values = {"string": "x", "int64": 2024, "float64": 1.5, "list<string>": ["a"]}
    types = {f.name: f.type for f in arrow_schema(table)}
    arrow = {pa.string(): "string", pa.int64(): "int64", pa.float64(): "float64"}
    return [{name: values[arrow.get(t, "list<string>")] for name, t in types.items()} for _ in range(n)]


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class _Row(dict):  # a dict with a default: from_pylist asks ``in`` first, itemgetter would not
    def __missing__(self, key: str) -> str:
        return "default"


BAD: list[Any] = [None, "12", 3, 3.5, True, b"x", ["a", 1], [], float("nan"), 2**70, {"a": 1}, ("a",)]


@pytest.mark.parametrize("table", TABLES)
def test_to_arrow_builds_what_from_pylist_builds(table: str) -> None:
    """Same table or the same error as ``Table.from_pylist``, for valid rows, rows with a
    bad value in any column, a missing or an extra key, and rows that are not plain dicts."""
    schema = arrow_schema(table)
    base = _valid_rows(table, 3)
    cases: list[list[Any]] = [[], base]
    for name in schema.names:
        for value in BAD:
            rows = [dict(r) for r in base]
            rows[1][name] = value
            cases.append(rows)
        missing = [dict(r) for r in base]
        del missing[2][name]
        cases.append(missing)
    cases.append([{**base[0], "bogus": 1}, *base[1:]])
    cases.append([_Row({k: v for k, v in r.items() if k != schema.names[0]}) for r in base])
    cases.append([dict(base[0]), 5])
    for rows in cases:
        got, want = _outcome(to_arrow, table, rows), _outcome(pa.Table.from_pylist, rows, schema)
        if got[0] == "ok" and want[0] == "ok":
            assert _ipc(got[1]) == _ipc(want[1]), rows  # byte for byte (NaN included)
            assert got[1].schema.equals(schema, check_metadata=True)
        else:
            assert got == want, rows


def _types_pass_plain(plan: Any, rows: list[Any]) -> bool:
    """validate._types_pass as it was written before the C-level collections."""
    import operator

    from flows.validate.screen import _PY_TYPES

    names = [c.name for c in plan]
    try:
        columns = list(zip(*map(operator.itemgetter(*names), rows)))
    except KeyError:
        return False
    if any(len(r) != len(names) for r in rows):
        return False
    for c, values in zip(plan, columns):
        if c.arrow == "list<string>":
            if not all(type(v) is list and all(type(x) is str for x in v) for v in values):
                return False
        elif not _PY_TYPES[c.arrow].issuperset(map(type, values)):
            return False
    return True


class _Sized(dict):
    def __init__(self, data: dict[str, Any], size: Any) -> None:
        super().__init__(data)
        self.size = size

    def __len__(self) -> Any:
        return self.size


class _StrList(list):  # a list subclass holding strings: not "a list" for the screen
    pass


@pytest.mark.parametrize("table", TABLES)
def test_the_type_screen_answers_as_the_plain_loops(table: str) -> None:
    """Same verdict or the same error, for every column set to many values (lists of
    strings and near misses included), extra and missing keys, and rows whose ``len``
    lies or fails."""
    from flows.validate.screen import _types_pass, screen_plan

    plan = screen_plan(table)
    assert plan is not None
    base = _valid_rows(table, 3)
    values = [*BAD, ["a", "b"], ["a", None], [["a"]], _StrList(["a"]), "", 0, -1.0]
    cases: list[list[Any]] = [[], base]
    for name in base[0]:
        for value in values:
            rows = [dict(r) for r in base]
            rows[0][name] = value
            cases.append(rows)
        missing = [dict(r) for r in base]
        del missing[1][name]
        cases.append(missing)
    cases.append([*base, {**base[0], "bogus": 1}])
    for size in (len(base[0]), len(base[0]) + 1, -1, "x"):
        cases.append([dict(base[0]), _Sized(base[1], size), dict(base[2])])
        cases.append([{**base[0], "bogus": 1}, _Sized(base[1], size)])
    cases.append([dict(base[0]), 7])
    verdicts = set()
    for rows in cases:
        got, want = _outcome(_types_pass, plan, rows), _outcome(_types_pass_plain, plan, rows)
        assert got == want, rows
        verdicts.add(got)
    assert ("ok", True) in verdicts and ("ok", False) in verdicts


def _parse_published_plain(value: str, where: str) -> int:
    """flows.ingest.inputs.parse_published before its cache."""
    import datetime as dt

    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    fmt = formats.get(len(value))
    try:
        if fmt is None:
            raise ValueError
        return dt.datetime.strptime(value, fmt).year
    except ValueError:
        raise ValueError(f"sidecar {where}: published {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from None


class _Text(str):
    pass


@pytest.mark.parametrize("value", [
    "2024", "2024-03", "2024-03-05", "2024-02-29", "2023-02-29", "2024-13", "2024-3-05", " 2024", "２０２４", "0000",
    "9999-12-31", "", "2024-03-05T00", "abcd", "2024/03/05", "1999-1", _Text("2024-03-05"), _Text("20x4"), 2024, b"2024", None,
])
def test_the_cached_publication_year_answers_as_strptime(value: Any) -> None:
    from flows.ingest.inputs import parse_published

    for _ in range(2):  # the second time from the cache
        assert _outcome(parse_published, value, "a.meta.json") == _outcome(_parse_published_plain, value, "a.meta.json")


def test_stable_id_is_the_hexdigest_prefix() -> None:
    """The ids as first defined: the first 16 hex digits of the SHA-256 of the parts
    joined by U+001F."""
    import hashlib

    rng = random.Random(17)
    for _ in range(3000):
        parts = [rng.choice(PARTS) for _ in range(rng.randint(0, 4))]
        want = "p_" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        assert stable_id("p", *parts) == want
        assert stable_ids_after(*parts[:2])("p", *parts[2:]) == want
