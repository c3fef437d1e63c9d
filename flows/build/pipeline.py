"""The build's stages as plain functions: load inputs → process → save outputs.

- ``find_inputs``: the input files and their hashes;
- ``process_batch``: the unit of parallel work, a pure function of bytes:
  ingest, clean, extract and validate a batch of documents;
- ``extract_all``: run every batch (cached documents are not processed again),
  in document order, streaming the rows into the staging folder;
- ``publish_release``: the checks that span batches, then version, metadata
  files and an atomic rename under the lock.

The Prefect flow in ``flows.flow`` wraps these in thin tasks; ``run_plain``
runs the very same stages without Prefect."""
from __future__ import annotations

import concurrent.futures as cf
import itertools
import json
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from flows.extract.rows import DocRows, extract_document
from flows.build.cache import ExtractCache, Hit
from flows.errors import LianghuiError, ValidationFailed
from flows.ingest.inputs import (
    Document,
    HashMemo,
    InputFile,
    Payload,
    ReadAhead,
    Rejection,
    discover,
    ingest_payload,
    input_record,
    read_payload,
)
from flows.publish.release import (
    StagedRelease,
    TableWriter,
    bump,
    change_kind,
    clean_staging,
    code_key,
    code_version,
    field_types,
    finish_release,
    inputs_digest,
    list_versions,
    new_staging_dir,
    parse_version,
    publish,
    publish_lock,
    same_data,
)
from flows.build.segment import Segment, fingerprints, make_segment
from flows.settings import TABLES, Settings
from schemas import table_meta
import pyarrow as pa
import pyarrow.compute as pc

from flows.validate.checks import Failure, check_links, check_table, links_pass, screen, summarize, write_report

Row = dict[str, Any]


@dataclass(frozen=True)
class Inputs:
    files: list[InputFile]
    orphans: list[Rejection]
    records: list[Row]  # source, sha256, meta_sha256 of every document, in document order
    ahead: ReadAhead | None = None  # bytes read while hashing, for the batches (see ingest.ReadAhead)


@dataclass
class DocResult:
    """What one input contributes: rows, or the reason it was rejected."""

    source: str
    rows: DocRows | None = None
    rejection: Row | None = None
    failures: list[Failure] = field(default_factory=list)


@dataclass
class BatchResult:
    """A processed batch: each document's outcome (its ``rows`` moved into the
    segment), the segment holding the rows of the documents that passed
    validation, and the seconds its stages took (for benchmarks)."""

    results: list[DocResult]
    segment: Segment
    seconds: dict[str, float]


@dataclass
class Extracted:
    """The streamed tables in a staging folder, and what the publish step needs."""

    staging: Path
    counts: dict[str, int]
    rejected: list[Row]
    failures: list[Failure]
    processed: int  # documents extracted in this build (the rest came from the cache)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over workers


@dataclass(frozen=True)
class BuildResult:
    version: str
    path: Path
    counts: dict[str, int]
    rejected: list[Row]
    published: bool = True  # False: the data equal the latest release's, nothing new was published
    seconds: dict[str, float] = field(default_factory=dict)  # stage timings, for benchmarks


class FutureLike(Protocol):
    def result(self) -> BatchResult: ...


Submit = Callable[[list[Payload]], FutureLike]


# ---------------------------------------------------------------- load
def find_inputs(seeds_dir: Path, hashes: Path | None = None,
                discovered: Callable[[list[InputFile]], None] | None = None, read_ahead: int = 0) -> Inputs:
    """Load: the input files and their hashes, or a clear error when there are none.
    ``hashes``: a file remembering the hashes of unchanged files (see ``HashMemo``);
    ``discovered``: called with the files before they are hashed; ``read_ahead``:
    bytes of the files read for hashing to keep for their batches."""
    if not seeds_dir.is_dir():
        raise LianghuiError(f"seeds folder {seeds_dir} does not exist")
    files, orphans = discover(seeds_dir)
    if not files:
        raise LianghuiError(f"no documents (*.txt) found under {seeds_dir}")
    if discovered is not None:
        discovered(files)
    memo = HashMemo(hashes) if hashes is not None else None
    ahead = ReadAhead(read_ahead) if read_ahead > 0 else None
    records = [input_record(f, memo, ahead) for f in files]
    if memo is not None:
        memo.save()
    return Inputs(files, orphans, records, ahead)


def all_records(inputs: Inputs) -> list[Row]:
    return inputs.records + [{"source": o.source, "sha256": None, "meta_sha256": None} for o in inputs.orphans]


