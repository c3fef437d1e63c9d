"""Compare two releases table by table, matching rows by id: what was added,
removed and changed (and in which columns). Reviewed like a code diff."""

from __future__ import annotations

import concurrent.futures as cf
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flows.build.segment import fingerprints
from flows.settings import TABLES
from schemas import table_meta


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> changed columns

    def summary(self) -> dict[str, Any]:
        columns = Counter(c for cols in self.changed.values() for c in cols)
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "changed_columns": dict(sorted(columns.items())),
        }


def _read(folder: Path, table: str, only_docs: set[str] | None) -> pa.Table | None:
    path = folder / f"{table}.parquet"
    if not path.exists():
        return None
    data = pq.read_table(path)
    if only_docs is not None and "doc_id" in data.column_names:
        data = data.filter(pc.is_in(data["doc_id"], value_set=pa.array(sorted(only_docs), pa.string())))
    return data


def _differing(
    old: pa.Table | None, new: pa.Table | None, table: str
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Rows by id, leaving out rows equal in both (compared in Arrow, not in Python)."""
    if old is not None and new is not None and old.schema.names == new.schema.names:
        a, b = fingerprints(old), fingerprints(new)
        old, new = (
            old.filter(pc.invert(pc.is_in(a, value_set=b.combine_chunks()))),
            new.filter(pc.invert(pc.is_in(b, value_set=a.combine_chunks()))),
        )
    key = table_meta(table)["primary_key"][0]
    return tuple({r[key]: r for r in d.to_pylist()} if d is not None else {} for d in (old, new))  # type: ignore[return-value]


def diff_table(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> TableDiff:
    d = TableDiff(added=sorted(set(new) - set(old)), removed=sorted(set(old) - set(new)))
    for rid in sorted(set(old) & set(new)):
        cols = sorted(c for c in set(old[rid]) | set(new[rid]) if old[rid].get(c) != new[rid].get(c))
        if cols:
            d.changed[rid] = cols
    return d


def diff_releases(old: Path, new: Path, only_docs: set[str] | None = None) -> dict[str, TableDiff]:
    """Per-table differences. ``only_docs``: the documents that may differ (the
    others' rows are known to be equal, so they are not compared)."""
    with cf.ThreadPoolExecutor(2) as pool:  # Parquet is read with the GIL released
        read = {(side, t): pool.submit(_read, side, t, only_docs) for t in TABLES for side in (old, new)}
        return {t: diff_table(*_differing(read[old, t].result(), read[new, t].result(), t)) for t in TABLES}


def schema_changes(old: Path, new: Path) -> list[str]:
    """Tables and columns that came or went between two releases (from the Parquet schemas)."""
    out = []
    for t in TABLES:
        a, b = old / f"{t}.parquet", new / f"{t}.parquet"
        if not a.exists() and b.exists():
            out.append(f"table `{t}` added")
        elif a.exists() and not b.exists():
            out.append(f"table `{t}` removed")
        elif a.exists():
            sa, sb = pq.read_schema(a), pq.read_schema(b)
            fa, fb = {f.name: str(f.type) for f in sa}, {f.name: str(f.type) for f in sb}
            out += [f"`{t}.{c}` added" for c in fb if c not in fa]
            out += [f"`{t}.{c}` removed" for c in fa if c not in fb]
            out += [f"`{t}.{c}` type {fa[c]} → {fb[c]}" for c in fa if c in fb and fa[c] != fb[c]]
    return out


def summarize(diffs: dict[str, TableDiff]) -> dict[str, dict[str, Any]]:
    return {t: d.summary() for t, d in diffs.items()}


def render(
    old_version: str | None,
    new_version: str,
    diffs: dict[str, TableDiff] | None,
    examples: int = 5,
    schema: list[str] | None = None,
) -> str:
    """Markdown summary (CHANGES.md and `lianghui diff`)."""
    if old_version is None or diffs is None:
        return f"# Changes in {new_version}\n\nFirst release: nothing to compare with.\n"
    out = [f"# Changes from {old_version} to {new_version}", ""]
    if schema:
        out += ["Schema: " + "; ".join(schema) + ".", ""]
    out += ["| table | added | removed | changed | changed columns |", "| --- | ---: | ---: | ---: | --- |"]
    for t, d in diffs.items():
        s = d.summary()
        cols = ", ".join(f"{c} ({n})" for c, n in s["changed_columns"].items()) or "-"
        out.append(f"| `{t}` | {s['added']} | {s['removed']} | {s['changed']} | {cols} |")
    for t, d in diffs.items():
        if not (d.added or d.removed or d.changed):
            continue
        out += ["", f"## `{t}`", ""]
        for label, ids in (("added", d.added), ("removed", d.removed), ("changed", list(d.changed))):
            if ids:
                shown = ", ".join(
                    f"`{i}`" + (f" ({', '.join(d.changed[i])})" if label == "changed" else "") for i in ids[:examples]
                )
                more = f" and {len(ids) - examples} more" if len(ids) > examples else ""
                out.append(f"- {label}: {shown}{more}")
    return "\n".join(out) + "\n"
