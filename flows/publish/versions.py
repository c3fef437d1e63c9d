"""Versions: semantic version numbers, what kind of change a build is, the code
version a release records, and whether a build would give the latest release again."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows import __version__, checksum
from flows.build.inputs import InputRecord
from flows.errors import LianghuiError
from flows.publish.datapackage import DATASET_NAME
from flows.settings import EXTRACTOR_VERSION, PROJECT_ROOT, TABLES, Settings
from schemas import column_specs
from schemas.contract import TYPES

VERSION_RE = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


def parse_version(text: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(text)
    if not m:
        raise LianghuiError(f"version {text!r} is not semantic (MAJOR.MINOR.PATCH, e.g. 1.0.0)")
    return int(m[1]), int(m[2]), int(m[3])


def bump(previous: str | None, change: str) -> str:
    """Next version after ``previous`` for a change of kind major/minor/patch."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if change == "major":
        return f"{major + 1}.0.0"
    if change == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def change_kind(
    prev_fields: dict[str, dict[str, str]],
    new_fields: dict[str, dict[str, str]],
    prev_inputs: str | None,
    new_inputs: str,
) -> str:
    """major: a published column disappeared or changed type; minor: new
    columns or different inputs; patch: same inputs and columns, new code."""
    for table, cols in prev_fields.items():
        for name, typ in cols.items():
            if new_fields.get(table, {}).get(name) != typ:
                return "major"
    if new_fields != prev_fields or prev_inputs != new_inputs:
        return "minor"
    return "patch"


def field_types() -> dict[str, dict[str, str]]:
    return {t: {c.name: c.arrow for c in column_specs(t)} for t in TABLES}


def read_index(releases: Path) -> dict[str, Any]:
    path = releases / "index.json"
    if not path.exists():
        return {"name": DATASET_NAME, "latest": None, "releases": []}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LianghuiError(f"{path}: not valid JSON ({exc})") from None


def list_versions(releases: Path) -> list[str]:
    """Published versions, oldest first (folders that hold a manifest)."""
    if not releases.is_dir():
        return []
    found = [
        p.name for p in releases.iterdir() if p.is_dir() and VERSION_RE.match(p.name) and (p / "manifest.json").exists()
    ]
    return sorted(found, key=parse_version)


#: Distributions whose version can change the published rows: word lists (jieba),
#: romanisation (pypinyin), script conversion (opencc), numerals (cn2an), types and
#: files (pandas, pyarrow, pandera).
OUTPUT_LIBRARIES = ("jieba", "pypinyin", "opencc-python-reimplemented", "cn2an", "pandas", "pyarrow", "pandera")


@functools.lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """The installed version of each of OUTPUT_LIBRARIES ("-" when not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    def of(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return {name: of(name) for name in OUTPUT_LIBRARIES}


@functools.lru_cache(maxsize=1)
def code_version() -> dict[str, Any]:
    """Package and extractor version, a hash of the code that made the release, and
    the versions of the libraries that shape its rows."""
    h = hashlib.sha256()
    for folder in ("flows", "schemas"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            h.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return {
        "package": __version__,
        "extractor": EXTRACTOR_VERSION,
        "source_sha256": h.hexdigest(),
        "pyarrow": pa.__version__,
        "libraries": library_versions(),
    }


def code_key(code: dict[str, Any] | None = None) -> str:
    """What decides the rows besides the inputs: the source hash and the library
    versions, as one string (cache keys; "no change since" checks). A manifest
    written before libraries were recorded has none, so its key never matches."""
    code = code_version() if code is None else code
    return f"{code.get('source_sha256')}|{json.dumps(code.get('libraries'), sort_keys=True)}"


def inputs_digest(inputs: list[dict[str, Any]]) -> str:
    """One sha256 over every input's name, bytes and sidecar."""
    h = hashlib.sha256()
    for item in sorted(inputs, key=lambda i: i["source"]):
        h.update(f"{item['source']}\0{item.get('sha256')}\0{item.get('meta_sha256')}\0".encode())
    return h.hexdigest()


def check_requested_version(settings: Settings, version: str | None) -> None:
    """Fail early on a malformed or already published ``--version``."""
    if version is None:
        return
    parse_version(version)
    if (settings.releases_dir / version).exists():
        raise LianghuiError(
            f"release {version} already exists in {settings.releases_dir}; published versions are never modified"
        )


def next_version(settings: Settings, records: list[InputRecord]) -> str:
    """The version this build gets: see ``change_kind``."""
    versions = list_versions(settings.releases_dir)
    if not versions:
        return "1.0.0"
    latest = settings.releases_dir / versions[-1]
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    prev_fields = {r["name"]: {f["name"]: _arrow_of(f) for f in r["schema"]["fields"]} for r in package["resources"]}
    kind = change_kind(prev_fields, field_types(), manifest.get("inputs_sha256"), inputs_digest(records))
    return bump(versions[-1], kind)


def _arrow_of(f: dict[str, Any]) -> str:
    """The column type of a Table Schema field."""
    return next(name for name, t in TYPES.items() if t.frictionless == f["type"])


def unchanged_since(settings: Settings, records: list[InputRecord]) -> str | None:
    """The newest release's version when it was built from these very inputs
    (``records``: ``build.inputs.all_records``) by this very code (then there is
    nothing to do), else None."""
    versions = list_versions(settings.releases_dir)
    if not versions:
        return None
    manifest = json.loads((settings.releases_dir / versions[-1] / "manifest.json").read_text(encoding="utf-8"))
    state = {"version": versions[-1], "inputs_sha256": inputs_digest(records), "code": code_key()}
    if manifest.get("inputs_sha256") == state["inputs_sha256"] and code_key(manifest.get("code", {})) == state["code"]:
        return versions[-1]
    return versions[-1] if _checked(settings) == state else None


def _checked(settings: Settings) -> dict[str, Any] | None:
    return checksum.read_json(settings.checked_path)  # None when missing or damaged (then dropped)


def remember_same_data(settings: Settings, version: str, records: list[InputRecord]) -> None:
    """A build of new code found the same data as ``version``: remember it, so that
    the next build of the same inputs and code stops at once (as after publishing)."""
    state = {"version": version, "inputs_sha256": inputs_digest(records), "code": code_key()}
    checksum.write_json(settings.checked_path, state, settings.checked_path.parent)
