"""Worker processes: how many, when to start them, and the warmed-up server they are forked from."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterator

import pyarrow as pa

from flows.build.batch import BatchResult, process_batch
from flows.build.cache import ExtractCache, extract_cache
from flows.build.inputs import Inputs
from flows.ingest.document import Payload
from flows.ingest.files import InputFile
from flows.settings import Settings

#: Garbage collection while a build runs, in its process and in the workers: young objects
#: collected less often (a batch makes hundreds of thousands of short-lived rows; the default
#: thresholds, (700, 10, 10), spent ~4 % of a batch's time and 0.1 s of a 10,000-document
#: build's own process in collections).
GC_THRESHOLDS = (50_000, 20, 100)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """``GC_THRESHOLDS`` for the time of a build (also a decorator), then the thresholds as they were."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def use_jemalloc() -> None:
    """Arrow's buffers from jemalloc rather than its default, mimalloc, which maps them as
    transparent huge pages: zeroing 2 MiB per page fault cost a 10,000-document build
    0.4 s of system time in its own process and 0.15 s in the workers'."""
    with contextlib.suppress(NotImplementedError):  # a pyarrow built without jemalloc keeps its default
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def worker_context() -> multiprocessing.context.BaseContext:
    """Worker processes are forked from a server process that imported and
    warmed up the code once (``prepare_worker_server``): neither a copy of this process
    (which may run threads, e.g. Prefect's) nor a cold interpreter each."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["flows.build.forkserver"])
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


def pending_count(settings: Settings, inputs: Inputs, cache: ExtractCache | None = None) -> int:
    """Documents this build must process (those not in the cache)."""
    cache = cache or extract_cache(settings)
    return sum(not cache.has(rec) for rec in inputs.records)


def effective_workers(
    settings: Settings, requested: int | None, inputs: Inputs, cache: ExtractCache | None = None
) -> int:
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


#: A small document run through every stage before the workers are forked.
SAMPLE = (
    "示例市两会开幕\n\n"
    "市长王明在政府工作报告中表示,今年全市地区生产总值增长6%左右,新开工项目50个。"
    "“我们要把民生实事办好。”他说。\n\n"
    "去年全市固定资产投资达到120亿元,同比增长8.5%。\n"
)


def prepare_worker_server() -> None:
    """Run once in the process the workers are forked from (``flows.build.forkserver``):
    one small document through every stage, so that the workers start with modules
    imported, regular expressions compiled, word lists loaded and the pinyin index
    opened, instead of each paying for it (about 3 s a worker on this machine)."""
    use_jemalloc()
    # a failed warm-up only costs the workers time; they report real errors
    with contextlib.suppress(Exception):
        process_batch([Payload("warm-up.txt", SAMPLE.encode("utf-8"), None)])
    # What the workers inherit (modules, caches, word lists) lives as long as they do: keep it
    # out of the cyclic garbage collector's passes, and collect young objects less often.
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
