"""``verify`` checks every file against manifest.json (names, sizes, sha256), the
manifest against index.json's manifest_sha256 and its counts against the tables,
and reports extra and writable files: rewriting SHA256SUMS hides nothing (D14)."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from flows.build.run import run_build
from flows.cli import app
from flows.publish.verify import verify_release
from flows.settings import load_settings


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tamper")
    shutil.copytree(ROOT / "seeds", base / "seeds")
    run_build(load_settings(base / "seeds", base / "data"))
    return base / "data"


def rewrite_sums(folder: Path) -> None:
    """What a tamperer does next: SHA256SUMS made to match the files as they now are."""
    names = [line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()]
    sums = "".join(
        f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names if (folder / n).exists()
    )
    writable(folder / "SHA256SUMS").write_text(sums)
    (folder / "SHA256SUMS").chmod(0o444)


def writable(path: Path) -> Path:
    path.chmod(0o644)
    return path


def flip_byte(folder: Path) -> None:
    raw = bytearray((folder / "goals.csv").read_bytes())
    raw[len(raw) // 2] ^= 1
    writable(folder / "goals.csv").write_bytes(bytes(raw))
    (folder / "goals.csv").chmod(0o444)
    rewrite_sums(folder)


def delete_with_line(folder: Path) -> None:
    (folder / "goals.csv").unlink()
    rewrite_sums(folder)


def edit_counts(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["counts"]["goals"] += 5
    writable(folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "manifest.json").chmod(0o444)
    rewrite_sums(folder)


def flip_byte_and_manifest(folder: Path) -> None:
    """The thorough tamperer: the file, its manifest entry and SHA256SUMS all rewritten."""
    flip_byte(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["goals.csv"]["sha256"] = hashlib.sha256((folder / "goals.csv").read_bytes()).hexdigest()
    writable(folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "manifest.json").chmod(0o444)
    rewrite_sums(folder)


def manifest_not_json(folder: Path) -> None:
    writable(folder / "manifest.json").write_text("{oops")
    (folder / "manifest.json").chmod(0o444)
    rewrite_sums(folder)


def extra_file(folder: Path) -> None:
    (folder / "notes.txt").write_text("added later")
    (folder / "notes.txt").chmod(0o444)


def writable_file(folder: Path) -> None:
    (folder / "facts.csv").chmod(0o664)


TAMPER: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "flipped byte, SHA256SUMS rewritten": (
        flip_byte,
        ["goals.csv: sha256 mismatch", "goals.csv: SHA256SUMS disagrees"],
    ),
    "goals.csv deleted with its line": (delete_with_line, ["goals.csv: missing"]),
    "manifest counts edited": (
        edit_counts,
        ["manifest.json: sha256 differs from index.json", "manifest.json: counts.goals is"],
    ),
    "flipped byte, manifest and SHA256SUMS rewritten": (
        flip_byte_and_manifest,
        ["manifest.json: sha256 differs from index.json"],
    ),
    "manifest not JSON, SHA256SUMS rewritten": (
        manifest_not_json,
        ["manifest.json: sha256 differs from index.json", "manifest.json: not JSON"],
    ),
    "extra file": (extra_file, ["notes.txt: extra file, not in manifest.json"]),
    "writable file": (writable_file, ["facts.csv: writable"]),
}


@pytest.mark.parametrize("tamper", list(TAMPER))
def test_verify_catches_tampering(template: Path, tmp_path: Path, tamper: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(template, data)
    folder = data / "releases" / "1.0.0"
    assert CliRunner().invoke(app, ["verify", "1.0.0", "--data", str(data)]).exit_code == 0
    recorded = json.loads((data / "releases" / "index.json").read_text())["releases"][0]["manifest_sha256"]
    change, expected = TAMPER[tamper]
    change(folder)
    problems = verify_release(folder, recorded)
    for want in expected:
        assert any(p.startswith(want) for p in problems), (want, problems)
    out = CliRunner().invoke(app, ["verify", "1.0.0", "--data", str(data)])
    assert out.exit_code == 1
    assert all(f"FAILED {folder / p}" in out.stderr for p in problems), out.stderr
    assert "Traceback" not in out.output
