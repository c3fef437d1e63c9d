"""``lianghui download`` against hostile servers on 127.0.0.1 (issue 16: D17, D18,
D19, and D20's ``download --to`` a file): every attack ends in one line on stderr
naming the URL and the problem, exit code 1, and nothing left in the target folder."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flows.build.run import run_build
from flows.publish.verify import verify_release
from flows.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
FIRST = "CHANGES.md"  # the first file a download fetches (files are fetched in name order)
Route = Callable[[SimpleHTTPRequestHandler], None]


class Handler(SimpleHTTPRequestHandler):
    """Serves the release folder; a path in ``server.routes`` is answered by its function."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        route = self.server.routes.get(self.path)  # type: ignore[attr-defined]
        if route is None:
            for prefix, fn in self.server.routes.items():  # type: ignore[attr-defined]
                if prefix.endswith("*") and self.path.startswith(prefix[:-1]):
                    route = fn
        if route is None:
            super().do_GET()
        else:
            route(self)


class Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.routes: dict[str, Route] = self.httpd.routes  # type: ignore[attr-defined]
        self.stopping = threading.Event()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """releases/ of one build of the seeds (index.json and 1.0.0/)."""
    tmp = tmp_path_factory.mktemp("built")
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    run_build(load_settings(tmp / "seeds", tmp / "data"))
    return tmp / "data" / "releases"


def serve_copy(built: Path, folder: Path) -> Path:
    shutil.copytree(built, folder)
    for p in folder.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return folder


@pytest.fixture
def servers(built: Path, tmp_path: Path) -> Iterator[Callable[[], Server]]:
    """Start servers on 127.0.0.1, each serving its own copy of the release."""
    started: list[Server] = []

    def make() -> Server:
        server = Server(serve_copy(built, tmp_path / f"served{len(started)}"))
        started.append(server)
        return server

    yield make
    for server in started:
        server.close()


@pytest.fixture
def server(servers: Callable[[], Server]) -> Server:
    return servers()


