"""Staging folders left by killed builds are removed by the next build, under the
lock; a folder a running build is writing is left alone (D10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

from flows.build.run import run_build
from flows.settings import load_settings

#: A child that takes a staging folder as a build does, prints it, and keeps it until stdin closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from flows.publish.release import open_staging
    from flows.settings import load_settings
    print(open_staging(load_settings(None, sys.argv[1])), flush=True)
    sys.stdin.read()
    """
)


def test_stale_staging_is_removed_by_the_next_build(tmp_path: Path) -> None:
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(ROOT / "seeds", seeds)
    staging = data / ".staging"
    # what kill -9 left: folders of dead builds, one with a table half written
    for name in ("next-dead1", "next-dead2", "1.0.0-old"):
        (staging / name).mkdir(parents=True)
        (staging / name / "goals.csv").write_bytes(b"x" * 100_000)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        live = Path(holder.stdout.readline().strip())  # type: ignore[union-attr]
        assert live.parent == staging and live.is_dir()
        assert not (staging / "next-dead1").exists()  # taking a staging folder cleans too
        (staging / "next-dead1").mkdir()  # another build killed since
        result = run_build(load_settings(seeds, data))
        assert result.published
        assert sorted(p.name for p in staging.iterdir()) == [live.name]  # the running one is kept
        assert not (staging / "next-dead1").exists()
    finally:
        holder.communicate("", timeout=30)
    # once its owner has ended, the next build removes it too (this one publishes nothing)
    again = run_build(load_settings(seeds, data))
    assert not again.published
    assert list(staging.iterdir()) == []


def test_the_newest_validation_report_is_kept(tmp_path: Path) -> None:
    from flows.publish.release import remove_stale_staging

    staging = tmp_path / ".staging"
    for i, name in enumerate(("next-a", "next-b", "next-c")):
        (staging / name).mkdir(parents=True)
        (staging / name / "validation_report.csv").write_text("table,check\n")
        os.utime(staging / name, (1_000_000 + i, 1_000_000 + i))
    assert sorted(remove_stale_staging(staging)) == ["next-a", "next-b"]
    assert [p.name for p in staging.iterdir()] == ["next-c"]
