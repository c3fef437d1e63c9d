"""Scheduled runs for real: a Prefect server on a free 127.0.0.1 port, the
flow served as a deployment by ``lianghui serve``, runs triggered through the
API. Every process started here is stopped at the end."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import SEEDS, api_request, start, stop, wait_for


def run_and_wait(api: str, deployment_id: str, logs: list[Path]) -> dict:
    response = api_request("POST", f"{api}/deployments/{deployment_id}/create_flow_run", json={})
    assert response.status_code < 300, response.text
    run = response.json()

    def finished():  # type: ignore[no-untyped-def]
        state = api_request("GET", f"{api}/flow_runs/{run['id']}").json()["state"]
        return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

    state = wait_for(f"flow run {run['id']}", finished, logs)
    assert state["type"] == "COMPLETED", state
    return run


def artifact_markdown(api: str, run_id: str) -> str:
    found = api_request(
        "POST", f"{api}/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [run_id]}}}
    ).json()
    return "\n".join(a.get("data") or "" for a in found)


def test_served_deployment_publishes_then_reports_no_change(prefect_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    api, env, server_log = prefect_server
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(SEEDS, seeds)
    serve_log = tmp_path / "serve.log"
    serve = start(
        [sys.executable, "-m", "flows.cli", "serve", "--interval", "86400", "--seeds", str(seeds), "--data", str(data)],
        env,
        serve_log,
    )
    logs = [serve_log, server_log]
    try:
        deployment = wait_for(
            "the served deployment",
            lambda: api_request("GET", f"{api}/deployments/name/lianghui-build/scheduled").json().get("id"),
            logs,
        )
        detail = api_request("GET", f"{api}/deployments/{deployment}").json()
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
