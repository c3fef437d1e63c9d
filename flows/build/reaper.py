"""Children die with the build: the temporary Prefect server, the forkserver, the
worker processes and multiprocessing's resource tracker must not outlive a build
that is killed (``kill -9`` runs no handler, and none of them notices on its own).

``watch()``, called by the CLI before a build starts anything, marks the build's
environment with a random token (every process started from then on inherits it)
and starts a watcher: this file, run as a script in its own session, reading a
pipe only the build holds. When the build ends, however it ends, the pipe closes;
the watcher then stops every process that carries the token (SIGTERM, then SIGKILL
after a few seconds) and exits. Linux only (``/proc``); elsewhere it does nothing."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

TOKEN_VAR = "LIANGHUI_BUILD_TOKEN"
_watchers: list[object] = []  # the watcher's Popen: its pipe stays open as long as this process


def watch() -> None:
    """Start the watcher for this process's children (once per process)."""
    import secrets
    import subprocess

    if _watchers or not os.path.isdir("/proc"):
        return
    token = secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != TOKEN_VAR}
    _watchers.append(
        subprocess.Popen(
            [sys.executable, "-I", "-S", os.path.abspath(__file__), token],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # Ctrl-C and a killed process group do not reach it
        )
    )
    os.environ[TOKEN_VAR] = token


def carriers(marker: bytes) -> list[int]:
    """Processes whose environment holds ``marker`` (zombies have none)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                with open(f"/proc/{name}/environ", "rb") as fh:
                    if marker in fh.read().split(b"\0"):
                        found.append(int(name))
            except OSError:
                continue
    return found


def reap(token: str, grace: float = 3.0, deadline: float = 30.0) -> None:
    """Stop every process carrying ``token``: SIGTERM, then SIGKILL after ``grace`` s."""
    marker = f"{TOKEN_VAR}={token}".encode()
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        pids = carriers(marker)
        if not pids:
            return
        sig = signal.SIGTERM if time.monotonic() - start < grace else signal.SIGKILL
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        time.sleep(0.2)


def main(token: str) -> None:
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    while os.read(0, 4096):  # EOF: the build has ended
        pass
    reap(token)


if __name__ == "__main__":
    main(sys.argv[1])
