"""A batch, the unit of parallel work: a pure function of its documents' bytes that
ingests, cleans, extracts and validates them, and returns their rows as a segment.

Validation is screened first (``flows.validate.screen``): a batch whose rows
certainly pass never reaches pandera; any doubt sends it through pandera, which
decides and reports document by document."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from flows.build.inputs import RejectedRow
from flows.build.segment import Segment, make_segment
from flows.checksum import take_damaged
from flows.extract.rows import DocRows, Row, extract_document
from flows.ingest.document import Document, Payload, Rejection, ingest_payload
from flows.settings import TABLES
from flows.validate.checks import Failure, check_links, check_table
from flows.validate.screen import links_pass, screen


@dataclass
class DocResult:
    """What one input contributes: rows, or the reason it was rejected."""

    source: str
    rows: DocRows | None = None
    rejection: RejectedRow | None = None
    failures: list[Failure] = field(default_factory=list)


@dataclass
class BatchResult:
    """A processed batch: each document's outcome (its ``rows`` moved into the
    segment), the segment holding the rows of the documents that passed
    validation, the seconds its stages took (for benchmarks), and the damaged cache
    entries the process found (``flows.checksum``: the pinyin index, the schema facts)."""

    results: list[DocResult]
    segment: Segment
    seconds: dict[str, float]
    damaged: list[str] = field(default_factory=list)


def process_batch(payloads: list[Payload]) -> BatchResult:
    """Ingest, clean, extract and validate a batch: a pure function of its bytes."""
    clock = time.perf_counter
    t0 = clock()
    items = [ingest_payload(p) for p in payloads]
    t1 = clock()
    results = [extract_item(item) for item in items]
    t2 = clock()
    segment = screened_segment(results)
    if segment is None:  # something may fail: pandera decides and reports, document by document
        validate_batch(results)
        segment = segment_of(results)
    t3 = clock()
    seconds = {"ingest": t1 - t0, "extract": t2 - t1, "validate": t3 - t2}
    return BatchResult(results, segment, seconds, take_damaged())


def extract_item(item: Document | Rejection) -> DocResult:
    """An ingested document's rows, or its rejection."""
    if isinstance(item, Rejection):
        return DocResult(item.source, rejection={"source": item.source, "sha256": item.sha256, "reason": item.reason})
    return DocResult(item.source, rows=extract_document(item))


def segment_of(results: list[DocResult]) -> Segment:
    """Move the rows of the documents that passed validation into a segment (in
    publication order); a value Arrow refuses fails its document."""
    docs = [(r.source, _sorted_rows(r.rows)) for r in results if r.rows is not None and not r.failures]
    segment, refused = make_segment(docs)
    for r in results:
        if r.source in refused:
            table, message = refused[r.source]
            r.failures.append(
                {
                    "table": table,
                    "column": None,
                    "check": "Arrow type of the published schema",
                    "row": None,
                    "value": message,
                    "source": r.source,
                }
            )
        r.rows = None
    return segment


def doc_tables(rows: DocRows) -> dict[str, list[Row]]:
    return {
        "documents": [rows.document],
        "speakers": rows.speakers,
        "statements": rows.statements,
        "goals": rows.goals,
        "facts": rows.facts,
        "warnings": rows.warnings,
    }


def screened_segment(results: list[DocResult]) -> Segment | None:
    """The batch's segment when every row certainly passes validation, which the
    Arrow screen (``flows.validate.screen``) and the checks between tables tell without
    pandera; None when anything may fail (``validate_batch`` then decides). The
    segment is the one ``segment_of`` makes when no document fails."""
    docs = [(r.source, _sorted_rows(r.rows)) for r in results if r.rows is not None]
    if not docs:
        return None
    passed: dict[str, bool] = {}  # by table: a retry of make_segment (refused rows) screens again

    def screened(t: str, rows: list[Row], data: pa.Table, columns: list[list[Any]] | None) -> None:
        # each table as it is made (the values collected for Arrow are read again, then
        # dropped). Speaker ids: pandera sees each id once (validate_batch), so it never
        # finds them repeated
        passed[t] = screen(t, rows, data, frozenset({"speaker_id"}) if t == "speakers" else frozenset(), columns)

    segment, refused = make_segment(docs, screened)
    if refused or not all(passed.values()):
        return None
    if not links_pass(docs, segment.tables):
        return None
    for r in results:
        r.rows = None
    return segment


def batch_tables(results: list[DocResult]) -> tuple[dict[str, list[Row]], dict[str, list[int]]]:
    """The batch's rows per table as pandera sees them (a speaker id once, at its first
    document), and for each row the index of its document in ``results``."""
    tables: dict[str, list[Row]] = {t: [] for t in TABLES}
    origin: dict[str, list[int]] = {t: [] for t in TABLES}
    speaker_ids: set[str] = set()
    for i, r in enumerate(results):
        if r.rows is not None:
            for t, rows in doc_tables(r.rows).items():
                if t == "speakers":  # a person quoted in several documents: one row (the Assembler checks they agree)
                    rows = [s for s in rows if s.get("speaker_id") not in speaker_ids]
                    speaker_ids.update(s.get("speaker_id") for s in rows)
                tables[t] += rows
                origin[t] += [i] * len(rows)
    return tables, origin


def validate_batch(results: list[DocResult]) -> None:
    """Run every table's model on the batch (one pandera call per table) and the
    checks between tables, and attach each failure to its document."""
    tables, origin = batch_tables(results)
    if not tables["documents"]:
        return
    failures = [f for t in TABLES for f in check_table(t, tables[t])] + check_links(tables)
    for f in failures:
        row = f.get("row")
        doc = origin[f["table"]][row] if isinstance(row, int) and 0 <= row < len(origin[f["table"]]) else 0
        results[doc].failures.append({**f, "source": results[doc].source})


def _sorted_rows(rows: DocRows) -> dict[str, list[Row]]:
    """A document's rows in publication order (offsets, then id)."""
    out = doc_tables(rows)
    for t, key in (
        ("statements", "statement_id"),
        ("goals", "goal_id"),
        ("facts", "fact_id"),
        ("warnings", "warning_id"),
    ):
        out[t] = sorted(out[t], key=lambda r: (r.get("char_start") or 0, r.get("char_end") or 0, str(r.get(key))))
    return out
