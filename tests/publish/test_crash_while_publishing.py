"""A publisher killed at any step of publishing (in a subprocess that exits on the
spot, as under ``kill -9``) leaves releases/ and index.json that the next build and
``lianghui releases`` agree on, and loses nothing (D9/D15, D10)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, write_doc
from typer.testing import CliRunner

from flows.build.run import run_build
from flows.cli import app
from flows.publish.verify import verify_release
from flows.settings import load_settings

#: Run in a child process: a build whose publisher dies (os._exit, no cleanup) at STEP.
CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    step, seeds, data = sys.argv[1:4]
    import flows.publish.release as release

    def die(*args, **kwargs):
        os._exit(70)

    rename, replace = os.rename, os.replace

    def into_releases(dst):
        return Path(dst).parent.name == "releases"

    def patched_rename(src, dst, *a, **k):
        if step == "before-rename" and into_releases(dst):
            die()
        rename(src, dst, *a, **k)
        if step == "after-rename" and into_releases(dst):
            die()

    def patched_replace(src, dst, *a, **k):
        if step == "index-not-renamed" and into_releases(dst):
            die()
        replace(src, dst, *a, **k)
        if step == "after-index" and into_releases(dst):
            die()

    os.rename, os.replace = patched_rename, patched_replace
    if step == "staging-files":
        release.dumps = die  # while datapackage.json is being written
    from flows.build.run import run_build
    from flows.settings import load_settings
    run_build(load_settings(seeds, data))
    """
)

STEPS = ["staging-files", "before-rename", "after-rename", "index-not-renamed", "after-index"]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, seeds_module: Path) -> tuple[Path, Path]:
    """A data folder holding release 1.0.0, and seeds with one more document."""
    base = tmp_path_factory.mktemp("published")
    data = base / "data"
    run_build(load_settings(seeds_module, data))
    write_doc(seeds_module, "more.txt", SAMPLE.replace("李建国", "赵文华"), {"published": "2024"})
    return seeds_module, data


@pytest.fixture(scope="module")
def seeds_module(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeds") / "seeds"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


def listed(data: Path) -> list[str]:
    out = CliRunner().invoke(app, ["releases", "--data", str(data)])
    assert out.exit_code == 0 and "Traceback" not in out.output, out.output
    return [line.split()[0] for line in out.stdout.splitlines() if line[:1].isdigit()]


def folders(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "releases").iterdir() if p.is_dir())


@pytest.mark.parametrize("step", STEPS)
def test_a_publisher_killed_at_any_step_loses_nothing(published: tuple[Path, Path], tmp_path: Path, step: str) -> None:
    seeds, template = published
    data = tmp_path / "data"
    shutil.copytree(template, data)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, step, str(seeds), str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert child.returncode == 70, child.stderr[-3000:]
    renamed = step in ("after-rename", "index-not-renamed", "after-index")
    assert folders(data) == (["1.0.0", "1.1.0"] if renamed else ["1.0.0"])
    # `releases` lists what the folders hold (and repairs index.json to match)
    assert listed(data) == folders(data)

    again = run_build(load_settings(seeds, data))
    assert again.version == "1.1.0" and again.published is not renamed  # "no change since 1.1.0" when it was there
    assert folders(data) == ["1.0.0", "1.1.0"] == listed(data)
    index = json.loads((data / "releases" / "index.json").read_text(encoding="utf-8"))
    assert index["latest"] == "1.1.0" and [e["version"] for e in index["releases"]] == ["1.0.0", "1.1.0"]
    for entry in index["releases"]:
        assert verify_release(data / "releases" / entry["version"], entry["manifest_sha256"]) == []
    manifest = json.loads((data / "releases" / "1.1.0" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous"] == "1.0.0" and index["releases"][1]["previous"] == "1.0.0"
    # the dead publisher's staging folder is gone; no stray temporary index
    assert not [p.name for p in (data / ".staging").iterdir()]
    assert not [p.name for p in (data / "releases").iterdir() if p.name.startswith(".")]
