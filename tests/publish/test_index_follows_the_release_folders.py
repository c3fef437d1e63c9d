"""index.json is derived from the release folders: a broken index is repaired, a
full disk while writing it loses no release, and a damaged newest release is
reported in one line while builds go on from the newest good one (D9/D15, D16)."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, write_doc
from typer.testing import CliRunner

from flows.build.run import run_build
from flows.cli import app
from flows.publish.verify import verify_release
from flows.settings import load_settings


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Seeds, and a data folder holding 1.0.0 (the repository's seeds) and 1.1.0 (one document more)."""
    base = tmp_path_factory.mktemp("two")
    seeds, data = base / "seeds", base / "data"
    shutil.copytree(ROOT / "seeds", seeds)
    assert run_build(load_settings(seeds, data)).version == "1.0.0"
    write_doc(seeds, "more.txt", SAMPLE.replace("李建国", "赵文华"), {"published": "2024"})
    assert run_build(load_settings(seeds, data)).version == "1.1.0"
    return seeds, data


@pytest.fixture
def copy(two_releases: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    seeds, template = two_releases
    shutil.copytree(template, tmp_path / "data")
    return seeds, tmp_path / "data"


def index(data: Path) -> dict:
    return json.loads((data / "releases" / "index.json").read_text(encoding="utf-8"))


def releases_cli(data: Path):  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(app, ["releases", "--data", str(data)])
    assert out.exit_code == 0 and out.exception is None, out.output
    return out


def writable(path: Path) -> Path:
    path.chmod(0o644)
    return path


@pytest.mark.parametrize(
    "broken",
    ["{not json", "[1, 2, 3]", '{"releases": [{"version": "1.1.0"}]}', '{"latest": "1.0.0", "releases": []}'],
)
def test_a_broken_index_is_repaired_not_fatal(
    copy: tuple[Path, Path], broken: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, data = copy
    good = index(data)
    (data / "releases" / "index.json").write_text(broken, encoding="utf-8")
    out = releases_cli(data)
    assert [line.split()[0] for line in out.stdout.splitlines()] == ["1.0.0", "1.1.0"]
    assert index(data) == good
    (data / "releases" / "index.json").write_text(broken, encoding="utf-8")
    result = run_build(load_settings(seeds, data))
    assert not result.published and result.version == "1.1.0"
    assert index(data) == good
    err = capsys.readouterr().err
    if broken.startswith('{"latest"'):
        assert err == ""  # an index that is merely behind the folders is brought up to date silently
    else:
        assert len(err.splitlines()) == 1 and "index.json" in err and "rebuilt" in err


def test_an_index_entry_whose_folder_is_gone_is_dropped(copy: tuple[Path, Path]) -> None:
    _, data = copy
    shutil.rmtree(data / "releases" / "1.1.0")
    releases_cli(data)
    assert [e["version"] for e in index(data)["releases"]] == ["1.0.0"] and index(data)["latest"] == "1.0.0"


def test_a_full_disk_while_writing_the_index_loses_no_release(
    copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, data = copy
    write_doc(seeds, "third.txt", SAMPLE.replace("李建国", "钱立群"), {"published": "2025"})
    try:
        before = index(data)

        def full(path: Path, data: object) -> None:
            path.with_name(f".{path.name}.tmp").write_text("{", encoding="utf-8")  # a few pages written, then ENOSPC
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as m:
            m.setattr("flows.publish.versions.write_json_atomic", full)
            result = run_build(load_settings(seeds, data))
        assert result.published and result.version == "1.2.0"
        assert "could not write" in capsys.readouterr().err
        assert index(data) == before  # the index lags behind...
        assert verify_release(data / "releases" / "1.2.0") == []
        # ...until `releases` or the next build repairs it
        out = releases_cli(data)
        assert [line.split()[0] for line in out.stdout.splitlines()] == ["1.0.0", "1.1.0", "1.2.0"]
        assert index(data)["latest"] == "1.2.0" and not (data / "releases" / ".index.json.tmp").exists()
        again = run_build(load_settings(seeds, data))
        assert not again.published and again.version == "1.2.0"
    finally:
        (seeds / "third.txt").unlink()
        (seeds / "third.meta.json").unlink()


def test_a_full_disk_before_the_rename_publishes_nothing_and_the_next_build_does(
    copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, data = copy
    write_doc(seeds, "third.txt", SAMPLE.replace("李建国", "钱立群"), {"published": "2025"})
    try:

        def full(*args: object) -> str:
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as m:
            m.setattr("flows.publish.release.dumps", full)
            with pytest.raises(OSError, match="No space left"):
                run_build(load_settings(seeds, data))
        assert sorted(p.name for p in (data / "releases").iterdir() if p.is_dir()) == ["1.0.0", "1.1.0"]
        assert not list((data / ".staging").iterdir())
        assert run_build(load_settings(seeds, data)).version == "1.2.0"
        assert [e["version"] for e in index(data)["releases"]] == ["1.0.0", "1.1.0", "1.2.0"]
    finally:
        (seeds / "third.txt").unlink()
        (seeds / "third.meta.json").unlink()


DAMAGE = {
    "manifest.json not JSON": lambda f: writable(f / "manifest.json").write_text("{oops", encoding="utf-8"),
    "datapackage.json not JSON": lambda f: writable(f / "datapackage.json").write_text("<html>", encoding="utf-8"),
    "manifest.json deleted": lambda f: (f / "manifest.json").unlink(),
    "a table truncated": lambda f: writable(f / "goals.parquet").write_bytes(b"PAR1"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_newest_release_is_reported_and_builds_go_on(
    copy: tuple[Path, Path], damage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, data = copy
    DAMAGE[damage](data / "releases" / "1.1.0")
    out = releases_cli(data)
    assert "1.1.0" in out.stdout and "DAMAGED" in out.stdout
    result = run_build(load_settings(seeds, data))
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "1.1.0" in line]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("lianghui: warning: release 1.1.0 is damaged (")
    assert lines[0].endswith("); going on from 1.0.0")
    assert result.published and result.version == "1.2.0"
    manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous"] == "1.0.0"
    assert index(data)["latest"] == "1.2.0" and verify_release(result.path) == []
    again = run_build(load_settings(seeds, data))  # and the build after that has no trouble
    assert not again.published and again.version == "1.2.0"
