"""Download a published release from a base URL (``https://``, ``http://`` or
``file://``) holding ``index.json`` and the release folders. Every file is
checked against the manifest's sha256 before the release appears locally."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from flows.errors import LianghuiError
from flows.publish.files import sha256_file, write_json_atomic
from flows.publish.verify import read_sums, safe_name
from flows.publish.versions import VERSION_RE, parse_version, read_index

SCHEMES = ("https", "http", "file")
MAX_JSON_BYTES = 64 << 20
TIMEOUT = 60


def check_url(url: str) -> str:
    """Return the base URL with a trailing slash, or fail with a clear message."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in SCHEMES or (parts.scheme != "file" and not parts.netloc):
        raise LianghuiError(f"bad URL {url!r}: expected https://HOST/PATH, http://HOST/PATH or file:///PATH")
    return url if url.endswith("/") else url + "/"


def fetch(url: str, dest: Path | None = None, limit: int = MAX_JSON_BYTES) -> bytes:
    """GET ``url``; stream into ``dest`` when given (returning b""), else return the bytes."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:  # scheme checked
            if dest is None:
                data = resp.read(limit + 1)
                if len(data) > limit:
                    raise LianghuiError(f"{url}: larger than {limit} bytes")
                return data
            total = 0
            with dest.open("wb") as fh:
                for chunk in iter(lambda: resp.read(1 << 20), b""):
                    total += len(chunk)
                    if total > limit:
                        raise LianghuiError(f"{url}: larger than the {limit} bytes the manifest gives")
                    fh.write(chunk)
            return b""
    except urllib.error.HTTPError as exc:
        raise LianghuiError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LianghuiError(f"{url}: cannot fetch ({reason})") from None


def fetch_json(url: str) -> Any:
    try:
        return json.loads(fetch(url).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LianghuiError(f"{url}: not valid JSON ({exc})") from None


def download(url: str, to: Path, version: str | None = None) -> Path:
    """Fetch one release into ``to/VERSION``; nothing appears unless every file checks out."""
    base = check_url(url)
    index = fetch_json(base + "index.json")
    entries = {e.get("version"): e for e in index.get("releases", []) if isinstance(e, dict)}
    version = version or index.get("latest")
    if not version or version not in entries:
        known = ", ".join(sorted((v for v in entries if v), key=parse_version)) or "none"
        raise LianghuiError(f"unknown version {version!r} at {base} (published: {known})")
    if not VERSION_RE.match(version):
        raise LianghuiError(f"index at {base} names a malformed version {version!r}")
    target = to / version
    if target.exists():
        raise LianghuiError(f"{target} already exists; remove it to download again")
    to.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".download-{version}-", dir=to))
    try:
        rel = base + version + "/"
        fetch(rel + "manifest.json", tmp / "manifest.json")
        manifest = json.loads((tmp / "manifest.json").read_text(encoding="utf-8"))
        expected = entries[version].get("manifest_sha256")
        if expected and sha256_file(tmp / "manifest.json") != expected:
            raise LianghuiError(f"{rel}manifest.json: sha256 differs from the index")
        files = manifest.get("files")
        if not isinstance(files, dict) or not files:
            raise LianghuiError(f"{rel}manifest.json lists no files")
        for name in files:
            if not isinstance(name, str) or not safe_name(name):
                raise LianghuiError(f"{rel}manifest.json: refusing file {name!r}: its path leaves the release folder")
        for name, info in sorted(files.items()):
            dest = tmp / name
            fetch(rel + urllib.parse.quote(name), dest, limit=int(info["bytes"]))
            if sha256_file(dest) != info["sha256"]:
                raise LianghuiError(f"{rel}{name}: sha256 does not match the manifest")
        fetch(rel + "SHA256SUMS", tmp / "SHA256SUMS")
        sums = read_sums(tmp)
        wanted = {**{n: i["sha256"] for n, i in files.items()}, "manifest.json": sha256_file(tmp / "manifest.json")}
        if sums != wanted:
            raise LianghuiError(f"{rel}SHA256SUMS disagrees with manifest.json")
        for p in tmp.iterdir():
            p.chmod(0o444)
        tmp.chmod(0o755)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    local = read_index(to)
    kept = [e for e in local.get("releases", []) if e.get("version") != version] + [entries[version]]
    kept.sort(key=lambda e: parse_version(e["version"]))
    write_json_atomic(
        to / "index.json", {"name": local.get("name", "lianghui"), "latest": kept[-1]["version"], "releases": kept}
    )
    return target
