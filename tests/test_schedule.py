"""Scheduled runs for real: a Prefect server on a free 127.0.0.1 port, the
flow served as a deployment by ``lianghui serve``, runs triggered through the
API. Every process started here is stopped at the end."""
from __future__ import annotations

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

from conftest import ROOT, SEEDS

DEADLINE = 300  # seconds any single wait may take


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)


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


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PYTHONPATH": str(ROOT)})
    log = tmp_path / "server.log"
    proc = start([sys.executable, "-m", "flows.cli", "server", "--port", str(port)], env, log)
    api = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=5).json() is True, [log])
        yield api, {**env, "PREFECT_API_URL": api}, log
    finally:
        stop(proc)


def run_and_wait(api: str, deployment_id: str, logs: list[Path]) -> dict:
    run = httpx.post(f"{api}/deployments/{deployment_id}/create_flow_run", json={}, timeout=30).json()

    def finished():  # type: ignore[no-untyped-def]
        state = httpx.get(f"{api}/flow_runs/{run['id']}", timeout=10).json()["state"]
        return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    state = wait_for(f"flow run {run['id']}", finished, logs)
    assert state["type"] == "COMPLETED", state
    return run


def artifact_markdown(api: str, run_id: str) -> str:
    found = httpx.post(f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}, timeout=10).json()
    return "\n".join(a.get("data") or "" for a in found)


def test_served_deployment_publishes_then_reports_no_change(prefect_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    api, env, server_log = prefect_server
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, seeds)
    serve_log = tmp_path / "serve.log"
    serve = start([sys.executable, "-m", "flows.cli", "serve", "--interval", "86400", "--seeds", str(seeds),
                   "--data", str(data)], env, serve_log)
    logs = [serve_log, server_log]
    try:
        deployment = wait_for("the served deployment", lambda: httpx.get(
            f"{api}/deployments/name/lianghui-build/scheduled", timeout=10).json().get("id"), logs)
        detail = httpx.get(f"{api}/deployments/{deployment}", timeout=10).json()
        assert detail["schedules"] and detail["schedules"][0]["schedule"]["interval"] == 86400

        first = run_and_wait(api, deployment, logs)
        assert (data / "releases" / "1.0.0" / "manifest.json").is_file()
        assert "# Published 1.0.0" in artifact_markdown(api, first["id"])

        second = run_and_wait(api, deployment, logs)
        versions = sorted(p.name for p in (data / "releases").iterdir() if p.is_dir())
        assert versions == ["1.0.0"]
        assert "No change since 1.0.0" in artifact_markdown(api, second["id"])
        assert "no change since 1.0.0" in serve_log.read_text(errors="replace")
    finally:
        stop(serve)
