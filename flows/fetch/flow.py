"""``lianghui fetch`` as a Prefect flow, and the scheduled deployment's flow: fetch, then
build a release from the archive's documents. Call ``flows.settings.configure_prefect_env()``
before importing this module (the CLI does)."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.fetch.run import FetchResult, run_fetch, summary_lines, summary_markdown


@flow(name="lianghui-fetch", log_prints=False, validate_parameters=False)
def fetch_flow(
    registry: str | None = None, data: str = "data", source: str | None = None, from_archive: bool = False
) -> FetchResult:
    """Fetch the enabled sources (or one) into the raw archive and write its documents."""
    result = run_fetch(registry, data, source, from_archive)
    for line in summary_lines(result):
        get_run_logger().info(line)
    create_markdown_artifact(markdown=summary_markdown(result), key="lianghui-fetch", description="lianghui fetch")
    return result


@flow(name="lianghui-fetch-build", log_prints=False, validate_parameters=False)
def fetch_and_build_flow(registry: str | None = None, data: str = "data", seeds: str | None = None) -> None:
    """The scheduled run: fetch every enabled source, then build a release from the fetched
    documents (``data/raw/documents``, or ``seeds`` when given)."""
    from flows.flow import build_flow

    result = fetch_flow(registry, data)
    if seeds is None and not any(result.documents_dir.rglob("*.txt")):
        get_run_logger().info("no documents fetched (no source enabled?): nothing to build")
        return
    build_flow(seeds or str(result.documents_dir), data)
