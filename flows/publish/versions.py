"""Versions: semantic version numbers, what kind of change a build is, the code
version a release records, and whether a build would give the latest release again."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows import __version__, checksum
from flows.build.inputs import InputRecord
from flows.errors import LianghuiError
from flows.publish.datapackage import DATASET_NAME
from flows.publish.files import write_json_atomic
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
    """Published versions a build can go on from, oldest first: release folders
    that pass ``release_problem`` (a damaged newest release is left out)."""
    return scan_releases(releases).good


@dataclass
class Releases:
    """What ``releases/`` holds, read from the release folders themselves: the
    versions a build can go on from, the damaged ones (version: why, in a few
    words), and the index these folders give (``index.json`` is derived from them)."""

    good: list[str]
    damaged: dict[str, str]
    index: dict[str, Any]
    index_problem: str | None  # why the index.json on disk was not usable, if it was not

    def messages(self) -> list[str]:
        """One line per problem, for the build's and ``releases``'s output."""
        lines = [f"index.json {self.index_problem}: rebuilt from the release folders"] if self.index_problem else []
        for version, problem in sorted(self.damaged.items(), key=lambda kv: parse_version(kv[0])):
            older = [v for v in self.good if parse_version(v) < parse_version(version)]
            base = f"going on from {older[-1]}" if older else "no earlier release to go on from"
            lines.append(f"release {version} is damaged ({problem}); {base}")
        return lines


def scan_releases(releases: Path) -> Releases:
    """The releases in ``releases/`` and the index they give. An index entry is kept
    as recorded at publishing (its ``manifest_sha256`` is what ``verify`` checks the
    manifest against); a release folder with no entry (a publisher stopped between
    the rename and the index write) gets one from its manifest; an entry whose folder
    is gone is dropped. The newest releases are checked (``release_problem``) down to
    the first good one, and so is every folder with no entry."""
    recorded, index_problem = _recorded_entries(releases)
    folders = sorted(
        (p.name for p in (releases.iterdir() if releases.is_dir() else ()) if VERSION_RE.match(p.name) and p.is_dir()),
        key=parse_version,
    )
    good: list[str] = []
    damaged: dict[str, str] = {}
    entries: list[dict[str, Any]] = []
    found_good = False
    for version in reversed(folders):
        entry = recorded.get(version)
        problem = None
        if entry is None or not found_good:
            problem = release_problem(releases / version, entry.get("manifest_sha256") if entry else None)
        if problem is None:
            found_good = True
            good.append(version)
            entry = entry or index_entry(releases / version)
        else:
            damaged[version] = problem
        if entry is not None:
            entries.append(entry)
    good.reverse()
    entries.reverse()
    index = {"name": DATASET_NAME, "latest": good[-1] if good else None, "releases": entries}
    return Releases(good, damaged, index, index_problem)


def _recorded_entries(releases: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    """The entries of ``index.json`` by version, and why it was unusable (None: it was fine or absent)."""
    path = releases / "index.json"
    try:
        index = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"cannot be read ({exc.strerror or exc})"
    except ValueError:
        return {}, "is not valid JSON"
    if not isinstance(index, dict) or not isinstance(index.get("releases"), list):
        return {}, "is malformed"
    entries = {}
    for e in index["releases"]:
        if isinstance(e, dict) and isinstance(e.get("version"), str) and isinstance(e.get("manifest_sha256"), str):
            entries[e["version"]] = e
    if len(entries) != len(index["releases"]):
        return entries, "had malformed entries"
    return entries, None


def release_problem(folder: Path, manifest_sha256: str | None = None) -> str | None:
    """Why a build cannot go on from this release folder (a few words), or None.
    Cheap: manifest.json and datapackage.json are well-formed, every file the
    manifest lists is there with its size, and the manifest is the one the index
    recorded (``manifest_sha256``, when given). ``verify`` re-hashes every byte."""
    try:
        raw = (folder / "manifest.json").read_bytes()
    except FileNotFoundError:
        return "manifest.json is missing"
    except OSError as exc:
        return f"manifest.json cannot be read: {exc.strerror or exc}"
    try:
        manifest = json.loads(raw)
    except ValueError:
        return "manifest.json is not JSON"
    if manifest_sha256 is not None and hashlib.sha256(raw).hexdigest() != manifest_sha256:
        return "manifest.json differs from the one index.json recorded"
    if (
        not isinstance(manifest, dict)
        or manifest.get("version") != folder.name
        or not isinstance(manifest.get("files"), dict)
        or not isinstance(manifest.get("inputs"), list)
        or not all(isinstance(i, dict) and isinstance(i.get("source"), str) for i in manifest["inputs"])
        or not all(isinstance(e, dict) for e in manifest["files"].values())
    ):
        return "manifest.json is malformed"
    for name, entry in manifest["files"].items():
        try:
            size = (folder / name).stat().st_size
        except OSError:
            return f"{name} is missing"
        if size != entry.get("bytes"):
            return f"{name} has {size} bytes, the manifest says {entry.get('bytes')}"
    try:
        package = json.loads((folder / "datapackage.json").read_bytes())
        _fields_of(package)
    except OSError:
        return "datapackage.json is missing"
    except ValueError:
        return "datapackage.json is not JSON"
    except (KeyError, TypeError, AttributeError, StopIteration):
        return "datapackage.json is malformed"
    return None


def index_entry(folder: Path) -> dict[str, Any]:
    """A release's entry in ``index.json``, from its manifest."""
    raw = (folder / "manifest.json").read_bytes()
    m = json.loads(raw)
    return {
        "version": folder.name,
        "path": f"{folder.name}/",
        "manifest_sha256": hashlib.sha256(raw).hexdigest(),
        "inputs_sha256": m.get("inputs_sha256"),
        "code": m.get("code"),
        "counts": m.get("counts"),
        "rejected": m.get("rejected"),
        "previous": m.get("previous"),
        "changes": m.get("changes"),
    }


