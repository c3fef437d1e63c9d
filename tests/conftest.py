from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"

# A short news item in our own words, used wherever a test needs a small real document.
SAMPLE = """两会快讯

本报讯 (记者 王小明)“今年我们将新建保障性住房1200套,力争全年地区生产总值增长6%。”省人大代表、青川县县长李建国表示,青川县将加快产业升级。

李建国介绍,去年全县完成固定资产投资86.5亿元,同比增长9%。
"""


def write_doc(folder: Path, name: str, text: str | bytes, meta: dict | None = None, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    if meta is not None:
        path.with_name(path.name[:-4] + ".meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A seeds folder with the real seed document and one document of ours."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS.iterdir():
        shutil.copy(p, folder / p.name)
    write_doc(
        folder, "extra/sample.txt", SAMPLE, {"outlet": "示例日报", "published": "2024-03-05", "language": "zh-Hans"}
    )
    return folder


@functools.cache
def _corpus_docs() -> tuple[tuple[str, dict[str, list[dict]]], ...]:
    from flows.build.batch import _sorted_rows
    from flows.extract.rows import extract_document
    from flows.ingest.document import Document, ingest_payload
    from flows.ingest.files import discover, read_payload

    out = []
    for folder in (ROOT / "tests" / "corpus", SEEDS):
        for f in discover(folder)[0]:
            doc = ingest_payload(read_payload(f))
            if isinstance(doc, Document):
                out.append((f.source, _sorted_rows(extract_document(doc))))
    assert len(out) > 5
    return tuple(out)


def corpus_docs() -> list[tuple[str, dict[str, list[dict]]]]:
    """The rows of every document of tests/corpus/ and seeds/ (source, rows by table, in
    publication order): fresh copies, free to change."""
    return [(s, {t: [dict(r) for r in rows] for t, rows in tables.items()}) for s, tables in _corpus_docs()]


# ---------------------------------------------------------------- real servers on 127.0.0.1
DEADLINE = 300  # seconds any single wait may take


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


# Prefect's server answers 503 for errors "clients can retry on" (e.g. SQLite's
# SQLITE_BUSY when two writers race), and its own client retries 429/502/503 with
# backoff. Tests that talk to the API over plain httpx do the same, so a busy
# server on this shared machine is not mistaken for a broken flow.
RETRY_STATUS = frozenset({429, 502, 503})


def api_request(method: str, url: str, attempts: int = 8, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
    kwargs.setdefault("timeout", 30)
    for attempt in range(attempts):
        response = httpx.request(method, url, **kwargs)
        if response.status_code not in RETRY_STATUS or attempt == attempts - 1:
            return response
        time.sleep(min(0.5 * 2**attempt, 8))
    raise AssertionError("unreachable")


def wait_for(what: str, check, logs: list[Path], timeout: float = DEADLINE):  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = check()
        except httpx.HTTPError:
            value = None
        if value:
            return value
        time.sleep(1)
    tails = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists())
    pytest.fail(f"timed out waiting for {what}\n{tails}")


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str], Path]]:
    tmp_path = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        {
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_API_LOG_RETRYABLE_ERRORS": "true",
            "PYTHONPATH": str(ROOT),
        }
    )
    log = tmp_path / "server.log"
    proc = start([sys.executable, "-m", "flows.cli", "server", "--port", str(port)], env, log)
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=5).json() is True, [log])
        yield api, {**env, "PREFECT_API_URL": api}, log
    finally:
        stop(proc)


# ---------------------------------------------------------------- a plain build in a fresh process
_BUILD = """
import json, sys
from flows.build.run import run_build
from flows.settings import load_settings
result = run_build(load_settings(sys.argv[1], sys.argv[2]), version=sys.argv[3], workers=1)
print(json.dumps({"path": str(result.path), "damaged": list(result.damaged)}))
"""


def build_in_new_process(seeds: Path, data: Path, cache_home: Path, version: str) -> dict:
    """Build ``version`` from ``seeds`` into ``data`` in a new Python process whose user
    cache is ``cache_home/lianghui`` (per-process caches such as the schema facts and the
    pinyin index are then opened afresh): ``{"path", "damaged"}`` of its BuildResult."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANGHUI_")}
    env.update({"XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)})
    cmd = [sys.executable, "-c", _BUILD, str(seeds), str(data), version]
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])
