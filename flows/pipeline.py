"""The build's stages as plain functions: load inputs → process → save outputs.

The Prefect flow in ``flows.build`` wraps each stage in a thin task; calling
``run_plain`` runs the very same stages without Prefect (used by benchmarks
and to check that both paths give the same release)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.assemble import extract_document
from flows.errors import LianghuiError
from flows.ingest import Document, InputFile, Rejection, discover, ingest_one, input_record
from flows.release import (
    StagedRelease,
    bump,
    change_kind,
    clean_staging,
    code_version,
    field_types,
    inputs_digest,
    list_versions,
    new_staging_dir,
    parse_version,
    publish,
    publish_lock,
    same_data,
    stage_release,
)
from flows.settings import TABLES, Settings
from flows.validate import ensure_valid

Row = dict[str, Any]


@dataclass
class BatchOutput:
    """What a batch of inputs contributes to the release."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})
    rejected: list[Row] = field(default_factory=list)
    inputs: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class BuildResult:
    version: str
    path: Path
    counts: dict[str, int]
    rejected: list[Row]
    published: bool = True  # False: the data equal the latest release's, nothing new was published


@dataclass(frozen=True)
class Inputs:
    files: list[InputFile]
    orphans: list[Rejection]
    records: list[Row]  # source, sha256, meta_sha256 of every document


def find_inputs(seeds_dir: Path) -> Inputs:
    """Load: the input files and their hashes, or a clear error when there are none."""
    if not seeds_dir.is_dir():
        raise LianghuiError(f"seeds folder {seeds_dir} does not exist")
    files, orphans = discover(seeds_dir)
    if not files:
        raise LianghuiError(f"no documents (*.txt) found under {seeds_dir}")
    return Inputs(files, orphans, [input_record(f) for f in files])


def unchanged_since(settings: Settings, inputs: Inputs) -> str | None:
    """The newest release's version when it was built from these very inputs by
    this very code (then there is nothing to do), else None."""
    import json

    versions = list_versions(settings.releases_dir)
    if not versions:
        return None
    manifest = json.loads((settings.releases_dir / versions[-1] / "manifest.json").read_text(encoding="utf-8"))
    same_inputs = manifest.get("inputs_sha256") == inputs_digest(inputs.records + _orphan_records(inputs))
    same_code = manifest.get("code", {}).get("source_sha256") == code_version()["source_sha256"]
    return versions[-1] if same_inputs and same_code else None


def _orphan_records(inputs: Inputs) -> list[Row]:
    return [{"source": o.source, "sha256": None, "meta_sha256": None} for o in inputs.orphans]


