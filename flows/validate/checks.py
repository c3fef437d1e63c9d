"""Validate: every table against its pandera model (lazily: all failures at
once), then the checks that span tables: foreign keys, offsets inside the
document, and ``documents.text[char_start:char_end] == text``.

pandera itself (``check_table``, in ``flows.validate.models``) is imported only
when a batch may fail: the screen below decides from the models' facts
(``schemas.contract``) that a batch passes, without pandas or pandera, which
take ~0.9 s to import in every process."""

from __future__ import annotations

import csv
import json
import operator
from collections import Counter
from pathlib import Path
from typing import Any

from schemas import table_meta

Failure = dict[str, Any]


def check_table(table: str, rows: list[dict[str, Any]]) -> list[Failure]:
    """Run the table's pandera model; return its failure cases (see
    ``flows.validate.models.check_table``)."""
    from flows.validate.models import check_table as run

    return run(table, rows)


def to_frame(table: str, rows: list[dict[str, Any]]) -> Any:
    """The rows as the DataFrame pandera checks (see ``flows.validate.models.to_frame``)."""
    from flows.validate.models import to_frame as frame

    return frame(table, rows)


def check_links(tables: dict[str, list[dict[str, Any]]]) -> list[Failure]:
    """Foreign keys and offsets, across tables."""
    failures: list[Failure] = []
    keys: dict[str, set[Any]] = {}
    for name, rows in tables.items():
        for fk in table_meta(name)["foreign_keys"]:
            column, target = fk["fields"][0], fk["reference"]["resource"]
            if target not in keys:
                pk = table_meta(target)["primary_key"][0]
                keys[target] = {r.get(pk) for r in tables[target]}
            known = keys[target]
            for i, value in enumerate(map(operator.methodcaller("get", column), rows)):
                if value is not None and value not in known:
                    failures.append(
                        {"table": name, "column": column, "check": f"foreign key -> {target}", "row": i, "value": value}
                    )
    texts = {d["doc_id"]: d["text"] for d in tables["documents"]}
    for name in ("statements", "goals", "facts", "warnings"):
        for i, r in enumerate(tables[name]):
            doc = texts.get(r.get("doc_id"))
            start, end = r.get("char_start"), r.get("char_end")
            if doc is None or not isinstance(start, int) or not isinstance(end, int):
                continue
            if not 0 <= start < end <= len(doc):
                failures.append(
                    {
                        "table": name,
                        "column": "char_start",
                        "check": f"0 <= char_start < char_end <= {len(doc)}",
                        "row": i,
                        "value": f"{start}:{end}",
                    }
                )
            elif doc[start:end] != r.get("text"):
                failures.append(
                    {
                        "table": name,
                        "column": "text",
                        "check": "text == documents.text[char_start:char_end]",
                        "row": i,
                        "value": r.get("text"),
                    }
                )
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
        writer = csv.DictWriter(
            fh,
            fieldnames=["source", "table", "column", "check", "row", "value"],
            lineterminator="\n",
            extrasaction="ignore",
        )
        writer.writeheader()
        writer.writerows(failures)
    (folder / "validation_report.json").write_text(
        json.dumps(failures, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
    )
    return path
