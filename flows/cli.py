"""The ``lianghui`` command line. Heavy modules (Prefect, pandas, pyarrow) are
imported inside the commands, so ``--help`` answers fast."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

# plain click help and errors: rich's import alone costs more than the rest of `--help`
os.environ.setdefault("TYPER_USE_RICH", "0")

import typer

from flows.errors import LianghuiError

app = typer.Typer(
    name="lianghui",
    help="Build, list, verify and download releases of the lianghui dataset.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def friendly(fn: Callable[..., Any]) -> Callable[..., Any]:
    """User mistakes become one line on stderr and exit code 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except LianghuiError as exc:
            typer.echo(f"lianghui: error: {exc}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:  # the environment: a full disk, a folder that may not be written…
            typer.echo(f"lianghui: error: {os_error(exc)}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo("lianghui: interrupted; nothing was published", err=True)
            raise typer.Exit(130) from None

    return wrapper


def os_error(exc: OSError) -> str:
    """An ``OSError`` in one line: what went wrong and where."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return f"{what}{where}".replace("\n", " ")


def check_data_dir(data: Path) -> None:
    """The data folder exists (it is created) and a file can be written in it."""
    import tempfile

    if data.exists() and not data.is_dir():
        raise LianghuiError(f"data folder {data} is not a folder")
    try:
        data.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data):
            pass
    except OSError as exc:
        raise LianghuiError(f"data folder {data} cannot be written: {exc.strerror or exc}") from None


SeedsOpt = typer.Option(
    None, "--seeds", help="Folder of input documents (*.txt with optional *.meta.json). Default: ./seeds."
)
DataOpt = typer.Option(None, "--data", help="Data folder holding releases/. Default: ./data.")


@app.command()
@friendly
def build(
    seeds: Optional[Path] = SeedsOpt,
    data: Optional[Path] = DataOpt,
    version: Optional[str] = typer.Option(None, "--version", help="Version to publish (default: the next one)."),
    workers: Optional[int] = typer.Option(
        None, "--workers", min=1, help="Worker processes for extraction (default: one per core)."
    ),
    runner: str = typer.Option("local", "--runner", help="local (worker processes on this machine) or dask."),
    dask_address: Optional[str] = typer.Option(
        None, "--dask-address", help="Scheduler of an existing Dask cluster, e.g. tcp://HOST:8786 (with --runner dask)."
    ),
) -> None:
    """Build a release from the seeds folder with the Prefect flow and publish it."""
    from flows.build.inputs import check_seeds
    from flows.settings import load_settings

    settings = load_settings(seeds, data)
    check_seeds(settings.seeds_dir)
    from flows.publish.versions import check_requested_version

    check_requested_version(settings, version)
    if runner not in ("local", "dask"):
        raise LianghuiError(f"unknown runner {runner!r}: use local or dask")
    if runner == "dask":
        if not dask_address:
            raise LianghuiError("--runner dask needs --dask-address tcp://HOST:PORT")
        import importlib.util
        import os

        if importlib.util.find_spec("prefect_dask") is None:
            raise LianghuiError("--runner dask needs the optional extra: pip install 'lianghui[dask]'")
        if not os.environ.get("PREFECT_API_URL"):
            raise LianghuiError("--runner dask needs a Prefect server the workers can reach: set PREFECT_API_URL")
    check_data_dir(settings.data_dir)
    from flows.build.reaper import watch
    from flows.settings import configure_prefect_env

    watch()  # the processes this build starts die with it, however it ends
    configure_prefect_env()
    from flows.flow import run

    result = run(str(settings.seeds_dir), str(settings.data_dir), version, runner, dask_address, workers)
    if result.damaged:
        typer.echo(f"damaged cache entries dropped and recomputed: {len(result.damaged)}", err=True)
    if not result.published:
        typer.echo(f"no change since {result.version}: nothing published")
        return
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    typer.echo(f"published {result.version} at {result.path}: {counts}")
    if result.rejected:
        typer.echo(f"{len(result.rejected)} input(s) rejected (see {result.path / 'rejected.csv'}):", err=True)
        for r in result.rejected:
            typer.echo(f"  {r['source']}: {r['reason']}", err=True)


@app.command()
@friendly
def releases(data: Optional[Path] = DataOpt) -> None:
    """List published releases, newest last (index.json is repaired from the release folders first)."""
    from flows.settings import load_settings

    settings = load_settings(None, data)
    state = _repaired(settings)
    for line in state.messages():
        typer.echo(f"lianghui: warning: {line}", err=True)
    if not state.index["releases"]:
        typer.echo(f"no releases in {settings.releases_dir}")
        return
    for e in state.index["releases"]:
        counts = " ".join(f"{t}={n}" for t, n in (e.get("counts") or {}).items())
        damaged = f" DAMAGED: {state.damaged[e['version']]}" if e["version"] in state.damaged else ""
        typer.echo(f"{e['version']:<10} {counts} rejected={e.get('rejected', 0)}{damaged}")


def _repaired(settings: Any) -> Any:
    """The releases as their folders give them (``publish.versions.Releases``), with
    index.json repaired under the publish lock when the data folder can be written."""
    from flows.publish.release import publish_lock
    from flows.publish.versions import repair_index, scan_releases

    if not settings.releases_dir.is_dir():
        return scan_releases(settings.releases_dir)
    try:
        with publish_lock(settings.lock_path, timeout=30):
            return repair_index(settings.releases_dir)
    except (OSError, LianghuiError):
        return scan_releases(settings.releases_dir)


@app.command()
@friendly
def verify(
    version: str = typer.Argument(..., help="Release to check, e.g. 1.0.0."), data: Optional[Path] = DataOpt
) -> None:
    """Check every file of a release against its manifest, SHA256SUMS and the index."""
    from flows.publish.verify import verify_release
    from flows.settings import load_settings

    settings = load_settings(None, data)
    folder = settings.releases_dir / version
    state = _repaired(settings)
    if not folder.is_dir():
        known = ", ".join(state.good) or "none"
        raise LianghuiError(f"unknown version {version!r} in {settings.releases_dir} (published: {known})")
    entry = next((e for e in state.index["releases"] if e["version"] == version), {})
    problems = verify_release(folder, entry.get("manifest_sha256"))
    if problems:
        for p in problems:
            typer.echo(f"lianghui: FAILED {folder / p}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{version}: all files match manifest.json, SHA256SUMS and index.json")


@app.command()
@friendly
def diff(
    old: str = typer.Argument(..., help="Older release, e.g. 1.0.0."),
    new: str = typer.Argument(..., help="Newer release, e.g. 1.1.0."),
    data: Optional[Path] = DataOpt,
) -> None:
    """Rows added, removed and changed per table between two releases (matched by id)."""
    from flows.publish.diff import diff_releases, render, schema_changes
    from flows.publish.versions import list_versions
    from flows.settings import load_settings

    settings = load_settings(None, data)
    known = list_versions(settings.releases_dir)
    for v in (old, new):
        if v not in known:
            raise LianghuiError(
                f"unknown version {v!r} in {settings.releases_dir} (published: {', '.join(known) or 'none'})"
            )
    a, b = settings.releases_dir / old, settings.releases_dir / new
    typer.echo(render(old, new, diff_releases(a, b), schema=schema_changes(a, b)), nl=False)


@app.command()
@friendly
def download(
    url: str = typer.Argument(..., help="Base URL holding index.json and the release folders (https:// or file://)."),
    version: Optional[str] = typer.Option(None, "--version", help="Release to fetch (default: the latest)."),
    to: Path = typer.Option(Path("data/releases"), "--to", help="Folder to put the release in (as TO/VERSION)."),
    deadline: float = typer.Option(
        3600.0, "--deadline", metavar="SECONDS", help="Give up when the whole download takes longer than this."
    ),
    cross_origin: bool = typer.Option(
        False,
        "--allow-cross-origin-redirects",
        help="Follow redirects to another scheme, host or port (default: refuse them).",
    ),
) -> None:
    """Download a release, checking every file against its manifest."""
    from flows.publish.download import download as fetch_release

    path = fetch_release(url, to, version, deadline=deadline, allow_cross_origin_redirects=cross_origin)
    typer.echo(f"downloaded {path.name} to {path}")


@app.command()
@friendly
def evaluate(
    gold: Optional[list[Path]] = typer.Option(
        None, "--gold", help="Gold folder (repeatable). Default: every set of flows/evaluate/gold_sets.json."
    ),
    docs: Optional[list[Path]] = typer.Option(
        None, "--docs", help="Folder holding the documents of --gold (repeatable). Default: seeds and tests/corpus."
    ),
) -> None:
    """Score the extractors against hand-made gold files, per gold set and document kind."""
    import json

    from flows.evaluate.score import evaluate as run_evaluation
    from flows.evaluate.score import evaluate_sets, load_gold_sets, render_accuracy, render_scores
    from flows.settings import PROJECT_ROOT

    try:
        if gold:
            scores = run_evaluation(
                list(gold), list(docs or (PROJECT_ROOT / "seeds", PROJECT_ROOT / "tests" / "corpus"))
            )
        else:
            scores = evaluate_sets(load_gold_sets())
    except (FileNotFoundError, ValueError) as exc:
        raise LianghuiError(str(exc)) from None
    if scores is None:
        raise LianghuiError("no gold files (*.json) found")
    typer.echo(f"{scores['documents']} gold documents")
    typer.echo(render_scores(scores) if gold else render_accuracy(scores))
    typer.echo(json.dumps(scores, ensure_ascii=False))


@app.command()
@friendly
def server(
    port: int = typer.Option(4200, "--port", help="Port on 127.0.0.1."),
) -> None:
    """Start a local Prefect server in the foreground (SQLite under PREFECT_HOME)."""
    import os

    from flows.settings import configure_prefect_env

    home = configure_prefect_env(temporary_server=False)
    prefect = Path(sys.executable).with_name("prefect")
    if not prefect.exists():
        raise LianghuiError(f"the prefect command is not installed next to {sys.executable}")
    typer.echo(
        f"Prefect server on http://127.0.0.1:{port} (PREFECT_HOME={home}); in another terminal:\n"
        f"  export PREFECT_API_URL=http://127.0.0.1:{port}/api && lianghui serve",
        err=True,
    )
    os.execv(str(prefect), [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)])


@app.command()
@friendly
def serve(
    cron: Optional[str] = typer.Option(None, "--cron", help='Cron schedule, e.g. "0 6 * * *" (the default).'),
    interval: Optional[int] = typer.Option(
        None, "--interval", help="Run every SECONDS instead of on a cron schedule.", min=1
    ),
    seeds: Optional[Path] = SeedsOpt,
    data: Optional[Path] = DataOpt,
    name: str = typer.Option("scheduled", "--name", help="Deployment name."),
) -> None:
    """Serve the build flow as a scheduled deployment on PREFECT_API_URL."""
    import os

    from flows.settings import configure_prefect_env, load_settings

    if cron and interval:
        raise LianghuiError("give --cron or --interval, not both")
    settings = load_settings(seeds, data)
    if not settings.seeds_dir.is_dir():
        raise LianghuiError(f"seeds folder {settings.seeds_dir} does not exist")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")  # a served process reports each run
    configure_prefect_env()
    if cron:
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=cron)
        except ValueError:
            raise LianghuiError(f"--cron {cron!r} is not a cron schedule such as '0 6 * * *'") from None
    if not os.environ.get("PREFECT_API_URL"):
        raise LianghuiError(
            "no Prefect server configured: run `lianghui server` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api (schedules need a real server)"
        )
    from flows.flow import build_flow

    schedule = {"interval": interval} if interval else {"cron": cron or "0 6 * * *"}
    build_flow.serve(
        name=name,
        parameters={"seeds": str(settings.seeds_dir.resolve()), "data": str(settings.data_dir.resolve())},
        description="Build and publish a lianghui release when the seeds changed.",
        **schedule,
    )


@app.command()
@friendly
def fetch(
    source: Optional[str] = typer.Option(
        None, "--source", help="Fetch only this source (even when disabled). Default: every enabled source."
    ),
    registry: Optional[Path] = typer.Option(
        None, "--registry", help="Source registry (YAML). Default: ./seeds/sources.yaml."
    ),
    data: Optional[Path] = DataOpt,
    then_build: bool = typer.Option(False, "--build", help="Then build a release from the fetched documents."),
    from_archive: bool = typer.Option(
        False, "--from-archive", help="Fetch nothing: write data/raw/documents/ again from the archive alone."
    ),
) -> None:
    """Collect documents from the registry's sources into data/raw/ (WARC archive and documents/)."""
    from flows.fetch.registry import load_registry, select
    from flows.fetch.run import DEFAULT_REGISTRY
    from flows.settings import configure_prefect_env, load_settings

    select(load_registry(registry or DEFAULT_REGISTRY), source)  # a bad registry fails before Prefect starts
    settings = load_settings(None, data)
    configure_prefect_env()
    from flows.fetch.flow import fetch_flow
    from flows.fetch.run import summary_lines

    result = fetch_flow(str(registry) if registry else None, str(settings.data_dir), source, from_archive)
    for line in summary_lines(result):
        typer.echo(line)
    if then_build:
        from flows.flow import run

        built = run(str(result.documents_dir), str(settings.data_dir), None)
        if built.published:
            typer.echo(
                f"published {built.version} at {built.path}: " + ", ".join(f"{n} {t}" for t, n in built.counts.items())
            )
        else:
            typer.echo(f"no change since {built.version}: nothing published")


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())
