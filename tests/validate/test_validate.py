"""check_table: every table's pandera model, and the failure dicts it returns.

Each test breaks one thing in an otherwise valid batch and asserts the failure
names the table, the column, the check and the row."""

from __future__ import annotations

import copy
from typing import Any

import pyarrow as pa
import pytest

from benchmarks.corpus import generate
from flows.build.batch import doc_tables
from flows.extract.rows import extract_document
from flows.ingest.document import ingest_payload
from flows.ingest.files import discover, read_payload
from flows.settings import TABLES
from flows.validate.checks import check_table, to_frame
from schemas.tables import ID_PATTERN, column_specs

Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Rows:
    """Rows of a small generated corpus, collected per table as validate_batch does."""
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, 12)
    tables: Rows = {t: [] for t in TABLES}
    seen: set[str] = set()
    for f in discover(folder)[0]:
        for t, rows in doc_tables(extract_document(ingest_payload(read_payload(f)))).items():
            if t == "speakers":
                rows = [s for s in rows if s["speaker_id"] not in seen]
                seen.update(s["speaker_id"] for s in rows)
            tables[t] += rows
    if not tables["warnings"]:  # a valid one, made from a statement
        s = tables["statements"][0]
        tables["warnings"].append(
            {
                "warning_id": "w_0123456789abcdef",
                "doc_id": s["doc_id"],
                "kind": "unattributed_quote",
                "text": s["text"],
                "char_start": s["char_start"],
                "char_end": s["char_end"],
                "message": "test",
            }
        )
    assert all(tables.values()), {t: len(r) for t, r in tables.items()}
    return tables


def rows_of(batch: Rows, table: str, n: int = 4) -> list[dict[str, Any]]:
    rows = copy.deepcopy(batch[table][:n])
    assert len(rows) == n
    return rows


def only(failures: list[dict[str, Any]], **match: Any) -> list[dict[str, Any]]:
    return [f for f in failures if all(f[k] == v for k, v in match.items())]


def test_a_valid_batch_has_no_failures(batch: Rows) -> None:
    for table in TABLES:
        assert check_table(table, batch[table]) == [], table


def test_empty_tables_have_no_failures() -> None:
    for table in TABLES:
        assert check_table(table, []) == [], table


def test_to_frame_has_the_schema_columns_in_order(batch: Rows) -> None:
    for table in TABLES:
        frame = to_frame(table, batch[table])
        assert list(frame.columns) == [c.name for c in column_specs(table)]
        assert len(frame) == len(batch[table])
        dtypes = {c.name: str(frame[c.name].dtype) for c in column_specs(table)}
        for c in column_specs(table):
            assert (
                dtypes[c.name]
                == {"string": "string", "int64": "Int64", "float64": "float64", "list<string>": "object"}[c.arrow]
            )


def test_malformed_id(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[2]["doc_id"] = "X_123"
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "doc_id", "check": f"str_matches('{ID_PATTERN}')", "row": 2, "value": "X_123"},
    ]


def test_malformed_pattern_columns(batch: Rows) -> None:
    docs = rows_of(batch, "documents", 2)
    docs[0]["published"] = "2024/01"
    docs[1]["sha256"] = "zz"
    failures = check_table("documents", docs)
    assert [(f["column"], f["row"], f["value"]) for f in failures] == [("published", 0, "2024/01"), ("sha256", 1, "zz")]
    assert all(f["check"].startswith("str_matches(") for f in failures)
    goals = rows_of(batch, "goals")
    goals[1]["unit"] = "CNY/"
    assert [(f["column"], f["row"], f["value"]) for f in check_table("goals", goals)] == [("unit", 1, "CNY/")]


def test_value_outside_the_enum(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[1]["comparator"] = "about"
    assert check_table("goals", rows) == [
        {
            "table": "goals",
            "column": "comparator",
            "check": "isin(['eq', 'gt', 'ge', 'lt', 'le', 'approx', 'range'])",
            "row": 1,
            "value": "about",
        },
    ]
    statements = rows_of(batch, "statements")
    statements[3]["quote"] = "DIRECT"
    assert check_table("statements", statements) == [
        {
            "table": "statements",
            "column": "quote",
            "check": "isin(['direct', 'indirect', 'mixed'])",
            "row": 3,
            "value": "DIRECT",
        },
    ]


def test_out_of_range_numbers(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[1]["target_year"] = 1800
    rows[2]["char_start"] = -1
    rows[3]["char_end"] = 0
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "char_start", "check": "greater_than_or_equal_to(0)", "row": 2, "value": -1},
        {"table": "goals", "column": "char_end", "check": "greater_than_or_equal_to(1)", "row": 3, "value": 0},
        {"table": "goals", "column": "target_year", "check": "in_range(1949, 2100)", "row": 1, "value": 1800},
    ]


