"""The pandera models as plain data: what a build needs to know of them (columns,
Arrow types, descriptions, checks, keys), readable without importing pandera.

pandera and pandas take ~0.9 s to import, and a build imports them in every
process that touches a table: the build's own, and the server its worker
processes are forked from. Yet a build that passes validation never runs
pandera (``flows.validate.checks.screen`` decides from these facts that it would pass).
So the facts are read from the models once per machine and code version and
kept as JSON in the user cache (``~/.cache/lianghui/schemas-<key>.json``),
keyed by the source of ``schemas/`` and the versions of Python, pandera, pandas
and pyarrow. The models stay the single source of truth: the file is only ever
written from them, and checked against them when written (a JSON round trip
that does not give the same facts back is not kept). The file carries a checksum
(``flows.checksum``): a damaged one is read from the models again. The facts a
process uses are always those of the file's text, whether it was just written or
read, so a build gives the same bytes with a cold or a warm cache."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "lianghui-schema-facts-1"
LIBRARIES = ("pandera", "pandas", "pyarrow")


@dataclass(frozen=True)
class ColumnType:
    """A column type (keyed by its Arrow name) as each format names it."""

    frictionless: str  # Table Schema type (datapackage.json)
    pandas: str  # the dtype pandera checks
    card: str  # as the dataset card prints it
    python: frozenset[type]  # the Python values the validation screen passes without pandera


#: The one table of column types: every column's ``arrow`` is one of its keys.
TYPES = {
    "string": ColumnType("string", "string", "string", frozenset({str, type(None)})),
    # bool is not int here: Arrow refuses it, pandas makes it 1
    "int64": ColumnType("integer", "Int64", "integer", frozenset({int, type(None)})),
    "float64": ColumnType("number", "float64", "number", frozenset({float, int, type(None)})),
    "list<string>": ColumnType("array", "object", "list of strings", frozenset({list})),
}
ARROW_TYPES = tuple(TYPES)


def arrow_type(name: str) -> Any:
    """The pyarrow type of a column type."""
    import pyarrow as pa

    return (
        pa.list_(pa.string())
        if name == "list<string>"
        else {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}[name]
    )


@dataclass(frozen=True)
class CheckFacts:
    name: str
    statistics: dict[str, Any]
    ignore_na: bool
    raise_warning: bool


@dataclass(frozen=True)
class ColumnFacts:
    name: str
    arrow: str | None  # the Arrow type kept in the Field's metadata
    description: str
    nullable: bool
    unique: bool
    required: bool
    regex: bool
    drop_invalid_rows: bool
    has_default: bool
    has_parsers: bool
    checks: tuple[CheckFacts, ...]


@dataclass(frozen=True)
class TableFacts:
    """A model's DataFrameSchema as data: its columns, and the schema-wide
    settings a reader must know to tell what the model accepts."""

    name: str
    meta: dict[str, Any]  # the model's Config.metadata: title, description, keys
    columns: tuple[ColumnFacts, ...]
    strict: bool
    coerce: bool
    has_checks: bool  # dataframe-wide checks
    unique: bool  # a dataframe-wide unique constraint
    has_index: bool
    add_missing_columns: bool
    drop_invalid_rows: bool


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    arrow: str
    description: str
    nullable: bool
    unique: bool
    enum: list[str] | None
    pattern: str | None
    minimum: float | None
    maximum: float | None


def _plain(value: Any) -> Any:
    """Check statistics as JSON values (tuples and sets as lists)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def facts_of(name: str, model: Any) -> TableFacts:
    """Read a pandera DataFrameModel into TableFacts."""
    schema = model.to_schema()
    columns = tuple(
        ColumnFacts(
            name=str(col_name),
            arrow=(column.metadata or {}).get("arrow"),
            description=column.description or "",
            nullable=bool(column.nullable),
            unique=bool(column.unique),
            required=bool(column.required),
            regex=bool(column.regex),
            drop_invalid_rows=bool(column.drop_invalid_rows),
            has_default=column.default is not None,
            has_parsers=bool(getattr(column, "parsers", None)),
            checks=tuple(
                CheckFacts(str(c.name), _plain(dict(c.statistics or {})), bool(c.ignore_na), bool(c.raise_warning))
                for c in column.checks
            ),
        )
        for col_name, column in schema.columns.items()
    )
    return TableFacts(
        name=name,
        meta=_plain(dict(model.Config.metadata)),
        columns=columns,
        strict=schema.strict is True,
        coerce=bool(schema.coerce),
        has_checks=bool(schema.checks),
        unique=bool(schema.unique),
        has_index=schema.index is not None,
        add_missing_columns=bool(schema.add_missing_columns),
        drop_invalid_rows=bool(schema.drop_invalid_rows),
    )


