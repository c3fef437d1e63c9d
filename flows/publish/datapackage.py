"""The Frictionless Data Package descriptor (``datapackage.json``), generated from the pandera models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flows.publish.files import sha256_file
from flows.settings import TABLES
from schemas import column_specs, table_meta
from schemas.contract import TYPES

DATASET_NAME = "lianghui"


DATASET_TITLE = "lianghui: statements and numeric goals from China's two sessions"


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema generated from the pandera model."""
    fields = []
    for c in column_specs(table):
        field: dict[str, Any] = {"name": c.name, "type": TYPES[c.arrow].frictionless, "description": c.description}
        constraints: dict[str, Any] = {}
        if not c.nullable:
            constraints["required"] = True
        if c.unique:
            constraints["unique"] = True
        if c.enum:
            constraints["enum"] = c.enum
        if c.pattern:
            constraints["pattern"] = c.pattern.removeprefix("^").removesuffix("$")
        if c.minimum is not None:
            constraints["minimum"] = c.minimum
        if c.maximum is not None:
            constraints["maximum"] = c.maximum
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    meta = table_meta(table)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": meta["primary_key"]}
    if meta["foreign_keys"]:
        schema["foreignKeys"] = meta["foreign_keys"]
    return schema


def datapackage(version: str, folder: Path, counts: dict[str, int], digest: Any = None) -> dict[str, Any]:
    digest = digest or sha256_file
    resources = []
    for table in TABLES:
        meta = table_meta(table)
        csv_path, pq_path = folder / f"{table}.csv", folder / f"{table}.parquet"
        resources.append(
            {
                "name": table,
                "type": "table",
                "path": csv_path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": meta["title"],
                "description": meta["description"],
                "bytes": csv_path.stat().st_size,
                "hash": "sha256:" + digest(csv_path),
                "dialect": {"header": True, "delimiter": ",", "quoteChar": '"'},
                "schema": table_schema(table),
                "rows": counts[table],
                "parquet": {"path": pq_path.name, "bytes": pq_path.stat().st_size, "hash": "sha256:" + digest(pq_path)},
            }
        )
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": DATASET_NAME,
        "title": DATASET_TITLE,
        "description": "Who said what at China's two sessions, and which numeric targets officials set: "
        "statements, speakers, numeric goals and reported figures extracted from documents, "
        "every row pointing at its document and character offsets.",
        "version": version,
        "resources": resources,
    }