@pytest.mark.parametrize(
    ("table", "column"), [("goals", "unit"), ("statements", "char_end"), ("goals", "value"), ("goals", "goal_id")]
)
def test_null_in_a_non_nullable_column(batch: Rows, table: str, column: str) -> None:
    rows = rows_of(batch, table)
    rows[1][column] = None
    assert check_table(table, rows) == [
        {"table": table, "column": column, "check": "not_nullable", "row": 1, "value": None}
    ]


def test_nan_in_a_non_nullable_float_column(batch: Rows) -> None:
    rows = rows_of(batch, "facts")
    rows[0]["value_normalized"] = float("nan")
    assert check_table("facts", rows) == [
        {"table": "facts", "column": "value_normalized", "check": "not_nullable", "row": 0, "value": None}
    ]


def test_nulls_allowed_where_nullable(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    for r in rows:
        r.update(
            value_high=None,
            unit_text=None,
            direction=None,
            metric=None,
            target_year=None,
            statement_id=None,
            speaker_id=None,
        )
    assert check_table("goals", rows) == []


def test_duplicate_primary_key(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[3]["goal_id"] = rows[0]["goal_id"]
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "goal_id", "check": "field_uniqueness", "row": 0, "value": rows[0]["goal_id"]},
        {"table": "goals", "column": "goal_id", "check": "field_uniqueness", "row": 3, "value": rows[0]["goal_id"]},
    ]
    docs = rows_of(batch, "documents", 2)
    docs[1]["source"] = docs[0]["source"]
    assert [(f["column"], f["check"], f["row"]) for f in check_table("documents", docs)] == [
        ("source", "field_uniqueness", 0),
        ("source", "field_uniqueness", 1),
    ]


def test_extra_unknown_column(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[1]["bogus"] = 1
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "GoalsModel", "check": "column_in_schema", "row": None, "value": "bogus"},
    ]


def test_missing_column(batch: Rows) -> None:
    """A key absent from the rows is a column of nulls: a failure per row where
    the column is not nullable, none where it is."""
    rows = rows_of(batch, "goals", 2)
    for r in rows:
        del r["unit"], r["metric"]
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "unit", "check": "not_nullable", "row": 0, "value": None},
        {"table": "goals", "column": "unit", "check": "not_nullable", "row": 1, "value": None},
    ]
    rows = rows_of(batch, "statements", 3)
    del rows[2]["quote"]
    assert check_table("statements", rows) == [
        {"table": "statements", "column": "quote", "check": "not_nullable", "row": 2, "value": None},
    ]


@pytest.mark.parametrize("bad", ["主任", ("主任",), ["主任", 3], None])
def test_titles_must_be_a_list_of_strings(batch: Rows, bad: Any) -> None:
    rows = rows_of(batch, "speakers", 3)
    rows[1]["titles"] = bad
    failures = check_table("speakers", rows)
    assert only(failures, check="list of strings") == [
        {"table": "speakers", "column": "titles", "check": "list of strings", "row": 1, "value": repr(bad)},
    ]
    if bad is None:
        assert only(failures, check="not_nullable") == [
            {"table": "speakers", "column": "titles", "check": "not_nullable", "row": 1, "value": None},
        ]
    assert len(failures) == (2 if bad is None else 1)


def test_several_failures_at_once(batch: Rows) -> None:
    rows = rows_of(batch, "statements")
    rows[0]["doc_id"] = None
    rows[1]["attribution"] = "guess"
    rows[2]["speaker_id"] = "p_XYZ"
    rows[3]["statement_id"] = rows[2]["statement_id"]
    got = {(f["column"], f["check"].split("(")[0], f["row"]) for f in check_table("statements", rows)}
    assert got == {
        ("doc_id", "not_nullable", 0),
        ("attribution", "isin", 1),
        ("speaker_id", "str_matches", 2),
        ("statement_id", "field_uniqueness", 2),
        ("statement_id", "field_uniqueness", 3),
    }


