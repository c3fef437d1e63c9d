"""Assemble: documents' rows, in document order, streamed into the staging folder,
with the checks that span documents (unique ids, one row per speaker id)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from flows.build.batch import DocResult
from flows.build.inputs import RejectedRow
from flows.build.segment import Segment, fingerprints
from flows.publish.writer import TableWriter
from flows.settings import TABLES
from flows.validate.checks import Failure
from schemas import arrow_schema, table_meta


class Assembler:
    """Receives documents in order and streams their rows (row ranges of
    segments) into the staging folder, checking what spans documents: unique
    ids, and one row per speaker id (speakers are written last, sorted by id)."""

    def __init__(self, staging: Path) -> None:
        self.writer = TableWriter(staging)
        self.speakers: list[pa.Table] = []
        self.ids: dict[str, list[pa.Table]] = {t: [] for t in TABLES if t != "speakers"}
        self.rejected: list[RejectedRow] = []
        self.failures: list[Failure] = []
        self._run: tuple[Segment, int, int] | None = None  # consecutive documents of one segment

    def add(self, result: DocResult, segment: Segment | None = None, position: int = -1) -> None:
        """One document: a rejection, failures, or its rows at ``position`` in ``segment``."""
        if result.rejection is not None:
            self.rejected.append(result.rejection)
            return
        self.failures += result.failures
        if result.failures:
            return  # nothing of an invalid document is written: the build will not publish
        assert segment is not None and segment.sources[position] == result.source
        run = self._run
        if run is not None and run[0] is segment and run[2] == position:
            self._run = (segment, run[1], position + 1)
            return
        self._flush()
        self._run = (segment, position, position + 1)

    def _flush(self) -> None:
        if self._run is None:
            return
        segment, first, end = self._run
        self._run = None
        for t in TABLES:
            start, stop = segment.offsets[t][first], segment.offsets[t][end]
            if stop == start:
                continue
            data = segment.tables[t].slice(start, stop - start)
            if t == "speakers":
                self.speakers.append(data)
                continue
            key = table_meta(t)["primary_key"][0]
            self.ids[t].append(data.select([key, "source" if t == "documents" else "doc_id"]))
            self.writer.add(t, data)

    def close(self) -> dict[str, int]:
        self._flush()
        self.failures += duplicate_ids(self.ids)
        speakers, failures = unique_speakers(self.speakers)
        self.failures += failures
        self.writer.add("speakers", speakers)
        return self.writer.close()


def duplicate_ids(ids: dict[str, list[pa.Table]]) -> list[Failure]:
    """Primary keys that occur more than once across documents."""
    failures: list[Failure] = []
    sources: dict[str, str] | None = None
    for t, parts in ids.items():
        if not parts:
            continue
        key = table_meta(t)["primary_key"][0]
        column = pa.concat_tables(parts)[key]
        if len(pc.unique(column)) == len(column):
            continue
        if sources is None:
            docs = ids["documents"]
            sources = dict(
                zip(
                    itertools.chain.from_iterable(p["doc_id"].to_pylist() for p in docs),
                    itertools.chain.from_iterable(p["source"].to_pylist() for p in docs),
                )
            )
        origin = itertools.chain.from_iterable(p.column(1).to_pylist() for p in parts)
        seen: set[str] = set()
        for value, where in zip(column.to_pylist(), origin):
            if value in seen:
                failures.append(
                    {
                        "table": t,
                        "column": key,
                        "check": "unique across documents",
                        "row": None,
                        "value": value,
                        "source": where if t == "documents" else sources.get(where),
                    }
                )
            seen.add(value)
    return failures


def unique_speakers(parts: list[pa.Table]) -> tuple[pa.Table, list[Failure]]:
    """One row per speaker id, sorted by id (the first seen when several documents
    name the same person), and a failure for each id whose rows disagree."""
    if not parts:
        return arrow_schema("speakers").empty_table(), []
    table = pa.concat_tables(parts)
    table = table.take(pc.sort_indices(table, sort_keys=[("speaker_id", "ascending")]))  # a stable sort
    ids = table["speaker_id"].combine_chunks()
    previous = pa.concat_arrays([pa.array([None], pa.string()), ids.slice(0, len(ids) - 1)])
    first = pc.fill_null(pc.not_equal(ids, previous), True)
    groups = (
        pa.table({"speaker_id": ids, "fingerprint": fingerprints(table)})
        .group_by("speaker_id", use_threads=False)
        .aggregate([("fingerprint", "count_distinct")])
    )
    differ = groups.filter(pc.greater(groups["fingerprint_count_distinct"], 1))["speaker_id"].to_pylist()
    failures: list[Failure] = [
        {
            "table": "speakers",
            "column": "speaker_id",
            "check": "one row per speaker id",
            "row": None,
            "value": v,
            "source": None,
        }
        for v in sorted(differ)
    ]
    return table.filter(first), failures
