"""The same flow on an existing Dask cluster: a local Prefect server and a Dask
LocalCluster on 127.0.0.1; the release published through Dask is byte-identical
to the local one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from distributed import LocalCluster


@pytest.fixture
def dask_cluster(prefect_server) -> Iterator[str]:  # type: ignore[no-untyped-def]
    api, env, _ = prefect_server
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the workers the cluster spawns talk to the same Prefect server
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", processes=True, dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build(env: dict[str, str], data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", "build", "--seeds", str(SEEDS), "--data", str(data), *extra],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        cwd=ROOT,
    )


def test_dask_release_is_byte_identical_to_local(prefect_server, dask_cluster: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, env, _ = prefect_server
    assert dask_cluster.startswith("tcp://127.0.0.1:")
    on_dask = build(env, tmp_path / "dask", "--runner", "dask", "--dask-address", dask_cluster)
    assert on_dask.returncode == 0, on_dask.stderr[-3000:]
    local = build(env, tmp_path / "local")
    assert local.returncode == 0, local.stderr[-3000:]
    dask_sums = (tmp_path / "dask" / "releases" / "1.0.0" / "SHA256SUMS").read_text()
    local_sums = (tmp_path / "local" / "releases" / "1.0.0" / "SHA256SUMS").read_text()
    assert dask_sums == local_sums


def test_dask_runner_needs_an_address(prefect_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, env, _ = prefect_server
    out = build(env, tmp_path / "x", "--runner", "dask")
    assert out.returncode == 1 and "needs --dask-address" in out.stderr
