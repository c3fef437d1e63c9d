"""One pandera model per published table: the single source of column names,
types, descriptions, checks and keys. The Parquet schema, the Frictionless
descriptor and the dataset card are all generated from these models."""
from schemas.tables import (
    MODELS,
    DocumentsModel,
    FactsModel,
    GoalsModel,
    SpeakersModel,
    StatementsModel,
    arrow_schema,
    column_specs,
    table_meta,
)

__all__ = [
    "MODELS",
    "DocumentsModel",
    "FactsModel",
    "GoalsModel",
    "SpeakersModel",
    "StatementsModel",
    "arrow_schema",
    "column_specs",
    "table_meta",
]
