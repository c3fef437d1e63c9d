"""The Prefect flow: ingest → clean → extract (in batches) → validate → publish.

Tasks are thin wrappers around ``flows.pipeline``; all logic lives there.
Importing this module configures Prefect's environment first (PREFECT_HOME,
no telemetry, quiet logs, a start-up timeout a cold 2-core machine meets)."""
from __future__ import annotations

from flows.settings import configure_prefect_env

configure_prefect_env()

from pathlib import Path  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402

from flows import pipeline  # noqa: E402
from flows.ingest import InputFile  # noqa: E402
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
    files, orphans = find_inputs(settings.seeds_dir)
    outputs = [extract_batch(ingest_batch(b)) for b in pipeline.batches(files, settings.batch_size)]
    merged = pipeline.merge(outputs, orphans)
    return validate_and_publish(settings, merged, version)
