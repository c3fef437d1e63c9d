"""One pandera model per published table: the single source of column names,
types, descriptions, checks and keys. The Parquet schema, the Frictionless
descriptor and the dataset card are all generated from these models.

Names are loaded on first use (``from schemas import MODELS``), so importing
the package itself stays cheap; ``arrow_schema``, ``column_specs`` and
``table_meta`` come from ``schemas.contract``, which reads the models once per
machine and code version and does not import pandera after that."""

from __future__ import annotations

from typing import Any

__all__ = [
    "MODELS",
    "DocumentsModel",
    "FactsModel",
    "GoalsModel",
    "SpeakersModel",
    "StatementsModel",
    "WarningsModel",
    "arrow_schema",
    "column_specs",
    "table_meta",
]


_FACTS = {"arrow_schema", "column_specs", "table_meta"}  # read without pandera: see schemas.contract


def __getattr__(name: str) -> Any:
    if name in _FACTS:
        from schemas import contract

        return getattr(contract, name)
    if name in __all__:
        from schemas import tables

        return getattr(tables, name)
    raise AttributeError(f"module 'schemas' has no attribute {name!r}")