def unchanged_since(settings: Settings, inputs: Inputs) -> str | None:
    """The newest release's version when it was built from these very inputs by
    this very code (then there is nothing to do), else None."""
    versions = list_versions(settings.releases_dir)
    if not versions:
        return None
    manifest = json.loads((settings.releases_dir / versions[-1] / "manifest.json").read_text(encoding="utf-8"))
    state = {"version": versions[-1], "inputs_sha256": inputs_digest(all_records(inputs)), "code": code_key(code_version())}
    if manifest.get("inputs_sha256") == state["inputs_sha256"] and code_key(manifest.get("code", {})) == state["code"]:
        return versions[-1]
    return versions[-1] if _checked(settings) == state else None


def _checked(settings: Settings) -> dict[str, Any] | None:
    try:
        return json.loads(settings.checked_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def remember_same_data(settings: Settings, version: str, records: list[Row]) -> None:
    """A build of new code found the same data as ``version``: remember it, so that
    the next build of the same inputs and code stops at once (as after publishing)."""
    state = {"version": version, "inputs_sha256": inputs_digest(records), "code": code_key(code_version())}
    settings.checked_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = settings.checked_path.with_name(f".{settings.checked_path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, settings.checked_path)


def check_requested_version(settings: Settings, version: str | None) -> None:
    """Fail early on a malformed or already published ``--version``."""
    if version is None:
        return
    parse_version(version)
    if (settings.releases_dir / version).exists():
        raise LianghuiError(f"release {version} already exists in {settings.releases_dir}; published versions are never modified")


def batches(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


# ---------------------------------------------------------------- process (pure)
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
    return BatchResult(results, segment, {"ingest": t1 - t0, "extract": t2 - t1, "validate": t3 - t2})


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
            r.failures.append({"table": table, "column": None, "check": "Arrow type of the published schema",
                               "row": None, "value": message, "source": r.source})
        r.rows = None
    return segment


def doc_tables(rows: DocRows) -> dict[str, list[Row]]:
    return {"documents": [rows.document], "speakers": rows.speakers, "statements": rows.statements,
            "goals": rows.goals, "facts": rows.facts, "warnings": rows.warnings}


def screened_segment(results: list[DocResult]) -> Segment | None:
    """The batch's segment when every row certainly passes validation, which the
    Arrow screen (``validate.screen``) and the checks between tables tell without
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
    for t, key in (("statements", "statement_id"), ("goals", "goal_id"), ("facts", "fact_id"), ("warnings", "warning_id")):
        out[t] = sorted(out[t], key=lambda r: (r.get("char_start") or 0, r.get("char_end") or 0, str(r.get(key))))
    return out


# ---------------------------------------------------------------- process (orchestration)
class Assembler:
    """Receives documents in order and streams their rows (row ranges of
    segments) into the staging folder, checking what spans documents: unique
    ids, and one row per speaker id (speakers are written last, sorted by id)."""

    def __init__(self, staging: Path) -> None:
        self.writer = TableWriter(staging)
        self.speakers: list[pa.Table] = []
        self.ids: dict[str, list[pa.Table]] = {t: [] for t in TABLES if t != "speakers"}
        self.rejected: list[Row] = []
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
            sources = dict(zip(itertools.chain.from_iterable(p["doc_id"].to_pylist() for p in docs),
                               itertools.chain.from_iterable(p["source"].to_pylist() for p in docs)))
        origin = itertools.chain.from_iterable(p.column(1).to_pylist() for p in parts)
        seen: set[str] = set()
        for value, where in zip(column.to_pylist(), origin):
            if value in seen:
                failures.append({"table": t, "column": key, "check": "unique across documents", "row": None,
                                 "value": value, "source": where if t == "documents" else sources.get(where)})
            seen.add(value)
    return failures


def unique_speakers(parts: list[pa.Table]) -> tuple[pa.Table, list[Failure]]:
    """One row per speaker id, sorted by id (the first seen when several documents
    name the same person), and a failure for each id whose rows disagree."""
    from schemas import arrow_schema

    if not parts:
        return arrow_schema("speakers").empty_table(), []
    table = pa.concat_tables(parts)
    table = table.take(pc.sort_indices(table, sort_keys=[("speaker_id", "ascending")]))  # a stable sort
    ids = table["speaker_id"].combine_chunks()
    previous = pa.concat_arrays([pa.array([None], pa.string()), ids.slice(0, len(ids) - 1)])
    first = pc.fill_null(pc.not_equal(ids, previous), True)
    groups = pa.table({"speaker_id": ids, "fingerprint": fingerprints(table)}).group_by("speaker_id", use_threads=False) \
        .aggregate([("fingerprint", "count_distinct")])
    differ = groups.filter(pc.greater(groups["fingerprint_count_distinct"], 1))["speaker_id"].to_pylist()
    failures: list[Failure] = [{"table": "speakers", "column": "speaker_id", "check": "one row per speaker id",
                                "row": None, "value": v, "source": None} for v in sorted(differ)]
    return table.filter(first), failures


def worker_context() -> multiprocessing.context.BaseContext:
    """Worker processes are forked from a server process that imported and
    warmed up the code once (``flows.build.warm``): neither a copy of this process
    (which may run threads, e.g. Prefect's) nor a cold interpreter each."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["flows.build.warm"])
    return ctx


class Deferred:
    """A batch processed in this process when its result is first asked for."""

    def __init__(self, payloads: list[Payload]) -> None:
        self.payloads: list[Payload] | None = payloads
        self.value: BatchResult | None = None

    def result(self) -> BatchResult:
        if self.value is None:
            assert self.payloads is not None
            self.value, self.payloads = process_batch(self.payloads), None
        return self.value


class Workers:
    """Worker processes (forked from a warmed-up server, ``worker_context``),
    started on demand: possibly early, while the inputs are still being hashed,
    since starting takes a few seconds."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.pool: cf.ProcessPoolExecutor | None = None
        self.relay: cf.ThreadPoolExecutor | None = None

    def start(self) -> cf.ProcessPoolExecutor:
        if self.pool is None:
            self.pool = cf.ProcessPoolExecutor(max_workers=self.count, mp_context=worker_context())
            self.relay = cf.ThreadPoolExecutor(max_workers=4 * self.count, thread_name_prefix="relay")
            for _ in range(self.count):
                self.relay.submit(self.pool.submit, os.getpid)  # start the workers now, without waiting
        return self.pool

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        if self.relay is not None:
            self.relay.shutdown(cancel_futures=True)
        self.pool = self.relay = None


def cold_start(settings: Settings, files: list[InputFile]) -> bool:
    """Worth starting workers before the inputs are hashed: many documents and
    no extraction cache to serve them (a first build, or the cache off)."""
    folder = settings.cache_dir
    empty = folder is None or not folder.is_dir() or not any(True for _ in os.scandir(folder))
    return empty and len(files) >= settings.parallel_threshold


def local_submitter(workers: int, started: Workers | None = None) -> tuple[Submit, Callable[[], None]]:
    """Run batches in ``workers`` worker processes (inline when 1). The workers
    take a few seconds to start: the first batch is processed here meanwhile,
    and the others wait for the workers in threads, so that submitting never
    blocks. ``started``: workers started early (shut down here when not needed)."""
    if workers <= 1:
        if started is not None:
            started.shutdown()
        return Deferred, lambda: None
    pool = started if started is not None and started.count == workers else Workers(workers)
    if started is not None and started is not pool:
        started.shutdown()
    pool.start()
    first = True

    def submit(payloads: list[Payload]) -> FutureLike:
        nonlocal first
        if first:
            first = False
            return Deferred(payloads)
        assert pool.relay is not None and pool.pool is not None
        workers_ = pool.pool
        return pool.relay.submit(lambda: workers_.submit(process_batch, payloads).result())

    return submit, pool.shutdown


def extract_all(settings: Settings, inputs: Inputs, submit: Submit, workers: int,
                progress: Callable[[int], None] = lambda n: None, cache: ExtractCache | None = None) -> Extracted:
    """Process every document that is not in the cache (in batches of pending
    documents only, a few batches ahead of the writer) and stream every
    document's rows, in document order, into a new staging folder."""
    cache = cache or extract_cache(settings)
    staging = new_staging_dir(settings.data_dir, "next")
    assembler = Assembler(staging)
    seconds: Counter[str] = Counter()
    clock = time.perf_counter
    t = clock()
    items = list(zip(inputs.files, inputs.records))
    hits = [cache.lookup(rec) for rec in inputs.records]
    seconds["read"] += clock() - t
    todo = [(f, rec) for (f, rec), hit in zip(items, hits) if hit is None]
    plan = batches(todo, batch_size(settings, len(todo), workers))
    batch_of = {rec["source"]: i for i, batch in enumerate(plan) for _, rec in batch}
    key_of = {rec["source"]: cache.key(rec) for _, rec in todo}
    window = max(2, 2 * workers)
    futures: dict[int, FutureLike] = {}
    done: dict[int, tuple[BatchResult, dict[str, tuple[DocResult, int]]]] = {}
    submitted = 0

    def submit_upto(last: int) -> None:
        nonlocal submitted
        while submitted < len(plan) and submitted <= last:
            t = clock()
            payloads = [read_payload(f, inputs.ahead) for f, _ in plan[submitted]]
            seconds["read"] += clock() - t
            futures[submitted] = submit(payloads)
            submitted += 1

    def received(batch: BatchResult) -> dict[str, tuple[DocResult, int]]:
        seconds.update(batch.seconds)
        t = clock()
        position = {s: p for p, s in enumerate(batch.segment.sources)}
        cache.put([key_of[s] for s in batch.segment.sources], batch.segment,
                  [(key_of[r.source], r.rejection) for r in batch.results if r.rejection is not None])
        seconds["write"] += clock() - t
        return {r.source: (r, position.get(r.source, -1)) for r in batch.results}

    try:
        submit_upto(window - 1)
        for (f, rec), hit in zip(items, hits):
            i = batch_of.get(rec["source"])
            if i is None:
                t = clock()
                result, segment, position = cached(cache, hit, rec)
                seconds["read"] += clock() - t
                if result is None:  # listed in the cache but unreadable: process it here
                    key_of[rec["source"]] = cache.key(rec)
                    batch = process_batch([read_payload(f, inputs.ahead)])
                    result, position = received(batch)[rec["source"]]
                    segment = batch.segment
            else:
                if i not in done:
                    batch = futures.pop(i).result()
                    done[i] = (batch, received(batch))
                    for old in [k for k in done if k < i]:
                        del done[old]  # every document of an earlier batch is written
                    submit_upto(i + window)
                segment = done[i][0].segment
                result, position = done[i][1][rec["source"]]
            t = clock()
            assembler.add(result, segment, position)
            seconds["write"] += clock() - t
            progress(1)
        t = clock()
        counts = assembler.close()
        if not assembler.failures:
            cache.prune({cache.key(rec) for rec in inputs.records})
        seconds["write"] += clock() - t
    except BaseException:
        clean_staging(staging)
        raise
    finally:
        if inputs.ahead is not None:
            inputs.ahead.clear()  # what no batch took (documents served from the cache)
    rejected = assembler.rejected + [{"source": o.source, "sha256": None, "reason": o.reason} for o in inputs.orphans]
    return Extracted(staging, counts, rejected, assembler.failures, len(todo), dict(seconds))


def cached(cache: ExtractCache, hit: Hit | None, record: Row) -> tuple[DocResult | None, Segment | None, int]:
    """A cached document's result, segment and position (None when unreadable)."""
    if hit is None:
        return None, None, -1
    if hit.rejection is not None:
        return DocResult(record["source"], rejection=hit.rejection), None, -1
    segment = cache.segment(hit.segment) if hit.segment is not None else None
    if segment is None or hit.position >= len(segment.sources) or segment.sources[hit.position] != record["source"]:
        return None, None, -1
    return DocResult(record["source"]), segment, hit.position


# ---------------------------------------------------------------- save
def next_version(settings: Settings, records: list[Row]) -> str:
    """The version this build gets: see ``release.change_kind``."""
    versions = list_versions(settings.releases_dir)
    if not versions:
        return "1.0.0"
    latest = settings.releases_dir / versions[-1]
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    prev_fields = {r["name"]: {f["name"]: _arrow_of(f) for f in r["schema"]["fields"]} for r in package["resources"]}
    kind = change_kind(prev_fields, field_types(), manifest.get("inputs_sha256"), inputs_digest(records))
    return bump(versions[-1], kind)


def _arrow_of(f: dict[str, Any]) -> str:
    return {"string": "string", "integer": "int64", "number": "float64", "array": "list<string>"}[f["type"]]


def measure_accuracy() -> dict[str, Any] | None:
    """The extractor's scores on the gold documents kept in the repository
    (cached in ~/.cache/lianghui/accuracy/ by code and gold files)."""
    import hashlib

    from flows.evaluate.score import evaluate
    from flows.settings import GOLD_DIRS, GOLD_DOCUMENTS, user_cache_dir

    h = hashlib.sha256(code_key(code_version()).encode())
    for folder in (*GOLD_DIRS, *GOLD_DOCUMENTS):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix in (".json", ".txt"):
                h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    cached = user_cache_dir() / "accuracy" / f"{h.hexdigest()}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    try:
        scores = evaluate(list(GOLD_DIRS), list(GOLD_DOCUMENTS))
    except (FileNotFoundError, ValueError) as exc:
        raise LianghuiError(f"cannot measure accuracy for the release card: {exc}") from None
    cached.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(scores, fh)
    os.replace(tmp, cached)
    return scores


def publish_release(settings: Settings, inputs: Inputs, extracted: Extracted, version: str | None) -> BuildResult:
    """Refuse on any validation failure (report left in staging); otherwise pick
    the version, write the metadata files and publish atomically under the lock."""
    staging = extracted.staging
    if extracted.failures:
        report = write_report(extracted.failures, staging)
        raise ValidationFailed(summarize(extracted.failures), str(report))
    records = all_records(inputs)
    try:
        accuracy = measure_accuracy()
        with publish_lock(settings.data_dir):
            check_requested_version(settings, version)
            chosen = version or next_version(settings, records)
            latest = list_versions(settings.releases_dir)[-1:]
            previous = settings.releases_dir / latest[0] if latest else None
            staged: StagedRelease = finish_release(staging, chosen, extracted.counts, extracted.rejected,
                                                   [{**r, "status": _status(r, extracted.rejected)} for r in records],
                                                   previous, accuracy)
            if version is None and previous is not None and same_data(staging, previous):
                clean_staging(staging)
                remember_same_data(settings, previous.name, records)
                return BuildResult(previous.name, previous, extracted.counts, extracted.rejected, published=False)
            path = publish(staged, settings.releases_dir)
    except BaseException:
        clean_staging(staging)
        raise
    return BuildResult(chosen, path, extracted.counts, extracted.rejected)


def _status(record: Row, rejected: list[Row]) -> str:
    return "rejected" if any(r["source"] == record["source"] for r in rejected) else "published"


def no_change(settings: Settings, version: str) -> BuildResult:
    return BuildResult(version, settings.releases_dir / version, {}, [], published=False)


def run_plain(settings: Settings, version: str | None = None, workers: int | None = None) -> BuildResult:
    """The whole build without Prefect: same stages, same release."""
    clock = time.perf_counter
    t0 = clock()
    check_requested_version(settings, version)
    early = Workers(requested_workers(settings, workers))

    def discovered(files: list[InputFile]) -> None:
        if early.count > 1 and cold_start(settings, files):
            early.start()

    try:
        inputs = find_inputs(settings.seeds_dir, settings.hash_memo, discovered, settings.read_ahead)
        if version is None and (same := unchanged_since(settings, inputs)):
            early.shutdown()
            return no_change(settings, same)
    except BaseException:
        early.shutdown()
        raise
    cache = extract_cache(settings)
    n = effective_workers(settings, workers, inputs, cache)
    t1 = clock()
    submit, shutdown = local_submitter(n, early)
    try:
        extracted = extract_all(settings, inputs, submit, n, cache=cache)
    finally:
        shutdown()
    t2 = clock()
    result = publish_release(settings, inputs, extracted, version)
    wall = {"find_inputs": t1 - t0, "extract_all": t2 - t1, "publish": clock() - t2}
    return replace(result, seconds={**{f"wall_{k}": v for k, v in wall.items()}, **extracted.seconds})


def extract_cache(settings: Settings) -> ExtractCache:
    """The extraction cache for this code (its index is read once, on first use)."""
    return ExtractCache(settings.cache_dir, code_key(code_version()))


def pending_count(settings: Settings, inputs: Inputs, cache: ExtractCache | None = None) -> int:
    """Documents this build must process (those not in the cache)."""
    cache = cache or extract_cache(settings)
    return sum(not cache.has(rec) for rec in inputs.records)


def effective_workers(settings: Settings, requested: int | None, inputs: Inputs, cache: ExtractCache | None = None) -> int:
    """Worker processes worth starting: none when only a handful of documents
    need processing (starting a worker costs seconds of imports)."""
    workers = requested_workers(settings, requested)
    return 1 if pending_count(settings, inputs, cache) < settings.parallel_threshold else workers


def requested_workers(settings: Settings, requested: int | None) -> int:
    return max(1, requested or settings.workers or os.cpu_count() or 1)


def batch_size(settings: Settings, pending: int, workers: int) -> int:
    """Documents per batch: four batches per worker, 50 to 250 documents. A batch's
    fixed cost is a few milliseconds (the validation screen, the segment's Arrow
    tables); larger batches made the build's tail uneven (one worker busy with the
    last 1,000 documents while the other waits) and kept the build's own process
    busy with the first batch long after the workers had started."""
    if settings.batch_size:
        return settings.batch_size
    return max(50, min(250, -(-pending // (4 * max(1, workers)))))