def batches(items: list[InputFile], size: int) -> list[list[InputFile]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


def ingest_batch(items: list[InputFile]) -> list[Document | Rejection]:
    """Read, decode and clean each input of a batch."""
    return [ingest_one(item) for item in items]


def extract_batch(ingested: list[Document | Rejection]) -> BatchOutput:
    """Extract rows from every document of a batch; pass rejections through."""
    out = BatchOutput()
    for item in ingested:
        if isinstance(item, Rejection):
            out.rejected.append({"source": item.source, "sha256": item.sha256, "reason": item.reason})
            continue
        rows = extract_document(item)
        out.tables["documents"].append(rows.document)
        out.tables["speakers"] += rows.speakers
        out.tables["statements"] += rows.statements
        out.tables["goals"] += rows.goals
        out.tables["facts"] += rows.facts
    return out


def merge(outputs: list[BatchOutput], orphans: list[Rejection], records: list[Row]) -> BatchOutput:
    """One set of tables; a person met in several documents is one speaker row."""
    merged = BatchOutput()
    speakers: dict[str, Row] = {}
    for out in outputs:
        for t in TABLES:
            if t != "speakers":
                merged.tables[t] += out.tables[t]
        for row in out.tables["speakers"]:
            speakers.setdefault(row["speaker_id"], row)
        merged.rejected += out.rejected
        merged.inputs += out.inputs
    merged.tables["speakers"] = list(speakers.values())
    for o in orphans:
        merged.rejected.append({"source": o.source, "sha256": None, "reason": o.reason})
    rejected = {r["source"] for r in merged.rejected}
    merged.inputs = [{**r, "status": "rejected" if r["source"] in rejected else "published"} for r in records]
    merged.inputs += [{"source": o.source, "sha256": None, "meta_sha256": None, "status": "rejected"} for o in orphans]
    return merged


def check_requested_version(settings: Settings, version: str | None) -> None:
    """Fail early on a malformed or already published ``--version``."""
    if version is None:
        return
    parse_version(version)
    if (settings.releases_dir / version).exists():
        raise LianghuiError(f"release {version} already exists in {settings.releases_dir}; published versions are never modified")


def next_version(settings: Settings, inputs: list[Row]) -> str:
    """The version this build gets: see ``release.change_kind``."""
    import json

    versions = list_versions(settings.releases_dir)
    if not versions:
        return "1.0.0"
    latest = settings.releases_dir / versions[-1]
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    prev_fields = {
        r["name"]: {f["name"]: f.get("arrow", _arrow_of(f)) for f in r["schema"]["fields"]} for r in package["resources"]
    }
    new_fields = field_types()
    kind = change_kind(prev_fields, new_fields, manifest.get("inputs_sha256"), inputs_digest(inputs))
    return bump(versions[-1], kind)


def _arrow_of(f: dict[str, Any]) -> str:
    return {"string": "string", "integer": "int64", "number": "float64", "array": "list<string>"}[f["type"]]


def validate_and_publish(settings: Settings, merged: BatchOutput, version: str | None) -> BuildResult:
    """Validate every table, then stage and publish atomically under the lock."""
    staging = new_staging_dir(settings.data_dir, version or "next")
    ensure_valid(merged.tables, staging)  # raises, leaving the report in staging
    try:
        with publish_lock(settings.data_dir):
            check_requested_version(settings, version)
            chosen = version or next_version(settings, merged.inputs)
            latest = list_versions(settings.releases_dir)[-1:]
            previous = settings.releases_dir / latest[0] if latest else None
            staged: StagedRelease = stage_release(merged.tables, merged.rejected, merged.inputs, chosen, staging,
                                                  previous, measure_accuracy())
            if version is None and latest and same_data(staging, settings.releases_dir / latest[0]):
                clean_staging(staging)
                return BuildResult(latest[0], settings.releases_dir / latest[0], staged.manifest["counts"],
                                   merged.rejected, published=False)
            path = publish(staged, settings.releases_dir)
    except BaseException:
        clean_staging(staging)
        raise
    return BuildResult(chosen, path, staged.manifest["counts"], merged.rejected)


def no_change(settings: Settings, version: str) -> BuildResult:
    return BuildResult(version, settings.releases_dir / version, {}, [], published=False)


def measure_accuracy() -> dict[str, Any] | None:
    """The extractor's scores on the gold documents kept in the repository."""
    from flows.evaluate import evaluate
    from flows.settings import GOLD_DIRS, GOLD_DOCUMENTS

    try:
        return evaluate(list(GOLD_DIRS), list(GOLD_DOCUMENTS))
    except (FileNotFoundError, ValueError) as exc:
        raise LianghuiError(f"cannot measure accuracy for the release card: {exc}") from None


def run_plain(settings: Settings, version: str | None = None) -> BuildResult:
    """The whole build without Prefect: same stages, same release."""
    check_requested_version(settings, version)
    inputs = find_inputs(settings.seeds_dir)
    if version is None and (same := unchanged_since(settings, inputs)):
        return no_change(settings, same)
    outputs = [extract_batch(ingest_batch(b)) for b in batches(inputs.files, settings.batch_size)]
    return validate_and_publish(settings, merge(outputs, inputs.orphans, inputs.records), version)
