"""A build killed with ``kill -9`` leaves no process behind: not the temporary
Prefect server, the forkserver, the workers nor the resource tracker (D11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from benchmarks.corpus import generate

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="walks /proc (Linux)")


def table() -> dict[int, tuple[int, int, str, str]]:
    """Every process: pid -> (parent pid, session id, state, start time)."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            raw = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        out[int(name)] = (int(fields[1]), int(fields[3]), fields[0], fields[19])
    return out


def descendants(root: int, procs: dict[int, tuple[int, int, str, str]]) -> set[int]:
    found, todo = set(), [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, *_rest) in procs.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                todo.append(pid)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def environ(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return []


def survivors(build: int, seen: dict[int, str], marker: bytes) -> list[str]:
    """Live (not zombie) processes that came from the build: seen in its tree before
    the kill (same start time), in its session, or carrying its environment token."""
    procs = table()
    alive = []
    for pid, (_ppid, sid, state, start) in procs.items():
        if state == "Z" or pid == os.getpid():
            continue
        if seen.get(pid) == start or sid == build or (marker and marker in environ(pid)):
            alive.append(f"{pid} {cmdline(pid)[:120]}")
    return alive


def test_kill_9_of_a_build_leaves_no_child_alive(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    generate(seeds, 600)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "LIANGHUI_"))}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "PREFECT_HOME": str(tmp_path / "prefect-home"),
            "LIANGHUI_PARALLEL_THRESHOLD": "50",
            "LIANGHUI_BATCH_SIZE": "10",
        }
    )
    log = tmp_path / "build.log"
    cmd = [sys.executable, "-m", "flows.cli", "build", "--seeds", str(seeds), "--data", str(tmp_path / "data")]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen: dict[int, str] = {}
    marker = b""
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, f"the build ended before its workers ran:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"no server and workers after 240 s:\n{log.read_text()[-3000:]}"
            procs = table()
            tree = descendants(proc.pid, procs)
            lines = {pid: cmdline(pid) for pid in tree}
            forkservers = [pid for pid, c in lines.items() if "forkserver" in c]
            workers = [pid for pid in tree if procs[pid][0] in forkservers]
            if any("uvicorn" in c for c in lines.values()) and len(workers) >= 2:
                break
            time.sleep(0.2)
        seen = {pid: procs[pid][3] for pid in tree}
        marker = next((v for v in environ(forkservers[0]) if v.startswith(b"LIANGHUI_BUILD_TOKEN=")), b"")
        assert any("resource_tracker" in c for c in lines.values()), lines
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        end = time.monotonic() + 30
        while (left := survivors(proc.pid, seen, marker)) and time.monotonic() < end:
            time.sleep(0.5)
        assert not left, f"still running 30 s after kill -9 of the build: {left}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        for line in survivors(proc.pid, seen, marker):  # never leave anything running on a failure
            os.kill(int(line.split()[0]), signal.SIGKILL)