def repair_index(releases: Path) -> Releases:
    """Rewrite ``index.json`` when it differs from what the release folders give
    (``scan_releases``). Call under ``publish_lock``. Raises OSError when it cannot
    be written (a full disk): the folders are unchanged, and the next call repairs it."""
    state = scan_releases(releases)
    path = releases / "index.json"
    try:
        current = json.loads(path.read_bytes())
    except (OSError, ValueError):
        current = None
    if current != state.index and (state.index["releases"] or path.exists() or path.is_symlink()):
        try:
            write_json_atomic(path, state.index)
        except OSError:
            with contextlib.suppress(OSError):
                path.with_name(f".{path.name}.tmp").unlink()
            raise
    return state


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


#: Data files the extractors read (word lists): part of the code, as the modules are.
EXTRACTOR_DATA = ("*.txt", "*.json", "*.tsv")


def code_files() -> list[Path]:
    """The files whose bytes make the code version: every module of flows/ and schemas/,
    and the extractors' data files."""
    files = [p for folder in ("flows", "schemas") for p in (PROJECT_ROOT / folder).rglob("*.py")]
    files += [p for pattern in EXTRACTOR_DATA for p in (PROJECT_ROOT / "flows" / "extract").rglob(pattern)]
    return sorted(files)


@functools.lru_cache(maxsize=1)
def code_version() -> dict[str, Any]:
    """Package and extractor version, a hash of the code that made the release, and
    the versions of the libraries that shape its rows."""
    h = hashlib.sha256()
    for path in code_files():
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
    """The version this build gets: see ``change_kind``, against the newest release
    a build can go on from; numbered after every release folder, damaged ones too."""
    state = scan_releases(settings.releases_dir)
    if not state.good:
        return bump(max(state.damaged, key=parse_version), "minor") if state.damaged else "1.0.0"
    latest = settings.releases_dir / state.good[-1]
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    package = json.loads((latest / "datapackage.json").read_text(encoding="utf-8"))
    kind = change_kind(_fields_of(package), field_types(), manifest.get("inputs_sha256"), inputs_digest(records))
    newest = max([*state.good, *state.damaged], key=parse_version)
    return bump(newest, kind)


def _fields_of(package: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The column types of a Data Package's resources."""
    return {r["name"]: {f["name"]: _arrow_of(f) for f in r["schema"]["fields"]} for r in package["resources"]}


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
