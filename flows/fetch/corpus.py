"""Corpus files (CSV, JSONL, Parquet): each row a document, its fields taken through the
source's mapping. A mapping value is a column name, or a template naming columns in
braces (``"{province}人民政府"``)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from flows.fetch.registry import Source

SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}
_FIELD = re.compile(r"\{([^{}]+)\}")


def corpus_files(source: Source) -> list[Path]:
    """The files of a corpus-file source, sorted; an error when there are none."""
    from flows.fetch.registry import RegistryError

    path = Path(source.path or "")
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise RegistryError(f"source {source.name}: path {path} does not exist")
    fmt = source.format
    files = sorted(
        p
        for p in path.iterdir()
        if p.is_file() and SUFFIXES.get(p.suffix.lower()) and (not fmt or SUFFIXES[p.suffix.lower()] == fmt)
    )
    if not files:
        raise RegistryError(f"source {source.name}: no .csv, .jsonl or .parquet files in {path}")
    return files


def rows(raw: bytes, name: str, fmt: str | None = None) -> Iterator[dict[str, object]]:
    fmt = fmt or SUFFIXES.get(Path(name).suffix.lower())
    if fmt == "csv":
        csv.field_size_limit(1 << 30)
        yield from csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    elif fmt == "jsonl":
        for n, line in enumerate(raw.decode("utf-8-sig").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError(f"{name} line {n}: not a JSON object")
                yield row
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        yield from pq.read_table(io.BytesIO(raw)).to_pylist()
    else:
        raise ValueError(f"{name}: unknown corpus file format (use .csv, .jsonl or .parquet)")


def mapped(row: dict[str, object], mapping: dict[str, str], where: str) -> dict[str, str | None]:
    """The document fields of a row; raise ``ValueError`` naming a missing column."""
    out: dict[str, str | None] = {}
    for fieldname, spec in mapping.items():
        names = _FIELD.findall(spec) or [spec]
        missing = [c for c in names if c not in row]
        if missing:
            raise ValueError(f"{where}: mapping.{fieldname} names column(s) {missing} the file does not have")
        if _FIELD.search(spec):
            value = _FIELD.sub(lambda m: "" if row[m.group(1)] is None else str(row[m.group(1)]), spec)
        else:
            value = None if row[spec] is None else str(row[spec])
        out[fieldname] = value if value not in ("", None) else None
    return out
