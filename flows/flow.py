"""The Prefect flow: find inputs → ingest, clean, extract, validate (batches,
in parallel) → publish.

Tasks are thin wrappers around ``flows.build.pipeline``; all logic lives there.
Importing this module configures Prefect's environment first (PREFECT_HOME,
no telemetry, quiet logs, a start-up timeout a cold 2-core machine meets)."""
from __future__ import annotations

from flows.settings import configure_prefect_env

configure_prefect_env()

import concurrent.futures as cf  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from flows.build import pipeline  # noqa: E402
from flows.build.progress import Progress  # noqa: E402
from flows.settings import Settings, load_settings  # noqa: E402

#: Worker processes of a local run, set by the flow; tasks run on Dask workers see None
#: and process their batch in place.
_POOL: "cf.ProcessPoolExecutor | None" = None


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

    def result(self) -> pipeline.BatchResult:
        return self.future.result().value


@task(name="find-inputs", cache_policy=NONE)
def find_inputs(seeds_dir: Path, hashes: Path | None, discovered: Opaque, read_ahead: int = 0) -> Opaque:
    return Opaque(pipeline.find_inputs(seeds_dir, hashes, discovered.value, read_ahead))


@task(name="process-batch", cache_policy=NONE, retries=0)
def process_batch(payloads: Opaque, here: bool = False) -> Opaque:
    """Ingest, clean, extract and validate one batch of documents (``here``: in
    this process, not in a worker)."""
    if _POOL is not None and not here:
        return Opaque(_POOL.submit(pipeline.process_batch, payloads.value).result())
    return Opaque(pipeline.process_batch(payloads.value))


@task(name="publish", cache_policy=NONE)
def publish_release(settings: Settings, inputs: Opaque, extracted: Opaque, version: str | None) -> pipeline.BuildResult:
    return pipeline.publish_release(settings, inputs.value, extracted.value, version)


@flow(name="lianghui-build", log_prints=False, validate_parameters=False, task_runner=ThreadPoolTaskRunner(max_workers=4))
def build_flow(seeds: str | None = None, data: str | None = None, version: str | None = None,
               workers: int | None = None) -> pipeline.BuildResult:
    """Build a release of the dataset from the seeds folder and publish it."""
    global _POOL
    settings = load_settings(seeds, data)
    pipeline.check_requested_version(settings, version)
    early = pipeline.Workers(pipeline.requested_workers(settings, workers))
    can_fork = _POOL is None and not _on_dask()

    def discovered(files: list[pipeline.InputFile]) -> None:
        if can_fork and early.count > 1 and pipeline.cold_start(settings, files):
            early.start()  # the workers start while the inputs are hashed

    try:
        inputs = find_inputs(settings.seeds_dir, settings.hash_memo, Opaque(discovered), settings.read_ahead).value
        if version is None and (same := pipeline.unchanged_since(settings, inputs)):
            early.shutdown()
            result = pipeline.no_change(settings, same)
            report(result)
            return result
        cache = pipeline.extract_cache(settings)
        n = pipeline.effective_workers(settings, workers, inputs, cache)
    except BaseException:
        early.shutdown()
        raise
    local = can_fork and n > 1
    if local:
        workers_ = early if early.count == n else pipeline.Workers(n)
        if workers_ is not early:
            early.shutdown()
        _POOL = workers_.start()  # the workers start while the first batch is processed here
    else:
        early.shutdown()
    progress = Progress(len(inputs.files))
    submitted = 0

    def submit(payloads: list[pipeline.Payload]) -> _Unwrapped:
        nonlocal submitted
        submitted += 1
        return _Unwrapped(process_batch.submit(Opaque(payloads), here=local and submitted == 1))

    try:
        extracted = pipeline.extract_all(settings, inputs, submit, n, progress.advance, cache)
    finally:
        progress.close()
        if local:
            workers_.shutdown()
            _POOL = None
    result = publish_release(settings, Opaque(inputs), Opaque(extracted), version)
    report(result)
    return result


def _on_dask() -> bool:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


def run(seeds: str, data: str, version: str | None, runner: str = "local", dask_address: str | None = None,
        workers: int | None = None) -> pipeline.BuildResult:
    """Run the flow with the chosen task runner."""
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        flow_ = build_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
        return flow_(seeds, data, version, workers)
    return build_flow(seeds, data, version, workers)


def report(result: pipeline.BuildResult) -> None:
    """Log the outcome and leave a markdown artifact on the flow run: rows, rejections, the diff."""
    if result.published:
        get_run_logger().info("published %s at %s: %s", result.version, result.path,
                              ", ".join(f"{n} {t}" for t, n in result.counts.items()))
    else:
        get_run_logger().info("no change since %s: nothing published", result.version)
    create_markdown_artifact(markdown=summary_markdown(result), key="lianghui-build",
                             description=f"lianghui build: {'published' if result.published else 'no change since'} {result.version}")


def summary_markdown(result: pipeline.BuildResult) -> str:
    if not result.published:
        return f"# No change since {result.version}\n\nThe inputs and code equal those of release {result.version}; nothing was published.\n"
    lines = [f"# Published {result.version}", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {t} | {n} |" for t, n in result.counts.items()]
    lines += ["", f"Rejected inputs: {len(result.rejected)}"]
    lines += [f"- `{r['source']}`: {r['reason']}" for r in result.rejected]
    changes = result.path / "CHANGES.md"
    if changes.exists():
        lines += ["", changes.read_text(encoding="utf-8").replace("# Changes", "## Changes", 1)]
    return "\n".join(lines) + "\n"