# ---------------------------------------------------------------- types
def test_values_that_convert_cleanly_are_accepted(batch: Rows) -> None:
    """As pandas converts them: digits for an int, a number for a float, a number for a string."""
    rows = rows_of(batch, "goals")
    rows[0]["char_start"] = str(rows[0]["char_start"])
    rows[1]["value"] = str(rows[1]["value"])
    rows[2]["metric"] = 5
    rows[3]["char_end"] = float(rows[3]["char_end"])
    assert check_table("goals", rows) == []
    frame = to_frame("goals", rows)
    assert frame["metric"][2] == "5" and frame["char_start"][0] == batch["goals"][0]["char_start"]


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
def test_wrong_type_in_an_int_column(batch: Rows) -> None:
    """Until 2026-11 these raised from to_frame; now pandera's coercion reports them."""
    for bad in ("abc", 3.5, [1], 1e30):
        rows = rows_of(batch, "statements")
        rows[1]["char_start"] = bad
        failures = check_table("statements", rows)
        assert only(failures, row=1, check="coerce_dtype('Int64')") == [
            {"table": "statements", "column": "char_start", "check": "coerce_dtype('Int64')", "row": 1, "value": bad},
        ], bad
        assert {f["column"] for f in failures} == {"char_start"}
        assert only(failures, check="dtype('Int64')")