def from_models() -> dict[str, TableFacts]:
    """The facts, read from the pandera models (imports pandera)."""
    from schemas.tables import MODELS

    return {name: facts_of(name, model) for name, model in MODELS.items()}


def to_json(facts: dict[str, TableFacts]) -> str:
    """The text of the cache file (keys in the models' order, with a checksum)."""
    from flows.checksum import seal_json

    return seal_json({"format": FORMAT, "tables": [asdict(f) for f in facts.values()]})


def from_json(text: str | bytes) -> dict[str, TableFacts]:
    """Facts from ``to_json``'s text; ValueError when it is not such a text (or
    its checksum does not match: ``flows.checksum.Damaged``)."""
    from flows.checksum import open_json

    data = open_json(text)
    try:
        if data.get("format") != FORMAT:
            raise ValueError(f"not {FORMAT}")
        tables = {}
        for t in data["tables"]:
            columns = tuple(
                ColumnFacts(**{**c, "checks": tuple(CheckFacts(**k) for k in c["checks"])}) for c in t["columns"]
            )
            tables[t["name"]] = TableFacts(**{**t, "columns": columns})
        return tables
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed schema facts: {exc!r}") from None


def cache_key(sources: list[tuple[str, bytes]] | None = None) -> str:
    """What the facts depend on: this format, the source of ``schemas/``, and the
    versions of Python and of the libraries that read the models."""
    if sources is None:
        folder = Path(__file__).resolve().parent
        sources = [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.py"))]
    h = hashlib.sha256(FORMAT.encode() + b"\0" + sys.version.encode() + b"\0")
    for lib in LIBRARIES:
        try:
            h.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib}=?\0".encode())
    for name, data in sources:
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:16]


def cache_path(cache_dir: Path) -> Path:
    return cache_dir / f"schemas-{cache_key()}.json"


def load(cache_dir: Path | None) -> dict[str, TableFacts]:
    """The facts from the cache file in ``cache_dir`` when it is there and readable,
    else from the models (then written there, when the folder can be written)."""
    from flows import checksum

    path = cache_path(cache_dir) if cache_dir is not None else None
    if path is not None:
        try:
            return from_json(path.read_bytes())
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            checksum.drop(path)  # damaged: read from the models again
    facts = from_models()
    text = to_json(facts)
    again = from_json(text)
    if again != facts:  # not kept when the file would not give the same facts back
        return facts
    if path is not None:
        with contextlib.suppress(OSError):  # a cache: not kept when it cannot be written
            checksum.write_bytes(path, text.encode("utf-8"), path.parent)
    return again  # as a warm cache gives them (the same values in the file's order)


@functools.lru_cache(maxsize=1)
def facts() -> dict[str, TableFacts]:
    """Every table's facts, in publication order (cached in this process)."""
    from flows.settings import user_cache_dir

    return load(user_cache_dir())


def table_facts(table: str) -> TableFacts:
    return facts()[table]


@functools.cache
def column_specs(table: str) -> tuple[ColumnSpec, ...]:
    """The table's columns in order, as plain data."""
    return specs_of(table_facts(table))


def specs_of(table: TableFacts) -> tuple[ColumnSpec, ...]:
    """A table's columns as ColumnSpecs; ValueError for a check or an Arrow type
    they cannot describe (the Table Schema and the Parquet files would lose it)."""
    specs = []
    for c in table.columns:
        enum = pattern = minimum = maximum = None
        for check in c.checks:
            stats = check.statistics
            if check.name == "isin":
                enum = list(stats["allowed_values"])
            elif check.name == "str_matches":
                pattern = str(stats["pattern"])
            elif check.name == "greater_than_or_equal_to":
                minimum = stats["min_value"]
            elif check.name == "in_range" and stats.get("include_min", True) and stats.get("include_max", True):
                minimum, maximum = stats["min_value"], stats["max_value"]
            else:
                raise ValueError(f"{table.name}.{c.name}: check {check.name!r} is not described by column_specs")
        if c.arrow not in ARROW_TYPES:
            raise ValueError(
                f"{table.name}.{c.name}: Arrow type {c.arrow!r} (Field metadata 'arrow') is not one of {ARROW_TYPES}"
            )
        specs.append(ColumnSpec(c.name, c.arrow, c.description, c.nullable, c.unique, enum, pattern, minimum, maximum))
    return tuple(specs)


def table_meta(table: str) -> dict[str, Any]:
    return dict(table_facts(table).meta)


@functools.cache
def arrow_schema(table: str) -> Any:
    """Explicit Arrow schema with each column's description in its field metadata."""
    import pyarrow as pa

    fields = [
        pa.field(c.name, arrow_type(c.arrow), nullable=c.nullable, metadata={"description": c.description})
        for c in column_specs(table)
    ]
    meta = table_meta(table)
    return pa.schema(
        fields, metadata={"description": meta["description"], "primary_key": ",".join(meta["primary_key"])}
    )
