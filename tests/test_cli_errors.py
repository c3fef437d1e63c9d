"""Every user mistake and environment failure is one line on stderr and exit code 1:
no traceback, and no Prefect output before the message (each command line runs in a
subprocess, as a user runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

PREFIX = "lianghui: error: "


def lianghui(
    *args: str, env: dict[str, str] | None = None, prefix: list[str] | None = None, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line in a subprocess (``code``: Python run before it, to inject a failure)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "LIANGHUI_"))}
    environ.update({"PYTHONPATH": str(ROOT), **(env or {})})
    command = [sys.executable, "-m", "flows.cli", *args]
    if code is not None:
        command = [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nfrom flows.cli import main\nsys.argv[1:] = {args!r}\nmain()",
        ]
    return subprocess.run(
        [*(prefix or []), *command], capture_output=True, text=True, timeout=600, cwd=ROOT, env=environ, check=False
    )


def assert_one_line(out: subprocess.CompletedProcess[str], message: str) -> None:
    lines = out.stderr.splitlines()
    assert out.returncode == 1, out.stderr
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith(PREFIX) and message in lines[0], lines[0]
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_command_line_mistakes_are_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    sidecar_only = tmp_path / "sidecar-only"
    sidecar_only.mkdir()
    (sidecar_only / "a.meta.json").write_text("{}", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    data = str(tmp_path / "data")
    cases = [
        (("build", "--seeds", str(empty), "--data", data), {}, f"no documents (*.txt) found under {empty}"),
        (
            ("build", "--seeds", str(sidecar_only), "--data", data),
            {},
            f"no documents (*.txt) found under {sidecar_only} (only sidecars *.meta.json)",
        ),
        (("build", "--seeds", str(a_file), "--data", data), {}, f"seeds folder {a_file} is not a folder"),
        (("build", "--seeds", str(SEEDS), "--data", str(a_file)), {}, f"data folder {a_file} is not a folder"),
        (
            ("build", "--seeds", str(SEEDS), "--data", str(a_file / "data")),
            {},
            f"data folder {a_file / 'data'} cannot be written: Not a directory",
        ),
        (
            ("build", "--seeds", str(SEEDS), "--data", data),
            {"LIANGHUI_BATCH_SIZE": "many"},
            "LIANGHUI_BATCH_SIZE='many' is not a whole number of at least 1",
        ),
        (
            ("build", "--seeds", str(SEEDS), "--data", data),
            {"LIANGHUI_BATCH_SIZE": "0"},
            "LIANGHUI_BATCH_SIZE='0' is not a whole number of at least 1",
        ),
        (
            ("build", "--seeds", str(SEEDS), "--data", data),
            {"LIANGHUI_PARALLEL_THRESHOLD": "1e3"},
            "LIANGHUI_PARALLEL_THRESHOLD='1e3' is not a whole number of at least 0",
        ),
        (
            ("build", "--seeds", str(SEEDS), "--data", data),
            {"LIANGHUI_WORKERS": "-2"},
            "LIANGHUI_WORKERS='-2' is not a whole number of at least 1",
        ),
        (("releases", "--data", data), {"LIANGHUI_READ_AHEAD_MB": "lots"}, "LIANGHUI_READ_AHEAD_MB='lots'"),
        (("download", "file:///nonexistent", "--to", str(a_file)), {}, f"{a_file} is not a folder"),
        (("serve", "--cron", "not a cron"), {}, "--cron 'not a cron' is not a cron schedule"),
        (("serve", "--cron", "0 6 * * *", "--interval", "60"), {}, "give --cron or --interval, not both"),
    ]
    for args, env, message in cases:
        assert_one_line(lianghui(*args, env=env), message)
    assert not (tmp_path / "data").exists()


def test_an_unwritable_data_folder_is_one_line(tmp_path: Path) -> None:
    """As root, without the capability to override file modes (so that the mode counts)."""
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", "--"]
    for data in (locked, locked / "data"):
        out = lianghui("build", "--seeds", str(SEEDS), "--data", str(data), prefix=prefix)
        assert_one_line(out, f"data folder {data} cannot be written: Permission denied")


# failures inside the flow: injected into the code the flow runs, after Prefect's settings are made
INJECT = """
import errno, sys
sys.path.insert(0, {root!r})
from flows.settings import configure_prefect_env
configure_prefect_env()
import flows.flow
from flows.errors import LianghuiError
def fail(*args, **kwargs):
    raise {error}
flows.flow.{target} = fail
"""


@pytest.mark.parametrize(
    "target,error,message",
    [
        ("find_inputs", "LianghuiError('a mistake found inside the flow')", "a mistake found inside the flow"),
        (
            "publish_release",
            "OSError(errno.ENOSPC, 'No space left on device', '/data/.staging/next-1/goals.parquet')",
            "No space left on device: /data/.staging/next-1/goals.parquet",
        ),
    ],
)
def test_a_failure_inside_the_flow_is_one_line(target: str, error: str, message: str, tmp_path: Path) -> None:
    """A LianghuiError raised in a Prefect task, and a full disk (ENOSPC) while publishing:
    Prefect's own report of the failed task and flow run is not printed."""
    code = INJECT.format(root=str(ROOT), error=error, target=target)
    env = {"PREFECT_HOME": str(tmp_path / "prefect")}
    out = lianghui("build", "--seeds", str(SEEDS), "--data", str(tmp_path / "data"), env=env, code=code)
    assert_one_line(out, message)


def test_a_full_disk_is_one_line(tmp_path: Path) -> None:
    """A real full disk: the data folder on a 256 KiB tmpfs (where the test may mount one;
    elsewhere the injected ENOSPC above stands in)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("cannot mount a tmpfs here")
    mounted = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        env = {"PREFECT_HOME": str(tmp_path / "prefect")}
        out = lianghui("build", "--seeds", str(SEEDS), "--data", str(disk / "data"), env=env)
        assert_one_line(out, "No space left on device")
        assert not (disk / "data" / "releases" / "1.0.0").exists()
    finally:
        subprocess.run(["umount", str(disk)], check=False)
