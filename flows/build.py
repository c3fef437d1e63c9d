"""The Prefect flow: ingest → clean → extract (in batches) → validate → publish.

Tasks are thin wrappers around ``flows.pipeline``; all logic lives there.
Importing this module configures Prefect's environment first (PREFECT_HOME,
no telemetry, quiet logs, a start-up timeout a cold 2-core machine meets)."""
from __future__ import annotations

from flows.settings import configure_prefect_env

configure_prefect_env()

from pathlib import Path  # noqa: E402

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402

from flows import pipeline  # noqa: E402
from flows.ingest import InputFile  # noqa: E402
from flows.progress import Progress  # noqa: E402
from flows.settings import load_settings  # noqa: E402


@task(name="find-inputs", cache_policy=NONE)
def find_inputs(seeds_dir: Path):  # type: ignore[no-untyped-def]
    return pipeline.find_inputs(seeds_dir)


@task(name="ingest-batch", cache_policy=NONE)
def ingest_batch(items: list[InputFile]):  # type: ignore[no-untyped-def]
    return pipeline.ingest_batch(items)


@task(name="extract-batch", cache_policy=NONE)
def extract_batch(ingested):  # type: ignore[no-untyped-def]
    return pipeline.extract_batch(ingested)


@task(name="validate-and-publish", cache_policy=NONE)
def validate_and_publish(settings, merged, version):  # type: ignore[no-untyped-def]
    return pipeline.validate_and_publish(settings, merged, version)


@flow(name="lianghui-build", log_prints=False, validate_parameters=False)
def build_flow(seeds: str | None = None, data: str | None = None, version: str | None = None) -> pipeline.BuildResult:
    settings = load_settings(seeds, data)
    pipeline.check_requested_version(settings, version)
    inputs = find_inputs(settings.seeds_dir)
    if version is None and (same := pipeline.unchanged_since(settings, inputs)):
        result = pipeline.no_change(settings, same)
        report(result)
        return result
    progress = Progress(len(inputs.files))
    outputs = []
    for batch in pipeline.batches(inputs.files, settings.batch_size):
        outputs.append(extract_batch(ingest_batch(batch)))
        progress.advance(len(batch))
    progress.close()
    merged = pipeline.merge(outputs, inputs.orphans, inputs.records)
    result = validate_and_publish(settings, merged, version)
    report(result)
    return result


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
