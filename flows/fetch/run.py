"""One fetch: the chosen sources into the archive, then the archive into documents.
``run_fetch`` is the plain function; ``flows.fetch.flow`` runs it as a Prefect flow."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flows.fetch.archive import Archive, Entry
from flows.fetch.corpus import corpus_files
from flows.fetch.documents import Written, write_documents
from flows.fetch.fetcher import Fetcher, SourceReport, fetch_web_source
from flows.fetch.registry import Source, load_registry, select

DEFAULT_REGISTRY = Path("seeds/sources.yaml")


@dataclass
class FetchResult:
    reports: list[SourceReport]
    written: Written
    raw_dir: Path
    documents_dir: Path
    errors: list[str] = field(default_factory=list)


def raw_dir_of(data_dir: Path | str) -> Path:
    return Path(data_dir) / "raw"


def run_fetch(
    registry: Path | str | None = None,
    data_dir: Path | str = "data",
    source: str | None = None,
    from_archive: bool = False,
) -> FetchResult:
    """Fetch the enabled sources (or the one named) into ``data/raw/`` and write
    ``data/raw/documents/`` from the whole archive (``from_archive``: only the latter, offline)."""
    sources = load_registry(registry or DEFAULT_REGISTRY)
    chosen = select(sources, source)
    raw = raw_dir_of(data_dir)
    reports = []
    with _locked(raw):
        if not from_archive:
            archive = Archive(raw)
            with archive:
                previous = _previous(archive.entries())
                reports = asyncio.run(_fetch_all(archive, previous, chosen))
        written = rebuild_documents(sources, raw)
    return FetchResult(reports, written, raw, raw / "documents")


@contextlib.contextmanager
def _locked(raw: Path) -> Iterator[None]:
    """One fetch at a time per archive (recovery must not cut another run's open file)."""
    from flows.fetch.registry import RegistryError

    raw.mkdir(parents=True, exist_ok=True)
    with open(raw / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RegistryError(f"another fetch is writing {raw}; try again when it is done") from None
        yield


def rebuild_documents(sources: list[Source], raw: Path) -> Written:
    """``data/raw/documents/`` and ``data/raw/rejected.csv`` from the archive alone."""
    from flows.fetch.archive import recover

    if (raw / "warc").is_dir():
        recover(raw)
    return write_documents(Archive(raw), sources, raw / "documents", raw / "rejected.csv")


def _previous(entries: list[Entry]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for e in entries:
        if e.status in (200, 0):
            out[e.url] = e
    return out


async def _fetch_all(archive: Archive, previous: dict[str, Entry], sources: list[Source]) -> list[SourceReport]:
    fetcher = Fetcher(archive, previous)
    reports = [SourceReport(s.name, s.kind) for s in sources]

    async def one(source: Source, report: SourceReport) -> None:
        try:
            if source.kind == "corpus-file":
                _fetch_corpus(archive, previous, source, report)
            else:
                await fetch_web_source(fetcher, source, report)
        except Exception as exc:  # a failing source never stops the others
            report.error = f"{type(exc).__name__}: {exc}"

    await asyncio.gather(*(one(s, r) for s, r in zip(sources, reports)))
    return reports


def _fetch_corpus(archive: Archive, previous: dict[str, Entry], source: Source, report: SourceReport) -> None:
    """Corpus files into the archive as resource records (once per distinct content)."""
    for path in corpus_files(source):
        url = path.resolve().as_uri()
        try:
            body = path.read_bytes()
        except OSError as exc:
            report.fail(url, str(exc))
            continue
        prev = previous.get(url)
        if prev is not None and prev.sha256 == hashlib.sha256(body).hexdigest():
            report.unchanged += 1
            continue
        ctype = {".csv": "text/csv", ".jsonl": "application/jsonl", ".parquet": "application/vnd.apache.parquet"}
        previous[url] = archive.write_resource(source.name, url, body, ctype.get(path.suffix.lower(), ""))
        report.fetched += 1


def summary_lines(result: FetchResult) -> list[str]:
    """One line per source, then each failure with its reason."""
    lines = []
    for r in result.reports:
        state = (
            f"FAILED ({r.error})"
            if r.error
            else f"{r.fetched} fetched, {r.unchanged} unchanged, {len(r.failed)} failed"
        )
        lines.append(f"{r.name} [{r.kind}]: {state}")
        lines += [f"  {url}: {why}" for url, why in r.failed]
    w = result.written
    lines.append(
        f"documents: {w.documents} in {result.documents_dir}"
        + (f", {w.duplicates} duplicate(s) skipped" if w.duplicates else "")
        + (f", {len(w.rejected)} rejected (see {result.raw_dir / 'rejected.csv'})" if w.rejected else "")
    )
    lines += [f"  rejected {r['url']}: {r['reason']}" for r in w.rejected]
    return lines


def summary_markdown(result: FetchResult) -> str:
    lines = ["# Fetch", "", "| source | kind | fetched | unchanged | failed |", "| --- | --- | ---: | ---: | ---: |"]
    for r in result.reports:
        failed = f"source failed: {r.error}" if r.error else str(len(r.failed))
        lines.append(f"| {r.name} | {r.kind} | {r.fetched} | {r.unchanged} | {failed} |")
    failures = [(r.name, u, w) for r in result.reports for u, w in r.failed]
    if failures:
        lines += ["", "## Failures", ""] + [f"- {n}: `{u}`: {w}" for n, u, w in failures]
    w = result.written
    lines += ["", f"Documents: {w.documents} (duplicates skipped: {w.duplicates}); rejected: {len(w.rejected)}"]
    lines += [f"- `{r['url']}`: {r['reason']}" for r in w.rejected]
    return "\n".join(lines) + "\n"