def test_a_string_where_a_float_is_expected(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[2]["value"] = "many"
    rows[0]["value_normalized"] = [1.5]
    failures = check_table("goals", rows)
    assert only(failures, check="coerce_dtype('float64')") == [
        {"table": "goals", "column": "value", "check": "coerce_dtype('float64')", "row": 2, "value": "many"},
        {"table": "goals", "column": "value_normalized", "check": "coerce_dtype('float64')", "row": 0, "value": [1.5]},
    ]
    assert {f["column"] for f in failures} == {"value", "value_normalized"}


def test_a_string_pyarrow_cannot_encode(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[1]["metric"] = "\ud800"
    assert check_table("goals", rows) == [
        {"table": "goals", "column": "metric", "check": "coerce_dtype('string[pyarrow]')", "row": 1, "value": "\ud800"},
    ]


def test_extra_and_fallback_columns_stay_object(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[0]["bogus"] = "x"
    rows[1]["char_start"] = "abc"
    frame = to_frame("goals", rows)
    assert str(frame["bogus"].dtype) == "object" and str(frame["char_start"].dtype) == "object"


def test_wrong_types_do_not_hide_other_failures(batch: Rows) -> None:
    rows = rows_of(batch, "goals")
    rows[0]["value"] = "x"
    rows[1]["doc_id"] = None
    rows[2]["measure"] = "z"
    got = {(f["column"], f["check"].split("(")[0], f["row"]) for f in check_table("goals", rows)}
    assert {("value", "coerce_dtype", 0), ("doc_id", "not_nullable", 1), ("measure", "isin", 2)} <= got


# ---------------------------------------------------------------- the fast path checks what the model checks
BREAKS = [
    ("goals", 1, "doc_id", "X_123"),
    ("goals", 0, "comparator", "about"),
    ("goals", 2, "unit", None),
    ("goals", 3, "value", float("nan")),
    ("goals", 1, "target_year", 1800),
    ("goals", 0, "char_start", -1),
    ("goals", 2, "goal_id", "<dup>"),
    ("goals", 1, "bogus", 1),
    ("statements", 0, "quote", "DIRECT"),
    ("statements", 1, "cue", None),
    ("speakers", 2, "kind", "robot"),
    ("speakers", 1, "titles", None),
    ("documents", 0, "published", "2024/01"),
    ("documents", 1, "year", 2101),
    ("documents", 0, "encoding", "latin-1"),
    ("facts", 3, "direction", "sideways"),
    ("facts", 0, "value_high", None),
    ("warnings", 0, "kind", "other"),
]


@pytest.mark.parametrize(("table", "row", "column", "value"), BREAKS)
def test_same_failures_as_the_model_with_coercion(batch: Rows, table: str, row: int, column: str, value: Any) -> None:
    """check_table skips coercion when the frame has the dtypes already; the model
    itself (which coerces) must find exactly the same failures."""
    from flows.validate.models import _plain
    from schemas import MODELS

    rows = rows_of(batch, table, 4 if len(batch[table]) >= 4 else 1)
    rows[min(row, len(rows) - 1)][column] = rows[0][column] if value == "<dup>" else value
    expected = []
    try:
        MODELS[table].validate(to_frame(table, rows), lazy=True)
    except Exception as exc:  # SchemaErrors
        expected = [
            (_plain(c["column"]), str(c["check"]), _plain(c["index"]), _plain(c["failure_case"]))
            for c in exc.failure_cases.to_dict("records")
        ]
    got = [
        (f["column"], f["check"], f["row"], f["value"])
        for f in check_table(table, rows)
        if f["check"] != "list of strings"
    ]
    assert got == expected


def test_the_schema_without_coercion_is_the_model_s() -> None:
    """Same columns, dtypes (by name), nullability, uniqueness and checks as the model;
    only coercion is off (and string dtypes answer a plain True)."""
    from flows.validate.models import _schemas
    from schemas import MODELS

    for table in TABLES:
        model, exact = MODELS[table].to_schema(), _schemas(table)[1]
        assert _schemas(table)[0] is model
        assert exact.strict == model.strict and exact.unique == model.unique and not exact.coerce and model.coerce
        assert list(exact.columns) == list(model.columns)
        for name, column in model.columns.items():
            fast = exact.columns[name]
            assert (str(fast.dtype), fast.nullable, fast.unique) == (str(column.dtype), column.nullable, column.unique)
            assert [(c.name, c.statistics, c.error) for c in fast.checks] == [
                (c.name, c.statistics, c.error) for c in column.checks
            ]
            assert not fast.coerce
        assert [(c.name, c.statistics) for c in exact.checks] == [(c.name, c.statistics) for c in model.checks]


# ---------------------------------------------------------------- the Arrow screen never passes what pandera fails
BAD_VALUES: list[Any] = [
    None,
    float("nan"),
    float("inf"),
    3.5,
    3.0,
    True,
    False,
    0,
    -1,
    1,
    1948,
    1949,
    2100,
    2101,
    2**62,
    "abc",
    "",
    "x",
    "12",
    "２０２３",
    "2024\n",
    "2024-01-01",
    "p_0123456789abcdef\n",
    "P_0123456789ABCDEF",
    "percent/person",
    "percent/",
    "CNY ",
    "direct",
    "up",
    "person",
    "utf-8",
    [],
    ["a"],
    ["a", None],
    ["a", 1],
    ("a",),
    "ab",
    b"x",
    {"a": 1},
]


def _screen(table: str, rows: list[dict[str, Any]]) -> bool | None:
    """The screen's verdict, or None when Arrow refuses the rows (the pipeline then
    goes to pandera without asking the screen)."""
    from flows.build.segment import to_arrow
    from flows.validate.screen import screen

    try:
        data = to_arrow(table, rows)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    return screen(table, rows, data)


def test_the_screen_passes_a_valid_batch(batch: Rows) -> None:
    """Else the fast path would never be taken."""
    for table in TABLES:
        assert _screen(table, batch[table]) is True, table
        assert _screen(table, []) is True, table


@pytest.mark.parametrize("table", TABLES)
def test_the_screen_never_passes_what_the_model_fails(batch: Rows, table: str) -> None:
    """Every column of every table, set to each of many wrong (and some right) values,
    duplicated, dropped, or joined by an extra key: whenever the screen says "passes",
    check_table finds nothing. Counts make sure both verdicts happen."""
    verdicts = {True: 0, False: 0}
    base = rows_of(batch, table, min(3, len(batch[table])))
    cases: list[list[dict[str, Any]]] = []
    for column in base[0]:
        for value in BAD_VALUES:
            rows = copy.deepcopy(base)
            rows[-1][column] = value
            cases.append(rows)
        dup = copy.deepcopy(base) + [copy.deepcopy(base[0])]
        cases.append(dup)
        missing = copy.deepcopy(base)
        del missing[0][column]
        cases.append(missing)
    extra = copy.deepcopy(base)
    extra[0]["bogus"] = "x"
    cases.append(extra)
    for rows in cases:
        verdict = _screen(table, rows)
        if verdict is None:
            continue
        verdicts[verdict] += 1
        if verdict:
            assert check_table(table, rows) == [], rows
    assert verdicts[True] > 0 and verdicts[False] > 0, verdicts


def test_the_screen_reads_every_check_of_the_models() -> None:
    """A check the screen does not know makes it give up on the table (pandera runs)
    rather than pass unchecked values: today every model is understood."""
    from flows.validate.screen import screen_plan
    from schemas import MODELS

    for table in TABLES:
        plan = screen_plan(table)
        assert plan is not None, table
        model = MODELS[table].to_schema()
        assert [c.name for c in plan] == list(model.columns)
        assert [len(c.checks) for c in plan] == [len(c.checks) for c in model.columns.values()]
