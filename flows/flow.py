"""The Prefect flow: the build (``flows.build.run.run_build``) with its stages as
Prefect tasks. Call ``flows.settings.configure_prefect_env()`` before importing
this module (Prefect reads its settings on import; the CLI does)."""

from __future__ import annotations

import concurrent.futures as cf
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.build.batch import BatchResult, process_batch
from flows.build.inputs import InputRecord, Inputs, find_inputs
from flows.build.run import run_build
from flows.build.workers import Workers
from flows.errors import LianghuiError
from flows.ingest.document import Payload
from flows.ingest.files import InputFile
from flows.publish.release import BuildResult, Extracted, publish_release
from flows.settings import Settings, load_settings


class Opaque:
    """Carries a value through Prefect without Prefect walking into it: Prefect
    visits every element of dataclasses, lists and dicts passed to or returned by
    a task (about 1 s for a batch of 250 documents' rows)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Unwrapped:
    def __init__(self, future: Any) -> None:
        self.future = future

    def result(self) -> BatchResult:
        return self.future.result().value


@task(name="find-inputs", cache_policy=NONE)
def find_inputs_task(settings: Settings, discovered: Opaque) -> Opaque:
    return Opaque(
        find_inputs(
            settings.seeds_dir, settings.hash_memo, discovered.value, settings.read_ahead, settings.links_outside
        )
    )


@task(name="process-batch", cache_policy=NONE, retries=0)
def process_batch_task(payloads: Opaque, pool: Opaque) -> Opaque:
    """Ingest, clean, extract and validate one batch of documents, in the worker
    processes ``pool`` holds, or in place when it holds None (a Dask worker, or the
    first batch while the workers start)."""
    workers: cf.ProcessPoolExecutor | None = pool.value
    if workers is not None:
        return Opaque(workers.submit(process_batch, payloads.value).result())
    return Opaque(process_batch(payloads.value))


@task(name="publish", cache_policy=NONE)
def publish_task(settings: Settings, records: Opaque, extracted: Opaque, version: str | None) -> BuildResult:
    return publish_release(settings, records.value, extracted.value, version)


class ViaPrefect:
    """``run_build``'s stages as Prefect tasks (see ``flows.build.run.Via``); batches run
    on the flow's task runner (threads waiting for local workers, or Dask workers)."""

    def __init__(self) -> None:
        self.can_fork = not _on_dask()

    def find_inputs(self, settings: Settings, discovered: Callable[[list[InputFile]], None]) -> Inputs:
        return find_inputs_task(settings, Opaque(discovered)).value

    def submit(self, payloads: list[Payload], workers: Workers | None) -> _Unwrapped:
        return _Unwrapped(process_batch_task.submit(Opaque(payloads), Opaque(workers.pool if workers else None)))

    def publish(
        self, settings: Settings, records: list[InputRecord], extracted: Extracted, version: str | None
    ) -> BuildResult:
        return publish_task(settings, Opaque(records), Opaque(extracted), version)


@flow(
    name="lianghui-build", log_prints=False, validate_parameters=False, task_runner=ThreadPoolTaskRunner(max_workers=4)
)
def build_flow(
    seeds: str | None = None, data: str | None = None, version: str | None = None, workers: int | None = None
) -> BuildResult:
    """Build a release of the dataset from the seeds folder and publish it."""
    result = run_build(load_settings(seeds, data), version, workers, ViaPrefect())
    report(result)
    return result


def _on_dask() -> bool:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


def run(
    seeds: str,
    data: str,
    version: str | None,
    runner: str = "local",
    dask_address: str | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Run the flow with the chosen task runner. A failure the caller reports in one line
    (a ``LianghuiError``, an ``OSError`` such as a full disk) is not also logged by Prefect."""
    with quiet_expected_failures():
        if runner == "dask":
            from prefect_dask import DaskTaskRunner

            flow_ = build_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
            return flow_(seeds, data, version, workers)
        return build_flow(seeds, data, version, workers)


#: failures the command line reports in one line (``flows.cli.friendly``)
EXPECTED_FAILURES = (LianghuiError, OSError)
RUN_LOGGERS = ("prefect.task_runs", "prefect.flow_runs")


class _ExpectedFailures(logging.Filter):
    """Drops Prefect's report of an expected failure: the record carrying its traceback,
    then the "Finished in state Failed" records naming it. Any other failure is logged."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, EXPECTED_FAILURES):
            self.seen.add(f"{type(exc).__name__}: ")
            return False
        if self.seen and "Finished in state" in (message := record.getMessage()):
            return not any(name in message for name in self.seen)
        return True


@contextmanager
def quiet_expected_failures() -> Iterator[None]:
    quiet = _ExpectedFailures()
    loggers = [logging.getLogger(name) for name in RUN_LOGGERS]
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


def report(result: BuildResult) -> None:
    """Log the outcome and leave a markdown artifact on the flow run: rows, rejections, the diff."""
    if result.published:
        get_run_logger().info(
            "published %s at %s: %s",
            result.version,
            result.path,
            ", ".join(f"{n} {t}" for t, n in result.counts.items()),
        )
    else:
        get_run_logger().info("no change since %s: nothing published", result.version)
    create_markdown_artifact(
        markdown=summary_markdown(result),
        key="lianghui-build",
        description=f"lianghui build: {'published' if result.published else 'no change since'} {result.version}",
    )


def summary_markdown(result: BuildResult) -> str:
    damaged = [f"\nDamaged cache entries dropped and recomputed: {len(result.damaged)}"] if result.damaged else []
    damaged += [f"- `{d}`" for d in result.damaged]
    if not result.published:
        text = f"# No change since {result.version}\n\nThe inputs and code equal those of release {result.version}; nothing was published.\n"
        return text + "".join(line + "\n" for line in damaged)
    lines = [f"# Published {result.version}", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {t} | {n} |" for t, n in result.counts.items()]
    lines += ["", f"Rejected inputs: {len(result.rejected)}"]
    lines += [f"- `{r['source']}`: {r['reason']}" for r in result.rejected]
    lines += damaged
    changes = result.path / "CHANGES.md"
    if changes.exists():
        lines += ["", changes.read_text(encoding="utf-8").replace("# Changes", "## Changes", 1)]
    return "\n".join(lines) + "\n"
