"""Publish: write a release into a staging folder (Parquet, CSV, Data Package,
dataset card, manifest, checksums), then move it under ``releases/`` in one
rename. Also: versions, the release index, and verification."""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from flows import __version__
from flows.errors import LianghuiError
from flows.settings import EXTRACTOR_VERSION, PROJECT_ROOT, TABLES
from schemas import arrow_schema, column_specs, table_meta

VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
DATASET_NAME = "lianghui"
DATASET_TITLE = "lianghui: statements and numeric goals from China's two sessions"
_FRICTIONLESS_TYPE = {"string": "string", "int64": "integer", "float64": "number", "list<string>": "array"}


# ---------------------------------------------------------------- versions
def parse_version(text: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(text)
    if not m:
        raise LianghuiError(f"version {text!r} is not semantic (MAJOR.MINOR.PATCH, e.g. 1.0.0)")
    return int(m[1]), int(m[2]), int(m[3])


def bump(previous: str | None, change: str) -> str:
    """Next version after ``previous`` for a change of kind major/minor/patch."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if change == "major":
        return f"{major + 1}.0.0"
    if change == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def change_kind(prev_fields: dict[str, dict[str, str]], new_fields: dict[str, dict[str, str]],
                prev_inputs: str | None, new_inputs: str) -> str:
    """major: a published column disappeared or changed type; minor: new
    columns or different inputs; patch: same inputs and columns, new code."""
    for table, cols in prev_fields.items():
        for name, typ in cols.items():
            if new_fields.get(table, {}).get(name) != typ:
                return "major"
    if new_fields != prev_fields or prev_inputs != new_inputs:
        return "minor"
    return "patch"


def field_types() -> dict[str, dict[str, str]]:
    return {t: {c.name: c.arrow for c in column_specs(t)} for t in TABLES}


# ---------------------------------------------------------------- index
def read_index(releases: Path) -> dict[str, Any]:
    path = releases / "index.json"
    if not path.exists():
        return {"name": DATASET_NAME, "latest": None, "releases": []}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LianghuiError(f"{path}: not valid JSON ({exc})") from None


def list_versions(releases: Path) -> list[str]:
    """Published versions, oldest first (folders that hold a manifest)."""
    if not releases.is_dir():
        return []
    found = [p.name for p in releases.iterdir() if p.is_dir() and VERSION_RE.match(p.name) and (p / "manifest.json").exists()]
    return sorted(found, key=parse_version)


def write_json_atomic(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def dumps(data: Any) -> str:
    """JSON for people and diffs: nested containers indented by two spaces, a
    container of plain values on one line (a manifest lists 10,000 inputs:
    ``json.dumps(indent=2)`` formats in pure Python and took 0.3 s)."""
    return _pretty(data, "") + "\n"


def _pretty(value: Any, indent: str) -> str:
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        inner = indent + "  "
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + (_JSON.encode(v) if _flat(v) else _pretty(v, inner)) for v in value) \
            + "\n" + indent + "]"
    return _JSON.encode(value)


def _flat(value: Any) -> bool:
    """A dict of plain values (a manifest's input record): one line."""
    return isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values())


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(..., ensure_ascii=False) builds one per call


@contextlib.contextmanager
def publish_lock(data_dir: Path, timeout: float = 300.0) -> Iterator[None]:
    """One publisher at a time. A second one waits (up to ``timeout`` s) and then
    chooses its version after the first has published, so two builds never
    publish the same version."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".lock", "w") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LianghuiError(f"another build has held {data_dir / '.lock'} for over {timeout:.0f} s; nothing published") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# ---------------------------------------------------------------- files
def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
        self._parquet = {t: pq.ParquetWriter(folder / f"{t}.parquet", self._schemas[t], compression="zstd",
                                             write_statistics=True) for t in TABLES}
        self._csv = {t: pa_csv.CSVWriter(folder / f"{t}.csv", _csv_schema(self._schemas[t]),
                                         write_options=pa_csv.WriteOptions(quoting_style="needed"))
                     for t in TABLES}
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
    return pa.schema([pa.field(f.name, pa.string()) if pa.types.is_list(f.type) else f.remove_metadata()
                      for f in schema])


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
    return pa.array([None if v is None else _JSON.encode(v) for v in column.to_pylist()], pa.string())


#: Distributions whose version can change the published rows: word lists (jieba),
#: romanisation (pypinyin), script conversion (opencc), numerals (cn2an), types and
#: files (pandas, pyarrow, pandera).
OUTPUT_LIBRARIES = ("jieba", "pypinyin", "opencc-python-reimplemented", "cn2an", "pandas", "pyarrow", "pandera")


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """The installed version of each of OUTPUT_LIBRARIES ("-" when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"
    return {name: of(name) for name in OUTPUT_LIBRARIES}


@functools.lru_cache(maxsize=1)
def code_version() -> dict[str, Any]:
    """Package and extractor version, a hash of the code that made the release, and
    the versions of the libraries that shape its rows."""
    h = hashlib.sha256()
    for folder in ("flows", "schemas"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            h.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return {"package": __version__, "extractor": EXTRACTOR_VERSION, "source_sha256": h.hexdigest(), "pyarrow": pa.__version__,
            "libraries": library_versions()}


def code_key(code: dict[str, Any] | None = None) -> str:
    """What decides the rows besides the inputs: the source hash and the library
    versions, as one string (cache keys; "no change since" checks). A manifest
    written before libraries were recorded has none, so its key never matches."""
    code = code_version() if code is None else code
    return f"{code.get('source_sha256')}|{json.dumps(code.get('libraries'), sort_keys=True)}"


def inputs_digest(inputs: list[dict[str, Any]]) -> str:
    """One sha256 over every input's name, bytes and sidecar."""
    h = hashlib.sha256()
    for item in sorted(inputs, key=lambda i: i["source"]):
        h.update(f"{item['source']}\0{item.get('sha256')}\0{item.get('meta_sha256')}\0".encode())
    return h.hexdigest()


def table_schema(table: str) -> dict[str, Any]:
    """Frictionless Table Schema generated from the pandera model."""
    fields = []
    for c in column_specs(table):
        field: dict[str, Any] = {"name": c.name, "type": _FRICTIONLESS_TYPE[c.arrow], "description": c.description}
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
        resources.append({
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
        })
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


@dataclass(frozen=True)
class StagedRelease:
    version: str
    folder: Path
    manifest: dict[str, Any]


def changed_documents(previous: Path, inputs: list[dict[str, Any]]) -> set[str] | None:
    """Ids of the documents whose rows may differ from ``previous``'s: those
    whose bytes or sidecar changed, or that came or went. None (compare all)
    when the code changed, since then any row may differ."""
    from flows.ingest.inputs import stable_id

    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    if code_key(manifest.get("code", {})) != code_key():
        return None
    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return r.get("sha256"), r.get("meta_sha256")
    old = {r["source"]: key(r) for r in manifest.get("inputs", [])}
    new = {r["source"]: key(r) for r in inputs}
    return {stable_id("d", s) for s in set(old) | set(new) if old.get(s) != new.get(s)}


def finish_release(staging: Path, version: str, counts: dict[str, int], rejected: list[dict[str, Any]],
                   inputs: list[dict[str, Any]], previous: Path | None = None,
                   accuracy: dict[str, Any] | None = None) -> StagedRelease:
    """Write the files around the tables (already in ``staging``): rejected.csv,
    datapackage.json, CHANGES.md (against ``previous``), README.md, manifest.json, SHA256SUMS."""
    from flows.publish.card import render_card  # local: the card imports this module
    from flows.publish.diff import diff_releases, render, schema_changes, summarize

    with (staging / "rejected.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "sha256", "reason"])
        for r in sorted(rejected, key=lambda r: r["source"]):
            writer.writerow([r["source"], r.get("sha256") or "", r["reason"]])
    hashes: dict[Path, str] = {}

    def digest(path: Path) -> str:  # each table file is hashed once
        if path not in hashes:
            hashes[path] = sha256_file(path)
        return hashes[path]

    with cf.ThreadPoolExecutor(2) as pool:  # hashlib releases the GIL: two files at a time
        tables = [staging / f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")]
        hashes.update(zip(tables, pool.map(sha256_file, tables)))
    (staging / "datapackage.json").write_text(dumps(datapackage(version, staging, counts, digest)), encoding="utf-8")
    diffs = diff_releases(previous, staging, changed_documents(previous, inputs)) if previous is not None else None
    schema = schema_changes(previous, staging) if previous is not None else None
    (staging / "CHANGES.md").write_text(render(previous.name if previous else None, version, diffs, schema=schema),
                                        encoding="utf-8")
    manifest_core = {
        "name": DATASET_NAME,
        "version": version,
        "code": code_version(),
        "inputs_sha256": inputs_digest(inputs),
        "inputs": sorted(inputs, key=lambda i: i["source"]),
        "counts": counts,
        "rejected": len(rejected),
        "previous": previous.name if previous else None,
        "changes": summarize(diffs) if diffs is not None else None,
        "accuracy": accuracy,
    }
    (staging / "README.md").write_text(render_card(version, counts, rejected, manifest_core), encoding="utf-8")
    files = {
        p.name: {"sha256": digest(p), "bytes": p.stat().st_size}
        for p in sorted(staging.iterdir())
        if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS")
    }
    manifest = {**manifest_core, "files": files}
    (staging / "manifest.json").write_text(dumps(manifest), encoding="utf-8")
    sums = {**{k: v["sha256"] for k, v in files.items()}, "manifest.json": sha256_file(staging / "manifest.json")}
    (staging / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())), encoding="utf-8")
    return StagedRelease(version, staging, manifest)


def same_data(a: Path, b: Path) -> bool:
    """True when two release folders hold the same rows (CSV files and
    rejected inputs byte for byte; Parquet bytes may differ by pyarrow version).
    Uses the hashes their manifests record."""
    names = [f"{t}.csv" for t in TABLES] + ["rejected.csv"]
    files = [_recorded_hashes(f) for f in (a, b)]
    return all(files[0].get(n) is not None and files[0].get(n) == files[1].get(n) for n in names)


def _recorded_hashes(folder: Path) -> dict[str, str]:
    try:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        return {name: entry["sha256"] for name, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {p.name: sha256_file(p) for p in folder.iterdir() if p.is_file()}


def new_staging_dir(data_dir: Path, version: str) -> Path:
    base = data_dir / ".staging"
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{version}-", dir=base))


def publish(staged: StagedRelease, releases: Path) -> Path:
    """Move the staged folder into place in one rename and add it to the index.
    Refuses an existing version. Call under ``publish_lock``."""
    releases.mkdir(parents=True, exist_ok=True)
    target = releases / staged.version
    if target.exists():
        raise LianghuiError(f"release {staged.version} already exists in {releases}; published versions are never modified")
    for p in staged.folder.iterdir():
        p.chmod(0o444)
    staged.folder.chmod(0o755)
    os.rename(staged.folder, target)
    index = read_index(releases)
    entries = [e for e in index.get("releases", []) if e.get("version") != staged.version]
    m = staged.manifest
    entries.append({
        "version": staged.version,
        "path": f"{staged.version}/",
        "manifest_sha256": sha256_file(target / "manifest.json"),
        "inputs_sha256": m["inputs_sha256"],
        "code": m["code"],
        "counts": m["counts"],
        "rejected": m["rejected"],
        "previous": m["previous"],
        "changes": m["changes"],
    })
    entries.sort(key=lambda e: parse_version(e["version"]))
    write_json_atomic(releases / "index.json", {"name": DATASET_NAME, "latest": entries[-1]["version"], "releases": entries})
    return target


def clean_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- verify
def read_sums(folder: Path) -> dict[str, str]:
    path = folder / "SHA256SUMS"
    if not path.exists():
        raise LianghuiError(f"{path} is missing")
    sums = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not m:
            raise LianghuiError(f"{path}:{n}: not a sha256sum line")
        sums[m[2]] = m[1]
    return sums


def verify_release(folder: Path) -> list[str]:
    """Problems found re-hashing every file against SHA256SUMS (empty: all good)."""
    problems = []
    sums = read_sums(folder)
    for name, digest in sorted(sums.items()):
        path = folder / name
        if not safe_name(name):
            problems.append(f"{name}: path leaves the release folder")
        elif not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: sha256 mismatch")
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in sums and path.name != "SHA256SUMS":
            problems.append(f"{path.name}: not listed in SHA256SUMS")
    return problems


def safe_name(name: str) -> bool:
    """A file name that stays inside the release folder."""
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..") and "\0" not in name and not name.startswith(".")


