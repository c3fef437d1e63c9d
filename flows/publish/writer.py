"""The table files of a release: rows streamed into Parquet and CSV."""

from __future__ import annotations

import concurrent.futures as cf
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from flows.errors import LianghuiError
from flows.publish.files import JSON
from flows.settings import TABLES
from schemas import arrow_schema


class TableWriter:
    """Streams rows into ``<table>.parquet`` and ``<table>.csv`` in a folder.

    Parquet: explicit schema, zstd (default level), descriptions in the field
    metadata, no pandas metadata. CSV: UTF-8, header row, ``\\n`` line ends,
    fields quoted where needed, null as an empty field (an empty string is
    ``""``), list columns as JSON arrays. Rows are written in chunks of exactly
    ``row_group`` rows whatever the batches were, so the bytes depend on the
    rows only."""

    def __init__(self, folder: Path, row_group: int = 50_000) -> None:
        self.folder, self.row_group = folder, row_group
        self.counts = {t: 0 for t in TABLES}
        self._buffers: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self._buffered = {t: 0 for t in TABLES}
        self._schemas = {t: arrow_schema(t) for t in TABLES}
        self._parquet = {
            t: pq.ParquetWriter(folder / f"{t}.parquet", self._schemas[t], compression="zstd", write_statistics=True)
            for t in TABLES
        }
        self._csv = {
            t: pa_csv.CSVWriter(
                folder / f"{t}.csv",
                _csv_schema(self._schemas[t]),
                write_options=pa_csv.WriteOptions(quoting_style="needed"),
            )
            for t in TABLES
        }
        self._threads = {t: cf.ThreadPoolExecutor(1, thread_name_prefix=f"write-{t}") for t in TABLES}
        self._pending: dict[str, list[cf.Future[None]]] = {t: [] for t in TABLES}

    def add(self, table: str, data: pa.Table | list[dict[str, Any]]) -> None:
        """Append rows (an Arrow table with the table's schema, or dicts)."""
        if not isinstance(data, pa.Table):
            data = pa.Table.from_pylist(data, schema=self._schemas[table])
        if data.num_rows == 0:
            return
        if not data.schema.equals(self._schemas[table]):
            raise LianghuiError(f"{table}: rows do not have the published schema")
        self._buffers[table].append(data)
        self._buffered[table] += data.num_rows
        self.counts[table] += data.num_rows
        while self._buffered[table] >= self.row_group:
            rows = pa.concat_tables(self._buffers[table])
            self._flush(table, rows.slice(0, self.row_group))
            rest = rows.slice(self.row_group)
            self._buffers[table], self._buffered[table] = [rest], rest.num_rows

    def _flush(self, table: str, data: pa.Table) -> None:
        """Write one row group of ``table`` in that table's own thread (Arrow
        releases the GIL: tables are written side by side, and alongside the
        caller), at most two row groups queued a table."""
        pending = self._pending[table]
        while len(pending) >= 2:
            pending.pop(0).result()
        pending.append(self._threads[table].submit(self._write, table, data))

    def _write(self, table: str, data: pa.Table) -> None:
        data = data.combine_chunks()  # the bytes depend on the rows only, not on how they arrived
        self._parquet[table].write_table(data, row_group_size=self.row_group)
        self._csv[table].write_table(_csv_table(data))

    def close(self) -> dict[str, int]:
        try:
            for t in TABLES:
                if self._buffered[t]:
                    self._flush(t, pa.concat_tables(self._buffers[t]))
                self._buffers[t], self._buffered[t] = [], 0
            for t in TABLES:
                for job in self._pending[t]:
                    job.result()
                self._pending[t] = []
        finally:
            for t in TABLES:
                self._threads[t].shutdown(wait=True)
                self._parquet[t].close()
                self._csv[t].close()
        return dict(self.counts)


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    """The CSV's columns: list columns become JSON text."""
    return pa.schema(
        [pa.field(f.name, pa.string()) if pa.types.is_list(f.type) else f.remove_metadata() for f in schema]
    )


def _csv_table(data: pa.Table) -> pa.Table:
    columns = []
    for field, column in zip(data.schema, data.columns):
        if pa.types.is_list(field.type):
            column = json_lists(column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=_csv_schema(data.schema))


def json_lists(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A list<string> column as JSON arrays (``["a", "b"]``, what ``json.dumps``
    gives): joined in Arrow when no value needs escaping, else row by row."""
    flat = pc.list_flatten(column)
    if len(flat) == 0 or flat.null_count == 0 and not pc.any(pc.match_substring_regex(flat, r'["\\\x00-\x1f]')).as_py():
        joined = pc.binary_join_element_wise('["', pc.binary_join(column, '", "'), '"]', "", null_handling="emit_null")
        return pc.if_else(pc.equal(pc.list_value_length(column), 0), "[]", joined)
    return pa.array([None if v is None else JSON.encode(v) for v in column.to_pylist()], pa.string())
