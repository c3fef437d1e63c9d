"""Publish: refuse a build with validation failures, otherwise write the files
around the tables (Data Package, dataset card, changes, manifest, checksums) in
the staging folder, then move it under ``releases/`` in one rename, under a lock."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows import checksum
from flows.build.inputs import InputRecord, RejectedRow
from flows.errors import LianghuiError, ValidationFailed
from flows.publish.datapackage import DATASET_NAME, datapackage
from flows.publish.files import dumps, sha256_file, write_json_atomic
from flows.publish.versions import (
    check_requested_version,
    code_key,
    code_version,
    inputs_digest,
    list_versions,
    next_version,
    parse_version,
    read_index,
    remember_same_data,
)
from flows.settings import TABLES, Settings
from flows.validate.checks import Failure, summarize, write_report


@contextlib.contextmanager
def publish_lock(path: Path, timeout: float = 300.0) -> Iterator[None]:
    """One publisher at a time (``path``: the lock file, ``Settings.lock_path``). A
    second one waits (up to ``timeout`` s) and then chooses its version after the
    first has published, so two builds never publish the same version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as fh:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise LianghuiError(
                        f"another build has held {path} for over {timeout:.0f} s; nothing published"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class StagedRelease:
    version: str
    folder: Path
    manifest: dict[str, Any]


def changed_documents(previous: Path, inputs: list[dict[str, Any]]) -> set[str] | None:
    """Ids of the documents whose rows may differ from ``previous``'s: those
    whose bytes or sidecar changed, or that came or went. None (compare all)
    when the code changed, since then any row may differ."""
    from flows.ingest.inputs import stable_id

    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    if code_key(manifest.get("code", {})) != code_key():
        return None

    def key(r: dict[str, Any]) -> tuple[Any, ...]:
        return r.get("sha256"), r.get("meta_sha256")

    old = {r["source"]: key(r) for r in manifest.get("inputs", [])}
    new = {r["source"]: key(r) for r in inputs}
    return {stable_id("d", s) for s in set(old) | set(new) if old.get(s) != new.get(s)}


def finish_release(
    staging: Path,
    version: str,
    counts: dict[str, int],
    rejected: list[dict[str, Any]],
    inputs: list[dict[str, Any]],
    previous: Path | None = None,
    accuracy: dict[str, Any] | None = None,
) -> StagedRelease:
    """Write the files around the tables (already in ``staging``): rejected.csv,
    datapackage.json, CHANGES.md (against ``previous``), README.md, manifest.json, SHA256SUMS."""
    from flows.publish.card import render_card  # local: the card imports this module
    from flows.publish.diff import diff_releases, render, schema_changes, summarize

    with (staging / "rejected.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["source", "sha256", "reason"])
        for r in sorted(rejected, key=lambda r: r["source"]):
            writer.writerow([r["source"], r.get("sha256") or "", r["reason"]])
    hashes: dict[Path, str] = {}

    def digest(path: Path) -> str:  # each table file is hashed once
        if path not in hashes:
            hashes[path] = sha256_file(path)
        return hashes[path]

    with cf.ThreadPoolExecutor(2) as pool:  # hashlib releases the GIL: two files at a time
        tables = [staging / f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")]
        hashes.update(zip(tables, pool.map(sha256_file, tables)))
    (staging / "datapackage.json").write_text(dumps(datapackage(version, staging, counts, digest)), encoding="utf-8")
    diffs = diff_releases(previous, staging, changed_documents(previous, inputs)) if previous is not None else None
    schema = schema_changes(previous, staging) if previous is not None else None
    (staging / "CHANGES.md").write_text(
        render(previous.name if previous else None, version, diffs, schema=schema), encoding="utf-8"
    )
    manifest_core = {
        "name": DATASET_NAME,
        "version": version,
        "code": code_version(),
        "inputs_sha256": inputs_digest(inputs),
        "inputs": sorted(inputs, key=lambda i: i["source"]),
        "counts": counts,
        "rejected": len(rejected),
        "previous": previous.name if previous else None,
        "changes": summarize(diffs) if diffs is not None else None,
        "accuracy": accuracy,
    }
    (staging / "README.md").write_text(render_card(version, counts, rejected, manifest_core), encoding="utf-8")
    files = {
        p.name: {"sha256": digest(p), "bytes": p.stat().st_size}
        for p in sorted(staging.iterdir())
        if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS")
    }
    manifest = {**manifest_core, "files": files}
    (staging / "manifest.json").write_text(dumps(manifest), encoding="utf-8")
    sums = {**{k: v["sha256"] for k, v in files.items()}, "manifest.json": sha256_file(staging / "manifest.json")}
    (staging / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sorted(sums.items())), encoding="utf-8")
    return StagedRelease(version, staging, manifest)


def same_data(a: Path, b: Path) -> bool:
    """True when two release folders hold the same rows (CSV files and
    rejected inputs byte for byte; Parquet bytes may differ by pyarrow version).
    Uses the hashes their manifests record."""
    names = [f"{t}.csv" for t in TABLES] + ["rejected.csv"]
    files = [_recorded_hashes(f) for f in (a, b)]
    return all(files[0].get(n) is not None and files[0].get(n) == files[1].get(n) for n in names)


def _recorded_hashes(folder: Path) -> dict[str, str]:
    try:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        return {name: entry["sha256"] for name, entry in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {p.name: sha256_file(p) for p in folder.iterdir() if p.is_file()}


def new_staging_dir(base: Path, version: str) -> Path:
    """A new folder under ``base`` (``Settings.staging_dir``) to write a release into."""
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{version}-", dir=base))


def publish(staged: StagedRelease, releases: Path) -> Path:
    """Move the staged folder into place in one rename and add it to the index.
    Refuses an existing version. Call under ``publish_lock``."""
    releases.mkdir(parents=True, exist_ok=True)
    target = releases / staged.version
    if target.exists():
        raise LianghuiError(
            f"release {staged.version} already exists in {releases}; published versions are never modified"
        )
    for p in staged.folder.iterdir():
        p.chmod(0o444)
    staged.folder.chmod(0o755)
    os.rename(staged.folder, target)
    index = read_index(releases)
    entries = [e for e in index.get("releases", []) if e.get("version") != staged.version]
    m = staged.manifest
    entries.append(
        {
            "version": staged.version,
            "path": f"{staged.version}/",
            "manifest_sha256": sha256_file(target / "manifest.json"),
            "inputs_sha256": m["inputs_sha256"],
            "code": m["code"],
            "counts": m["counts"],
            "rejected": m["rejected"],
            "previous": m["previous"],
            "changes": m["changes"],
        }
    )
    entries.sort(key=lambda e: parse_version(e["version"]))
    write_json_atomic(
        releases / "index.json", {"name": DATASET_NAME, "latest": entries[-1]["version"], "releases": entries}
    )
    return target


def clean_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Extracted:
    """The streamed tables in a staging folder, and what the publish step needs."""

    staging: Path
    counts: dict[str, int]
    rejected: list[RejectedRow]
    failures: list[Failure]
    processed: int  # documents extracted in this build (the rest came from the cache)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds, summed over workers


@dataclass(frozen=True)
class BuildResult:
    version: str
    path: Path
    counts: dict[str, int]
    rejected: list[RejectedRow]
    published: bool = True  # False: the data equal the latest release's, nothing new was published
    damaged: tuple[str, ...] = ()  # damaged cache entries found, dropped and recomputed (flows.checksum)
    seconds: dict[str, float] = field(default_factory=dict)  # stage timings, for benchmarks


def measure_accuracy() -> dict[str, Any] | None:
    """The extractor's scores on the gold documents kept in the repository
    (cached in ~/.cache/lianghui/accuracy/ by code and gold files)."""
    from flows.evaluate.score import evaluate
    from flows.settings import GOLD_DIRS, GOLD_DOCUMENTS, user_cache_dir

    h = hashlib.sha256(code_key().encode())
    for folder in (*GOLD_DIRS, *GOLD_DOCUMENTS):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix in (".json", ".txt"):
                h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    cached = user_cache_dir() / "accuracy" / f"{h.hexdigest()}.json"
    if (kept := checksum.read_json(cached)) is not None:  # None when missing or damaged (then dropped)
        return kept.get("scores")
    try:
        scores = evaluate(list(GOLD_DIRS), list(GOLD_DOCUMENTS))
    except (FileNotFoundError, ValueError) as exc:
        raise LianghuiError(f"cannot measure accuracy for the release card: {exc}") from None
    text = checksum.seal_json({"scores": scores})
    with contextlib.suppress(OSError):  # a cache: not kept when it cannot be written
        checksum.write_bytes(cached, text.encode("utf-8"), cached.parent.parent)
    return checksum.open_json(text)["scores"]  # as the cache gives them back: the same bytes warm or cold


def publish_release(
    settings: Settings, records: list[InputRecord], extracted: Extracted, version: str | None
) -> BuildResult:
    """Refuse on any validation failure (report left in staging); otherwise pick
    the version, write the metadata files and publish atomically under the lock.
    ``records``: every input (``build.inputs.all_records``)."""
    staging = extracted.staging
    if extracted.failures:
        report = write_report(extracted.failures, staging)
        raise ValidationFailed(summarize(extracted.failures), str(report))
    try:
        accuracy = measure_accuracy()
        with publish_lock(settings.lock_path):
            check_requested_version(settings, version)
            chosen = version or next_version(settings, records)
            latest = list_versions(settings.releases_dir)[-1:]
            previous = settings.releases_dir / latest[0] if latest else None
            staged: StagedRelease = finish_release(
                staging,
                chosen,
                extracted.counts,
                extracted.rejected,
                [{**r, "status": _status(r, extracted.rejected)} for r in records],
                previous,
                accuracy,
            )
            if version is None and previous is not None and same_data(staging, previous):
                clean_staging(staging)
                remember_same_data(settings, previous.name, records)
                return BuildResult(previous.name, previous, extracted.counts, extracted.rejected, published=False)
            path = publish(staged, settings.releases_dir)
    except BaseException:
        clean_staging(staging)
        raise
    return BuildResult(chosen, path, extracted.counts, extracted.rejected)


def _status(record: InputRecord, rejected: list[RejectedRow]) -> str:
    return "rejected" if any(r["source"] == record["source"] for r in rejected) else "published"


def no_change(settings: Settings, version: str) -> BuildResult:
    return BuildResult(version, settings.releases_dir / version, {}, [], published=False)
