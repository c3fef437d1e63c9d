"""Download a published release from a base URL (``https://``, ``http://`` or
``file://``) holding ``index.json`` and the release folders. Every file is
checked against the manifest's sha256 before the release appears locally."""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import re
import shutil
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from flows.errors import LianghuiError
from flows.publish.files import sha256_file, write_json_atomic
from flows.publish.verify import safe_name
from flows.publish.versions import VERSION_RE, parse_version, read_index

SCHEMES = ("https", "http", "file")
MAX_JSON_BYTES = 64 << 20
TIMEOUT = 60  # seconds one read or connect may wait
DEADLINE = 3600  # seconds the whole download may take (``--deadline``)
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
RESERVED = ("manifest.json", "SHA256SUMS")


def check_url(url: str) -> str:
    """Return the base URL with a trailing slash, or fail with a clear message."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in SCHEMES or (parts.scheme != "file" and not parts.netloc):
        raise LianghuiError(f"bad URL {url!r}: expected https://HOST/PATH, http://HOST/PATH or file:///PATH")
    return url if url.endswith("/") else url + "/"


def origin(url: str) -> tuple[str, str, int] | None:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    except ValueError:
        return None
    return parts.scheme, (parts.hostname or "").lower(), port


# ---------------------------------------------------------------- the overall deadline
# urllib's timeout bounds each read, so a server sending one byte every few
# seconds could keep a download alive forever. Every read on the connection's
# socket goes through _DeadlineIO, which gives it at most what is left of the
# download's deadline.
class _DeadlineIO(io.RawIOBase):
    def __init__(self, sock: socket.socket, fetcher: Fetcher) -> None:
        super().__init__()
        self._sock, self._raw, self._fetcher = sock, sock.makefile("rb", buffering=0), fetcher

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int | None:
        self._sock.settimeout(self._fetcher.wait())
        return self._raw.readinto(buf)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    def __init__(self, sock: socket.socket, fetcher: Fetcher) -> None:
        self._sock, self._fetcher = sock, fetcher

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineIO(self._sock, self._fetcher))

    def sendall(self, data: Any, *args: Any) -> None:
        self._sock.settimeout(self._fetcher.wait())
        self._sock.sendall(data, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _connection(base: type[http.client.HTTPConnection], fetcher: Fetcher) -> type[http.client.HTTPConnection]:
    class Connection(base):  # type: ignore[valid-type, misc]
        def connect(self) -> None:
            super().connect()
            self.sock = _DeadlineSocket(self.sock, fetcher)

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, fetcher: Fetcher) -> None:
        super().__init__()
        self.fetcher = fetcher

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection(http.client.HTTPConnection, self.fetcher), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, fetcher: Fetcher) -> None:
        super().__init__()
        self.fetcher = fetcher

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_connection(http.client.HTTPSConnection, self.fetcher), req, context=self._context)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port, unless allowed."""

    def __init__(self, cross_origin: bool) -> None:
        super().__init__()
        self.cross_origin = cross_origin

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            fp.close()
            raise LianghuiError(f"{req.full_url}: redirected to {newurl!r}, which is not http(s); refusing it")
        if not self.cross_origin and origin(newurl) != origin(req.full_url):
            fp.close()
            raise LianghuiError(
                f"{req.full_url}: redirected to another origin, {newurl!r}; refusing it "
                "(--allow-cross-origin-redirects follows it)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """GETs under one overall deadline, following same-origin redirects only unless allowed."""

    def __init__(self, deadline: float = DEADLINE, cross_origin: bool = False) -> None:
        self.deadline = deadline
        self.end = time.monotonic() + deadline
        self.opener = urllib.request.build_opener(
            _HTTPHandler(self), _HTTPSHandler(self), _RedirectHandler(cross_origin)
        )

    def wait(self) -> float:
        """Seconds the next read may wait; TimeoutError once the deadline has passed."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("the download's deadline has passed")
        return min(TIMEOUT, left)

    def late(self, url: str) -> LianghuiError:
        return LianghuiError(
            f"{url}: not done within the download's deadline of {self.deadline:g} s (--deadline SECONDS sets another)"
        )

    def fetch(self, url: str, dest: Path | None = None, size: int = 0) -> bytes:
        """GET ``url``: its bytes (at most MAX_JSON_BYTES), or with ``dest`` stream
        exactly ``size`` bytes into that file (returning b"")."""
        try:
            with self.opener.open(url, timeout=self.wait()) as resp:
                if dest is None:
                    data = resp.read(MAX_JSON_BYTES + 1)
                    if len(data) > MAX_JSON_BYTES:
                        raise LianghuiError(f"{url}: larger than {MAX_JSON_BYTES} bytes")
                    return data
                total = 0
                with dest.open("wb") as fh:
                    while chunk := resp.read(1 << 20):
                        self.wait()  # file:// reads do not pass through the socket
                        total += len(chunk)
                        if total > size:
                            raise LianghuiError(f"{url}: larger than the {size} bytes the manifest gives")
                        fh.write(chunk)
                if total != size:
                    raise LianghuiError(f"{url}: {total} bytes, the manifest gives {size}")
                return b""
        except LianghuiError:
            raise
        except Exception as exc:
            if time.monotonic() >= self.end - 0.05:  # a read given what was left timed out
                raise self.late(url) from None
            if isinstance(exc, urllib.error.HTTPError):
                raise LianghuiError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            if isinstance(exc, (urllib.error.URLError, OSError, http.client.HTTPException)):
                reason = getattr(exc, "reason", None) or exc
                raise LianghuiError(f"{url}: cannot fetch ({reason})") from None
            raise

    def fetch_json(self, url: str) -> Any:
        return parse_json(url, self.fetch(url))


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_json(url: str, raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise LianghuiError(f"{url}: not valid JSON ({exc})") from None


# ---------------------------------------------------------------- what the server says
def check_index(base: str, index: Any, version: str | None) -> tuple[str, dict[str, Any]]:
    """The version to fetch and its index entry, or a one-line error naming the problem."""
    url = base + "index.json"

    def bad(problem: str) -> LianghuiError:
        return LianghuiError(f"{url}: malformed index: {problem}")

    if not isinstance(index, dict):
        raise bad(f"expected a JSON object, got {type(index).__name__}")
    releases = index.get("releases")
    if not isinstance(releases, list):
        raise bad("'releases' is not a list")
    entries: dict[str, dict[str, Any]] = {}
    for n, e in enumerate(releases):
        if not isinstance(e, dict) or not isinstance(e.get("version"), str):
            raise bad(f"releases[{n}] is not an object with a 'version' string")
        entries[e["version"]] = e
    latest = index.get("latest")
    if latest is not None and not isinstance(latest, str):
        raise bad("'latest' is not a string")
    version = version or latest
    if not version or version not in entries:
        known = ", ".join(sorted((v for v in entries if VERSION_RE.match(v)), key=parse_version)) or "none"
        raise LianghuiError(f"unknown version {version!r} at {base} (published: {known})")
    if not VERSION_RE.match(version):
        raise LianghuiError(f"index at {base} names a malformed version {version!r}")
    digest = entries[version].get("manifest_sha256")
    if not isinstance(digest, str) or not SHA256_RE.match(digest):
        raise LianghuiError(f"{url}: release {version} has no valid manifest_sha256; refusing it")
    return version, entries[version]


def check_manifest(url: str, manifest: Any) -> dict[str, tuple[str, int]]:
    """``{name: (sha256, bytes)}`` from a manifest, or a one-line error naming the problem."""

    def bad(problem: str) -> LianghuiError:
        return LianghuiError(f"{url}: malformed manifest: {problem}")

    if not isinstance(manifest, dict):
        raise bad(f"expected a JSON object, got {type(manifest).__name__}")
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise bad("'files' is not an object")
    if not files:
        raise LianghuiError(f"{url} lists no files")
    checked = {}
    for name, info in files.items():
        if not safe_name(name):
            raise LianghuiError(f"{url}: refusing file {name!r}: its path leaves the release folder")
        if not name.isprintable() or name in RESERVED:
            raise LianghuiError(f"{url}: refusing file {name!r}: not a name a release file may have")
        if not isinstance(info, dict):
            raise bad(f"file {name!r}: expected an object")
        digest, size = info.get("sha256"), info.get("bytes")
        if not isinstance(digest, str) or not SHA256_RE.match(digest):
            raise bad(f"file {name!r}: 'sha256' is missing or not 64 hex digits")
        if type(size) is not int or size < 0:
            raise bad(f"file {name!r}: 'bytes' is missing or not a whole number >= 0")
        checked[name] = (digest, size)
    return checked


def parse_sums(url: str, raw: bytes) -> dict[str, str]:
    sums = {}
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise LianghuiError(f"{url}: not UTF-8") from None
    for n, line in enumerate(lines, 1):
        m = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not m:
            raise LianghuiError(f"{url}:{n}: not a sha256sum line")
        sums[m[2]] = m[1]
    return sums


def local_index(to: Path) -> dict[str, Any]:
    try:
        local = read_index(to)
    except (OSError, UnicodeDecodeError) as exc:
        raise LianghuiError(f"cannot read {to / 'index.json'}: {getattr(exc, 'strerror', None) or exc}") from None
    if (
        not isinstance(local, dict)
        or not isinstance(local.get("releases"), list)
        or not all(isinstance(e, dict) and isinstance(e.get("version"), str) for e in local["releases"])
    ):
        raise LianghuiError(f"{to / 'index.json'}: malformed index; repair or remove it")
    return local


def download(
    url: str,
    to: Path,
    version: str | None = None,
    deadline: float = DEADLINE,
    allow_cross_origin_redirects: bool = False,
) -> Path:
    """Fetch one release into ``to/VERSION``; nothing appears unless every file checks
    out. The whole download must end within ``deadline`` seconds."""
    base = check_url(url)
    if not deadline > 0:
        raise LianghuiError(f"the deadline must be a positive number of seconds, not {deadline!r}")
    if to.exists() and not to.is_dir():
        raise LianghuiError(f"{to} is not a folder (--to names the folder releases go in)")
    local = local_index(to)
    net = Fetcher(deadline, allow_cross_origin_redirects)
    version, entry = check_index(base, net.fetch_json(base + "index.json"), version)
    target = to / version
    if target.exists():
        raise LianghuiError(f"{target} already exists; remove it to download again")
    try:
        to.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".download-{version}-", dir=to))
    except OSError as exc:
        raise LianghuiError(f"cannot write in {to}: {exc.strerror or exc}") from None
    try:
        rel = base + version + "/"
        raw = net.fetch(rel + "manifest.json")
        if sha256_bytes(raw) != entry["manifest_sha256"]:
            raise LianghuiError(f"{rel}manifest.json: sha256 differs from the index")
        files = check_manifest(rel + "manifest.json", parse_json(rel + "manifest.json", raw))
        (tmp / "manifest.json").write_bytes(raw)
        for name, (digest, size) in sorted(files.items()):
            dest = tmp / name
            net.fetch(rel + urllib.parse.quote(name), dest, size)
            if sha256_file(dest) != digest:
                raise LianghuiError(f"{rel}{name}: sha256 does not match the manifest")
        raw_sums = net.fetch(rel + "SHA256SUMS")
        wanted = {**{n: d for n, (d, _) in files.items()}, "manifest.json": entry["manifest_sha256"]}
        if parse_sums(rel + "SHA256SUMS", raw_sums) != wanted:
            raise LianghuiError(f"{rel}SHA256SUMS disagrees with manifest.json")
        (tmp / "SHA256SUMS").write_bytes(raw_sums)
        for p in tmp.iterdir():
            p.chmod(0o444)
        tmp.chmod(0o755)
        os.rename(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise LianghuiError(f"cannot write in {to}: {exc.strerror or exc}; nothing was kept") from None
        raise
    kept = [e for e in local["releases"] if e["version"] != version] + [entry]
    kept.sort(key=lambda e: parse_version(e["version"]) if VERSION_RE.match(e["version"]) else (-1, -1, -1))
    try:
        write_json_atomic(
            to / "index.json", {"name": local.get("name", "lianghui"), "latest": kept[-1]["version"], "releases": kept}
        )
    except OSError as exc:
        raise LianghuiError(
            f"downloaded {target}, but cannot update {to / 'index.json'}: {exc.strerror or exc}"
        ) from None
    return target
