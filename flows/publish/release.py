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
import sys
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
from flows.publish.files import dumps, sha256_file
from flows.publish.versions import (
    check_requested_version,
    code_key,
    code_version,
    inputs_digest,
    list_versions,
    next_version,
    remember_same_data,
    repair_index,
    scan_releases,
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
    from flows.ingest.document import stable_id

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


#: staging folders this process writes -> the descriptor holding each one's owner lock
_owned: dict[Path, int] = {}


def new_staging_dir(base: Path, version: str) -> Path:
    """A new folder under ``base`` (``Settings.staging_dir``) to write a release into,
    owned by this process (a lock on the folder, held until it is published or
    cleaned, and dropped by the system when the process dies however it dies)."""
    base.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{version}-", dir=base))
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    _owned[folder] = fd
    return folder


def _disown(folder: Path) -> None:
    fd = _owned.pop(folder, None)
    if fd is not None:
        os.close(fd)


def remove_stale_staging(base: Path) -> list[str]:
    """Remove the staging folders no running build owns (left by a build that was
    killed); the newest one holding a validation report is kept for people to read.
    Call under ``publish_lock`` (a new staging folder is made under it too, so none
    is taken before its owner locks it). Returns the names removed."""
    try:
        folders = [p for p in base.iterdir() if p.is_dir() and not p.is_symlink() and p not in _owned]
    except OSError:
        return []
    reports = sorted((p for p in folders if (p / "validation_report.csv").is_file()), key=lambda p: p.stat().st_mtime)
    removed = []
    for folder in folders:
        if reports and folder == reports[-1]:
            continue
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            continue  # a running build writes it
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return removed


def open_staging(settings: Settings) -> Path:
    """Under the lock: remove stale staging folders, then make this build's."""
    with publish_lock(settings.lock_path):
        remove_stale_staging(settings.staging_dir)
        return new_staging_dir(settings.staging_dir, "next")


def warn(message: str) -> None:
    print(f"lianghui: warning: {message}", file=sys.stderr, flush=True)


def prepare_releases(settings: Settings) -> None:
    """At the start of a build: under the lock, remove stale staging folders and
    repair ``index.json`` from the release folders; report a damaged release or
    index in one line each (the build goes on from the newest good release). On a
    data folder this build cannot write, only the report."""
    try:
        with publish_lock(settings.lock_path):
            remove_stale_staging(settings.staging_dir)
            state = repair_index(settings.releases_dir)
    except OSError:
        state = scan_releases(settings.releases_dir)
    for line in state.messages():
        warn(line)


def publish(staged: StagedRelease, releases: Path) -> Path:
    """Move the staged folder into place in one rename, then bring ``index.json``
    up to date from the release folders (``repair_index``): whatever stops the
    publisher between the two, the next build or ``releases`` finds the release
    and indexes it. Refuses an existing version. Call under ``publish_lock``."""
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
    _disown(staged.folder)
    try:
        repair_index(releases)
    except OSError as exc:
        warn(
            f"published {staged.version}, but could not write {releases / 'index.json'} "
            f"({exc.strerror or exc}); the next build or `lianghui releases` writes it"
        )
    return target


def clean_staging(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _disown(folder)


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
    """The extractor's scores on the project's gold sets (flows/evaluate/gold_sets.json),
    cached in ~/.cache/lianghui/accuracy/ by code, gold files and their documents."""
    from flows.evaluate.score import GOLD_SETS_FILE, evaluate_sets, load_gold_sets
    from flows.settings import user_cache_dir

    sets = load_gold_sets()
    h = hashlib.sha256(code_key().encode())
    h.update(GOLD_SETS_FILE.read_bytes())
    for gs in sets:
        for folder in (gs.gold, gs.documents):
            for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                if path.is_file() and path.suffix in (".json", ".txt"):
                    h.update(path.as_posix().encode() + b"\0" + path.read_bytes())
    cached = user_cache_dir() / "accuracy" / f"{h.hexdigest()}.json"
    if (kept := checksum.read_json(cached)) is not None:  # None when missing or damaged (then dropped)
        return kept.get("scores")
    try:
        scores = evaluate_sets(sets)
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
