"""The build: find inputs → process batches (cached documents are not processed
again) → assemble the rows in document order → publish. ``run_build`` is the one
implementation; the Prefect flow (``flows.flow``) supplies only how its stages
and batches are run (``Via``)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from flows.build.assemble import Assembler
from flows.build.batch import BatchResult, DocResult, process_batch
from flows.build.cache import ExtractCache, Hit, extract_cache
from flows.build.inputs import InputRecord, Inputs, all_records, find_inputs
from flows.build.progress import Progress
from flows.build.segment import Segment
from flows.build.workers import (
    Deferred,
    Workers,
    batch_size,
    cold_start,
    effective_workers,
    fewer_collections,
    requested_workers,
    use_jemalloc,
)
from flows.checksum import report_damaged, take_damaged
from flows.ingest.document import Payload
from flows.ingest.files import InputFile, read_payload
from flows.publish.release import (
    BuildResult,
    Extracted,
    clean_staging,
    no_change,
    open_staging,
    prepare_releases,
    publish_release,
)
from flows.publish.versions import check_requested_version, unchanged_since
from flows.settings import Settings


class FutureLike(Protocol):
    def result(self) -> BatchResult: ...


#: hands a batch to whoever processes it; its result is asked for later
Submit = Callable[[list[Payload]], FutureLike]


class Via(Protocol):
    """How a build runs its stages: plainly (``Plain``) or as Prefect tasks (``flows.flow``).
    Everything else about a build is ``run_build``'s."""

    can_fork: bool  # worker processes may be started here (not on a Dask worker)

    def find_inputs(self, settings: Settings, discovered: Callable[[list[InputFile]], None]) -> Inputs: ...

    def submit(self, payloads: list[Payload], workers: Workers | None) -> FutureLike:
        """Process a batch in ``workers``, or in this process when None."""

    def publish(
        self, settings: Settings, records: list[InputRecord], extracted: Extracted, version: str | None
    ) -> BuildResult: ...


class Plain:
    """Stages as plain calls; a batch for the workers waits for them in a relay thread,
    so that submitting never blocks; a batch for this process runs when its result is asked for."""

    can_fork = True

    def find_inputs(self, settings: Settings, discovered: Callable[[list[InputFile]], None]) -> Inputs:
        return find_inputs(
            settings.seeds_dir, settings.hash_memo, discovered, settings.read_ahead, settings.links_outside
        )

    def submit(self, payloads: list[Payload], workers: Workers | None) -> FutureLike:
        if workers is None:
            return Deferred(payloads)
        assert workers.relay is not None and workers.pool is not None
        pool = workers.pool
        return workers.relay.submit(lambda: pool.submit(process_batch, payloads).result())

    def publish(
        self, settings: Settings, records: list[InputRecord], extracted: Extracted, version: str | None
    ) -> BuildResult:
        return publish_release(settings, records, extracted, version)


def batches(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def extract_all(
    settings: Settings,
    inputs: Inputs,
    submit: Submit,
    workers: int,
    progress: Callable[[int], None] = lambda n: None,
    cache: ExtractCache | None = None,
) -> Extracted:
    """Process every document that is not in the cache (in batches of pending
    documents only, a few batches ahead of the writer) and stream every
    document's rows, in document order, into a new staging folder."""
    cache = cache or extract_cache(settings)
    staging = open_staging(settings)
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
        for entry in batch.damaged:  # found by a worker: counted in this process
            report_damaged(entry)
        t = clock()
        position = {s: p for p, s in enumerate(batch.segment.sources)}
        cache.put(
            [key_of[s] for s in batch.segment.sources],
            batch.segment,
            [(key_of[r.source], r.rejection) for r in batch.results if r.rejection is not None],
        )
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


def cached(cache: ExtractCache, hit: Hit | None, record: InputRecord) -> tuple[DocResult | None, Segment | None, int]:
    """A cached document's result, segment and position (None when unreadable)."""
    if hit is None:
        return None, None, -1
    if hit.rejection is not None:
        return DocResult(record["source"], rejection=hit.rejection), None, -1
    segment = cache.segment(hit.segment) if hit.segment is not None else None
    if segment is None or hit.position >= len(segment.sources) or segment.sources[hit.position] != record["source"]:
        return None, None, -1
    return DocResult(record["source"]), segment, hit.position


@fewer_collections()
def run_build(
    settings: Settings, version: str | None = None, workers: int | None = None, via: Via | None = None
) -> BuildResult:
    """The whole build. ``workers``: worker processes (default: settings, else one per
    core; none when only a few documents need processing); ``via``: how stages and
    batches run (default ``Plain``). With no ``version``, a build of the same inputs
    and code as the latest release stops at once ("no change since")."""
    via = via or Plain()
    use_jemalloc()
    clock = time.perf_counter
    t0 = clock()
    check_requested_version(settings, version)
    prepare_releases(settings)  # stale staging removed, index.json repaired, damaged releases reported
    early = Workers(requested_workers(settings, workers))

    def discovered(files: list[InputFile]) -> None:
        if via.can_fork and early.count > 1 and cold_start(settings, files):
            early.start()  # the workers start while the inputs are hashed

    try:
        inputs = via.find_inputs(settings, discovered)
        if version is None and (same := unchanged_since(settings, all_records(inputs))):
            early.shutdown()
            return replace(no_change(settings, same), damaged=tuple(sorted(set(take_damaged()))))
        cache = extract_cache(settings)
        n = effective_workers(settings, workers, inputs, cache)
    except BaseException:
        early.shutdown()
        raise
    pool = (early if early.count == n else Workers(n)) if via.can_fork and n > 1 else None
    if pool is not early:
        early.shutdown()
    if pool is not None:
        pool.start()  # the workers start while the first batch is processed here
    first = True

    def submit(payloads: list[Payload]) -> FutureLike:
        nonlocal first
        here, first = first, False
        return via.submit(payloads, None if here else pool)

    t1 = clock()
    progress = Progress(len(inputs.files))
    try:
        extracted = extract_all(settings, inputs, submit, n, progress.advance, cache)
    finally:
        progress.close()
        if pool is not None:
            pool.shutdown()
    t2 = clock()
    result = via.publish(settings, all_records(inputs), extracted, version)
    wall = {"find_inputs": t1 - t0, "extract_all": t2 - t1, "publish": clock() - t2}
    seconds = {**{f"wall_{k}": v for k, v in wall.items()}, **extracted.seconds}
    return replace(result, seconds=seconds, damaged=tuple(sorted(set(take_damaged()))))
