"""The fast path (worker processes, the per-document cache) gives exactly the
rows of the plain sequential path, on the seed and on a generated corpus."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.corpus import generate
from flows.pipeline import run_plain
from flows.settings import load_settings

from conftest import SEEDS

TABLE_FILES = [f"{t}.{e}" for t in ("documents", "speakers", "statements", "goals", "facts") for e in ("parquet", "csv")]


def tables(release: Path) -> dict[str, bytes]:
    return {name: (release / name).read_bytes() for name in TABLE_FILES + ["rejected.csv"]}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(folder / "gen", 40, seed=11)
    for p in SEEDS.iterdir():
        shutil.copy(p, folder / p.name)
    return folder


def build(corpus: Path, data: Path, monkeypatch: pytest.MonkeyPatch, workers: int, cache: bool) -> Path:
    monkeypatch.setenv("LIANGHUI_PARALLEL_THRESHOLD", "0")
    monkeypatch.setenv("LIANGHUI_BATCH_SIZE", "7")
    monkeypatch.setenv("LIANGHUI_CACHE", "1" if cache else "0")
    result = run_plain(load_settings(corpus, data), workers=workers)
    assert result.published
    return result.path


def test_parallel_and_cached_builds_equal_the_sequential_one(corpus: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    release = build(corpus, tmp_path / "seq", monkeypatch, workers=1, cache=False)
    assert pq.read_table(release / "documents.parquet").num_rows == 41
    sequential = tables(release)
    parallel = tables(build(corpus, tmp_path / "par", monkeypatch, workers=2, cache=True))
    assert parallel == sequential
    # the cache of the parallel build, reused by a build into a fresh data folder
    shutil.copytree(tmp_path / "par" / ".cache", tmp_path / "again" / ".cache")
    cached = tables(build(corpus, tmp_path / "again", monkeypatch, workers=2, cache=True))
    assert cached == sequential


def test_incremental_build_equals_a_build_from_scratch(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    data = tmp_path / "data"
    build(work, data, monkeypatch, workers=2, cache=True)
    changed = sorted(work.rglob("doc*.txt"))[::10]
    for p in changed:
        p.write_bytes(p.read_bytes() + "会后,代表们继续就营商环境交换意见。\n".encode("utf-8"))
    incremental = build(work, data, monkeypatch, workers=2, cache=True)
    assert incremental.name == "1.1.0"
    scratch = build(work, tmp_path / "scratch", monkeypatch, workers=1, cache=False)
    assert tables(incremental) == tables(scratch)
    changes = (incremental / "CHANGES.md").read_text(encoding="utf-8")
    assert f"| `documents` | 0 | 0 | {len(changed)} |" in changes
