"""Verify a release: every file against ``manifest.json``'s list (name, size,
sha256), ``SHA256SUMS`` against the manifest, the manifest against the index's
``manifest_sha256`` and its row counts against the Parquet files; no file more,
none writable."""

from __future__ import annotations

import hashlib
import json
import re
import stat
from pathlib import Path
from typing import Any

from flows.publish.files import sha256_file


def read_sums(folder: Path, problems: list[str]) -> dict[str, str] | None:
    """``SHA256SUMS`` as name -> sha256 (None, with the problem noted, when missing or malformed)."""
    try:
        text = (folder / "SHA256SUMS").read_text(encoding="utf-8", errors="replace")
    except OSError:
        problems.append("SHA256SUMS: missing")
        return None
    sums = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not m:
            problems.append(f"SHA256SUMS:{n}: not a sha256sum line")
            return None
        sums[m[2]] = m[1]
    return sums


def verify_release(folder: Path, manifest_sha256: str | None = None) -> list[str]:
    """Problems found checking every file of a release (empty: all good).
    ``manifest_sha256``: the manifest's hash as the index recorded it at publishing."""
    problems: list[str] = []
    sums = read_sums(folder, problems)
    manifest, files = _manifest(folder, manifest_sha256, sums, problems)
    if manifest is None:  # nothing to check the files against but SHA256SUMS
        files = {n: {"sha256": d} for n, d in (sums or {}).items() if n != "manifest.json"}
    for name, entry in sorted(files.items()):
        path = folder / name
        if not safe_name(name):
            problems.append(f"{name}: path leaves the release folder")
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(f"{name}: missing" if not path.exists() else f"{name}: not a regular file")
            continue
        if manifest is not None and path.stat().st_size != entry.get("bytes"):
            problems.append(f"{name}: {path.stat().st_size} bytes, the manifest says {entry.get('bytes')}")
        digest = sha256_file(path)
        if digest != entry.get("sha256"):
            problems.append(f"{name}: sha256 mismatch")
        if sums is not None and sums.get(name) != entry.get("sha256"):
            problems.append(
                f"{name}: SHA256SUMS disagrees with manifest.json"
                if name in sums
                else f"{name}: not listed in SHA256SUMS"
            )
    for name in sorted(set(sums or {}) - set(files) - {"manifest.json"}):
        problems.append(f"{name}: listed in SHA256SUMS but not in manifest.json")
    if manifest is not None:
        problems += _counts(folder, manifest, files)
    known = set(files) | {"manifest.json", "SHA256SUMS"}
    for path in sorted(folder.iterdir()):
        mode = path.lstat().st_mode
        if path.name not in known:
            problems.append(f"{path.name}: extra file, not in {'manifest.json' if manifest else 'SHA256SUMS'}")
        elif stat.S_ISREG(mode) and mode & 0o222:
            problems.append(f"{path.name}: writable (published files are read-only)")
    return problems


def _manifest(
    folder: Path, recorded: str | None, sums: dict[str, str] | None, problems: list[str]
) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """The manifest and its file list, checked against the index and SHA256SUMS."""
    path = folder / "manifest.json"
    try:
        raw = path.read_bytes()
    except OSError:
        problems.append("manifest.json: missing")
        return None, {}
    digest = hashlib.sha256(raw).hexdigest()
    if recorded is not None and digest != recorded:
        problems.append("manifest.json: sha256 differs from index.json's manifest_sha256")
    if sums is not None and sums.get("manifest.json") != digest:
        problems.append(
            "manifest.json: sha256 mismatch" if "manifest.json" in sums else "manifest.json: not listed in SHA256SUMS"
        )
    try:
        manifest = json.loads(raw)
    except ValueError:
        problems.append("manifest.json: not JSON")
        return None, {}
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(isinstance(e, dict) for e in files.values()):
        problems.append("manifest.json: malformed (no file list)")
        return None, {}
    return manifest, files


def _counts(folder: Path, manifest: dict[str, Any], files: dict[str, Any]) -> list[str]:
    """The manifest's row counts against the rows the Parquet files hold."""
    import pyarrow.parquet as pq

    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        return ["manifest.json: malformed (no counts)"]
    problems = []
    for table, count in sorted(counts.items()):
        name = f"{table}.parquet"
        if name not in files:
            problems.append(f"manifest.json: counts.{table}, but no {name} in the file list")
            continue
        try:
            rows = pq.read_metadata(folder / name).num_rows
        except (OSError, ValueError):
            continue  # a missing or damaged file is reported above
        if rows != count:
            problems.append(f"manifest.json: counts.{table} is {count}, {name} holds {rows} rows")
    return problems


def safe_name(name: str) -> bool:
    """A file name that stays inside the release folder."""
    return (
        bool(name)
        and "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and "\0" not in name
        and not name.startswith(".")
    )