def cli(url: str, to: Path, *extra: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "download", url, "--to", str(to), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def refused(run: subprocess.CompletedProcess[str], message: str, to: Path) -> None:
    """Exit 1, exactly ``lianghui: error: MESSAGE`` on stderr, nothing in ``to``."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stderr == f"lianghui: error: {message}\n"
    assert run.returncode == 1
    assert run.stdout == ""
    assert leftovers(to) == []


def set_index(root: Path, edit: Callable[[dict], object]) -> None:
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    edit(index)
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")


def set_manifest(root: Path, raw: bytes) -> None:
    """Replace 1.0.0/manifest.json and keep the index's manifest_sha256 agreeing with it,
    so that what is tested is the manifest's shape, not the digest."""
    (root / "1.0.0" / "manifest.json").write_bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    set_index(root, lambda index: index["releases"][0].update(manifest_sha256=digest))


def manifest_of(root: Path) -> dict:
    return json.loads((root / "1.0.0" / "manifest.json").read_text(encoding="utf-8"))


def json_error(raw: bytes) -> str:
    try:
        json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return str(exc)
    raise AssertionError("valid JSON")


# ---------------------------------------------------------------- D17 a malformed index
NOT_UTF8 = b'{"latest": "\xff"}'
MALFORMED_INDEXES = {
    "a list": (b"[1,2,3]", "malformed index: expected a JSON object, got list"),
    "a number": (b"42", "malformed index: expected a JSON object, got int"),
    "not JSON": (b"<html>not found</html>", f"not valid JSON ({json_error(b'<html>')})"),
    "not UTF-8": (NOT_UTF8, f"not valid JSON ({json_error(NOT_UTF8)})"),
    "no releases": (b'{"latest": "1.0.0"}', "malformed index: 'releases' is not a list"),
    "releases an object": (
        b'{"latest": "1.0.0", "releases": {"1.0.0": {}}}',
        "malformed index: 'releases' is not a list",
    ),
    "entry not an object": (
        b'{"latest": "1.0.0", "releases": [[1]]}',
        "malformed index: releases[0] is not an object with a 'version' string",
    ),
    "entry without version": (
        b'{"latest": "1.0.0", "releases": [{"path": "1.0.0/"}]}',
        "malformed index: releases[0] is not an object with a 'version' string",
    ),
    "version a number": (
        b'{"latest": "1.0.0", "releases": [{"version": 1}]}',
        "malformed index: releases[0] is not an object with a 'version' string",
    ),
    "latest a list": (b'{"latest": ["1.0.0"], "releases": []}', "malformed index: 'latest' is not a string"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_INDEXES))
def test_malformed_index_is_one_line_naming_the_url(case: str, server: Server, tmp_path: Path) -> None:
    raw, problem = MALFORMED_INDEXES[case]
    (server.root / "index.json").write_bytes(raw)
    to = tmp_path / "mine"
    refused(cli(server.url, to), f"{server.url}index.json: {problem}", to)


# ---------------------------------------------------------------- D19 no manifest_sha256
def test_index_entry_without_manifest_sha256_is_refused(server: Server, tmp_path: Path) -> None:
    set_index(server.root, lambda index: index["releases"][0].pop("manifest_sha256"))
    to = tmp_path / "mine"
    refused(cli(server.url, to), f"{server.url}index.json: release 1.0.0 has no valid manifest_sha256; refusing it", to)


def test_fake_file_with_manifest_sha256_removed_is_refused(server: Server, tmp_path: Path) -> None:
    """The attack of D19: a fake file, listed in a rewritten manifest and SHA256SUMS,
    and the index's manifest_sha256 dropped so that nothing disagrees."""
    release = server.root / "1.0.0"
    fake = b"id,text\n1,fake\n"
    (release / "goals.csv").write_bytes(fake)
    manifest = manifest_of(server.root)
    manifest["files"]["goals.csv"] = {"sha256": hashlib.sha256(fake).hexdigest(), "bytes": len(fake)}
    (release / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sums = {n: i["sha256"] for n, i in manifest["files"].items()}
    sums["manifest.json"] = hashlib.sha256((release / "manifest.json").read_bytes()).hexdigest()
    (release / "SHA256SUMS").write_text("".join(f"{d}  {n}\n" for n, d in sorted(sums.items())), encoding="utf-8")
    set_index(server.root, lambda index: index["releases"][0].pop("manifest_sha256"))
    to = tmp_path / "mine"
    refused(cli(server.url, to), f"{server.url}index.json: release 1.0.0 has no valid manifest_sha256; refusing it", to)
    # and with the digest of the original manifest kept, the fake is refused too
    set_index(server.root, lambda index: index["releases"][0].update(manifest_sha256="0" * 64))
    refused(cli(server.url, to), f"{server.url}1.0.0/manifest.json: sha256 differs from the index", to)


def test_manifest_sha256_not_a_digest_is_refused(server: Server, tmp_path: Path) -> None:
    set_index(server.root, lambda index: index["releases"][0].update(manifest_sha256=["x"]))
    to = tmp_path / "mine"
    refused(cli(server.url, to), f"{server.url}index.json: release 1.0.0 has no valid manifest_sha256; refusing it", to)


# ---------------------------------------------------------------- D17 a malformed manifest
def _edit_file(name: str, **change: object) -> Callable[[dict], object]:
    def edit(manifest: dict) -> object:
        info = manifest["files"][name]
        for key, value in change.items():
            if value is None:
                info.pop(key)
            else:
                info[key] = value
        return manifest

    return edit


# case: (how to make the manifest's bytes from the good manifest, the problem after "URL: ")
MALFORMED_MANIFESTS: dict[str, tuple[Callable[[dict], bytes], str]] = {
    "not JSON": (lambda m: b"{files: ", f"not valid JSON ({json_error(b'{files: ')})"),
    "a list": (lambda m: b"[1,2,3]", "malformed manifest: expected a JSON object, got list"),
    "files a list": (
        lambda m: json.dumps({**m, "files": list(m["files"])}).encode(),
        "malformed manifest: 'files' is not an object",
    ),
    "no files": (lambda m: json.dumps({**m, "files": {}}).encode(), None),
    "entry not an object": (
        lambda m: json.dumps({**m, "files": {**m["files"], "goals.csv": 3729}}).encode(),
        "malformed manifest: file 'goals.csv': expected an object",
    ),
    "entry without bytes": (
        lambda m: json.dumps(_edit_file("goals.csv", bytes=None)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'bytes' is missing or not a whole number >= 0",
    ),
    "bytes a string": (
        lambda m: json.dumps(_edit_file("goals.csv", bytes="3729")(m)).encode(),
        "malformed manifest: file 'goals.csv': 'bytes' is missing or not a whole number >= 0",
    ),
    "bytes negative": (
        lambda m: json.dumps(_edit_file("goals.csv", bytes=-1)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'bytes' is missing or not a whole number >= 0",
    ),
    "bytes a boolean": (
        lambda m: json.dumps(_edit_file("goals.csv", bytes=True)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'bytes' is missing or not a whole number >= 0",
    ),
    "bytes a float": (
        lambda m: json.dumps(_edit_file("goals.csv", bytes=3729.0)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'bytes' is missing or not a whole number >= 0",
    ),
    "entry without sha256": (
        lambda m: json.dumps(_edit_file("goals.csv", sha256=None)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'sha256' is missing or not 64 hex digits",
    ),
    "sha256 not hex": (
        lambda m: json.dumps(_edit_file("goals.csv", sha256="z" * 64)(m)).encode(),
        "malformed manifest: file 'goals.csv': 'sha256' is missing or not 64 hex digits",
    ),
    "a name with a newline": (
        lambda m: json.dumps({**m, "files": {"a\nb.csv": m["files"]["goals.csv"]}}).encode(),
        "refusing file 'a\\nb.csv': not a name a release file may have",
    ),
    "SHA256SUMS listed": (
        lambda m: json.dumps({**m, "files": {"SHA256SUMS": m["files"]["goals.csv"]}}).encode(),
        "refusing file 'SHA256SUMS': not a name a release file may have",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_MANIFESTS))
def test_malformed_manifest_is_one_line_naming_the_url(case: str, server: Server, tmp_path: Path) -> None:
    make, problem = MALFORMED_MANIFESTS[case]
    set_manifest(server.root, make(manifest_of(server.root)))
    url = f"{server.url}1.0.0/manifest.json"
    to = tmp_path / "mine"
    expected = f"{url} lists no files" if problem is None else f"{url}: {problem}"
    refused(cli(server.url, to), expected, to)


@pytest.mark.parametrize("delta", [1, -1])
def test_file_of_another_size_than_the_manifest_gives_is_refused(delta: int, server: Server, tmp_path: Path) -> None:
    """The manifest is well formed, but the server sends more or fewer bytes than it gives."""
    manifest = manifest_of(server.root)
    size = manifest["files"]["goals.csv"]["bytes"]
    set_manifest(server.root, json.dumps(_edit_file("goals.csv", bytes=size + delta)(manifest)).encode())
    url = f"{server.url}1.0.0/goals.csv"
    to = tmp_path / "mine"
    problem = (
        f"{size} bytes, the manifest gives {size + 1}"
        if delta > 0
        else f"larger than the {size - 1} bytes the manifest gives"
    )
    refused(cli(server.url, to), f"{url}: {problem}", to)


def test_malformed_sha256sums_is_one_line(server: Server, tmp_path: Path) -> None:
    (server.root / "1.0.0" / "SHA256SUMS").write_bytes(b"\xff\xfe not sums\n")
    to = tmp_path / "mine"
    refused(cli(server.url, to), f"{server.url}1.0.0/SHA256SUMS: not UTF-8", to)


# ---------------------------------------------------------------- D18 a dripping server
def drip_body(server: Server) -> Route:
    """A 200 with the right Content-Length, then one byte every 0.2 s."""

    def route(h: SimpleHTTPRequestHandler) -> None:
        data = (server.root / h.path.lstrip("/")).read_bytes()
        h.send_response(200)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        drip(server, h, data)

    return route


def drip_headers(server: Server) -> Route:
    """A status line, then one header that never ends, one byte every 0.2 s."""

    def route(h: SimpleHTTPRequestHandler) -> None:
        drip(server, h, b"HTTP/1.0 200 OK\r\nX-Slow: " + b"a" * 10_000)

    return route


def drip(server: Server, h: SimpleHTTPRequestHandler, data: bytes) -> None:
    for i in range(len(data)):
        if server.stopping.wait(0.2):
            return
        try:
            h.wfile.write(data[i : i + 1])
            h.wfile.flush()
        except OSError:
            return


@pytest.mark.parametrize("where", ["body", "headers"])
def test_dripping_server_meets_the_overall_deadline(where: str, server: Server, tmp_path: Path) -> None:
    path = f"/1.0.0/{FIRST}" if where == "body" else "/index.json"
    server.routes[path] = drip_body(server) if where == "body" else drip_headers(server)
    to = tmp_path / "mine"
    start = time.monotonic()
    run = cli(server.url, to, "--deadline", "2")
    took = time.monotonic() - start
    refused(
        run,
        f"{server.url}{path[1:]}: not done within the download's deadline of 2 s (--deadline SECONDS sets another)",
        to,
    )
    # each byte comes within 0.2 s, far below the 60 s one read may wait: only the overall
    # deadline stops it (the whole drip would take 12 s for CHANGES.md, 2,000 s for the header)
    assert took < 2 + 8, took  # the rest is the interpreter starting on a busy machine


def test_deadline_must_be_positive(server: Server, tmp_path: Path) -> None:
    to = tmp_path / "mine"
    refused(cli(server.url, to, "--deadline", "0"), "the deadline must be a positive number of seconds, not 0.0", to)


# ---------------------------------------------------------------- D19 redirects
def redirect_to(target: str) -> Route:
    def route(h: SimpleHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", target + h.path.lstrip("/").removeprefix("moved/"))
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def test_redirect_to_another_port_is_refused_unless_allowed(servers: Callable[[], Server], tmp_path: Path) -> None:
    here, there = servers(), servers()
    assert here.url != there.url and here.url.startswith("http://127.0.0.1:")
    here.routes[f"/1.0.0/{FIRST}"] = redirect_to(there.url)  # after the manifest: the folder is in use
    to = tmp_path / "mine"
    refused(
        cli(here.url, to),
        f"{here.url}1.0.0/{FIRST}: redirected to another origin, '{there.url}1.0.0/{FIRST}'; "
        "refusing it (--allow-cross-origin-redirects follows it)",
        to,
    )
    run = cli(here.url, to, "--allow-cross-origin-redirects")
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"downloaded 1.0.0 to {to / '1.0.0'}\n"
    assert verify_release(to / "1.0.0") == []
    assert leftovers(to) == ["1.0.0", "index.json"]


def test_whole_index_redirected_to_another_port_is_refused(servers: Callable[[], Server], tmp_path: Path) -> None:
    here, there = servers(), servers()
    here.routes["/*"] = redirect_to(there.url)
    to = tmp_path / "mine"
    refused(
        cli(here.url, to),
        f"{here.url}index.json: redirected to another origin, '{there.url}index.json'; "
        "refusing it (--allow-cross-origin-redirects follows it)",
        to,
    )


def test_same_origin_redirect_is_followed(server: Server, tmp_path: Path) -> None:
    server.routes["/moved/*"] = redirect_to(server.url)
    to = tmp_path / "mine"
    run = cli(server.url + "moved/", to)
    assert run.returncode == 0, run.stderr
    assert verify_release(to / "1.0.0") == []


# ---------------------------------------------------------------- D20 --to a file
def test_to_a_file_is_one_line(server: Server, tmp_path: Path) -> None:
    to = tmp_path / "a-file"
    to.write_text("mine\n", encoding="utf-8")
    run = cli(server.url, to)
    assert run.stderr == f"lianghui: error: {to} is not a folder (--to names the folder releases go in)\n"
    assert run.returncode == 1
    assert to.read_text(encoding="utf-8") == "mine\n"


def test_to_below_a_file_is_one_line(server: Server, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("mine\n", encoding="utf-8")
    to = tmp_path / "a-file" / "releases"
    run = cli(server.url, to)
    assert run.stderr == f"lianghui: error: cannot write in {to}: Not a directory\n"
    assert run.returncode == 1
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "mine\n"
