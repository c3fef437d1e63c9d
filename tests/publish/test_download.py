"""``lianghui download`` against a real HTTP server on 127.0.0.1 and file:// URLs."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flows.build.run import run_build
from flows.errors import LianghuiError
from flows.publish.download import download
from flows.publish.verify import verify_release
from flows.settings import load_settings


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(seeds: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A built release under a folder served over HTTP on 127.0.0.1."""
    run_build(load_settings(seeds, tmp_path / "built"))
    root = tmp_path / "served"
    shutil.copytree(tmp_path / "built" / "releases", root)
    for p in root.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", root
    finally:
        server.shutdown()
        server.server_close()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_good_release(served: tuple[str, Path], tmp_path: Path) -> None:
    url, root = served
    dest = tmp_path / "mine"
    path = download(url, dest)
    assert path == dest / "1.0.0"
    assert verify_release(path) == []
    for p in (root / "1.0.0").iterdir():
        assert (path / p.name).read_bytes() == p.read_bytes()
    index = json.loads((dest / "index.json").read_text(encoding="utf-8"))
    assert index["latest"] == "1.0.0"
    with pytest.raises(LianghuiError, match="already exists"):
        download(url, dest, "1.0.0")


def test_download_refuses_corrupted_file(served: tuple[str, Path], tmp_path: Path) -> None:
    url, root = served
    target = root / "1.0.0" / "statements.parquet"
    raw = bytearray(target.read_bytes())
    raw[100] ^= 0xFF
    target.write_bytes(bytes(raw))
    dest = tmp_path / "mine"
    with pytest.raises(LianghuiError, match="statements.parquet: sha256 does not match the manifest"):
        download(url, dest)
    assert leftovers(dest) == []


def test_download_refuses_path_escape(served: tuple[str, Path], tmp_path: Path) -> None:
    url, root = served
    manifest_path = root / "1.0.0" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["../../evil.sh"] = {"sha256": "0" * 64, "bytes": 3}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    index["releases"][0]["manifest_sha256"] = hashlib.sha256(manifest_path.read_bytes()).hexdigest()
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    dest = tmp_path / "mine"
    with pytest.raises(LianghuiError, match="leaves the release folder"):
        download(url, dest)
    assert leftovers(dest) == []
    assert not (tmp_path / "evil.sh").exists()


def test_download_from_file_url_and_user_mistakes(served: tuple[str, Path], tmp_path: Path) -> None:
    _, root = served
    path = download(root.as_uri(), tmp_path / "viafile", "1.0.0")
    assert verify_release(path) == []
    with pytest.raises(LianghuiError, match="unknown version '9.9.9'"):
        download(root.as_uri(), tmp_path / "x", "9.9.9")
    for bad in ("ftp://example.org/x", "releases", "https://"):
        with pytest.raises(LianghuiError, match="bad URL"):
            download(bad, tmp_path / "x")
    with pytest.raises(LianghuiError, match="cannot fetch|HTTP 404"):
        download((tmp_path / "nothing-here").as_uri(), tmp_path / "x")


def test_cli_download_prints_one_line_errors(served: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = served
    ok = subprocess.run(
        [sys.executable, "-m", "flows.cli", "download", url, "--to", str(tmp_path / "cli")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "downloaded 1.0.0" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "flows.cli", "download", "gopher://x", "--to", str(tmp_path / "cli2")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()] and bad.stderr.startswith("lianghui: error: bad URL")
    assert "Traceback" not in bad.stderr
