"""Validate: every table against its pandera model (lazily: all failures at
once), then the checks that span tables: foreign keys, offsets inside the
document, and ``documents.text[char_start:char_end] == text``."""
from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from schemas import MODELS, column_specs, table_meta

Failure = dict[str, Any]
_PANDAS_DTYPE = {"string": "string", "int64": "Int64", "float64": "float64", "list<string>": "object"}


def to_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with the schema's columns and dtypes (extra keys kept, so strict checks see them)."""
    specs = column_specs(table)
    names = [c.name for c in specs]
    extra = sorted({k for r in rows for k in r} - set(names))
    data = {}
    for c in specs:
        values = [r.get(c.name) for r in rows]
        data[c.name] = pd.Series(values, dtype=_PANDAS_DTYPE[c.arrow]) if c.arrow != "list<string>" else pd.Series(values, dtype=object)
    for k in extra:
        data[k] = pd.Series([r.get(k) for r in rows], dtype=object)
    return pd.DataFrame(data, columns=names + extra)


def check_table(table: str, rows: list[dict[str, Any]]) -> list[Failure]:
    """Run the table's pandera model; return its failure cases."""
    frame = to_frame(table, rows)
    failures: list[Failure] = []
    try:
        MODELS[table].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.to_dict("records"):
            failures.append({
                "table": table, "column": _plain(case.get("column")), "check": str(case.get("check")),
                "row": _plain(case.get("index")), "value": _plain(case.get("failure_case")),
            })
    for c in column_specs(table):
        if c.arrow == "list<string>":
            for i, v in enumerate(frame[c.name]):
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    failures.append({"table": table, "column": c.name, "check": "list of strings", "row": i, "value": repr(v)})
    return failures


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
    keys = {name: {r[table_meta(name)["primary_key"][0]] for r in rows} for name, rows in tables.items()}
    for name, rows in tables.items():
        for fk in table_meta(name)["foreign_keys"]:
            column, target = fk["fields"][0], fk["reference"]["resource"]
            for i, r in enumerate(rows):
                if r.get(column) is not None and r[column] not in keys[target]:
                    failures.append({"table": name, "column": column, "check": f"foreign key -> {target}", "row": i, "value": r[column]})
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
