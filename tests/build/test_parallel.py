"""The fast path (worker processes, the per-document cache) gives exactly the
rows of the plain sequential path, on the seed and on a generated corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SEEDS

from benchmarks.corpus import generate
from flows.build.run import run_build
from flows.settings import TABLES, load_settings

TABLE_FILES = [f"{t}.{e}" for t in TABLES for e in ("parquet", "csv")]


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
    result = run_build(load_settings(corpus, data), workers=workers)
    assert result.published
    return result.path


def test_parallel_and_cached_builds_equal_the_sequential_one(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = build(corpus, tmp_path / "seq", monkeypatch, workers=1, cache=False)
    assert pq.read_table(release / "documents.parquet").num_rows == 41
    sequential = tables(release)
    parallel = tables(build(corpus, tmp_path / "par", monkeypatch, workers=2, cache=True))
    assert parallel == sequential
    # the cache of the parallel build, reused by a build into a fresh data folder
    shutil.copytree(tmp_path / "par" / ".cache", tmp_path / "again" / ".cache")
    cached = tables(build(corpus, tmp_path / "again", monkeypatch, workers=2, cache=True))
    assert cached == sequential


def test_incremental_build_equals_a_build_from_scratch(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    data = tmp_path / "data"
    build(work, data, monkeypatch, workers=2, cache=True)
    changed = sorted(work.rglob("doc*.txt"))[::10]
    for p in changed:
        p.write_bytes(p.read_bytes() + "会后,代表们继续就营商环境交换意见。\n".encode())
    incremental = build(work, data, monkeypatch, workers=2, cache=True)
    assert incremental.name == "1.1.0"
    scratch = build(work, tmp_path / "scratch", monkeypatch, workers=1, cache=False)
    assert tables(incremental) == tables(scratch)
    changes = (incremental / "CHANGES.md").read_text(encoding="utf-8")
    assert f"| `documents` | 0 | 0 | {len(changed)} |" in changes


def test_damaged_and_stale_cache_entries_are_recomputed_or_removed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    first = build(corpus, data, monkeypatch, workers=1, cache=True)
    cache = data / ".cache" / "extract"
    segments = sorted(p for p in cache.iterdir() if p.is_dir())
    assert len(segments) == 6 and all((s / "index.json").is_file() for s in segments)  # 41 documents, 7 a batch
    (segments[0] / "statements.arrow").write_bytes(b"not arrow")  # damaged: its documents are processed again
    (segments[1] / "index.json").write_text("{", encoding="utf-8")  # unreadable index: removed, recomputed
    stale = cache / ("0" * 32)
    shutil.copytree(segments[2], stale)
    index = json.loads((stale / "index.json").read_text(encoding="utf-8"))
    index["keys"] = [k[::-1] for k in index["keys"]]  # keys of no current input (older code, other inputs)
    (stale / "index.json").write_text(json.dumps(index), encoding="utf-8")
    old_layout = cache / "ab"
    old_layout.mkdir()
    (old_layout / "abcd.pickle").write_bytes(b"\x80\x05.")
    monkeypatch.setenv("LIANGHUI_CACHE", "1")
    result = run_build(load_settings(corpus, data), version="1.0.1", workers=1)
    assert tables(result.path) == tables(first)
    assert not stale.exists() and not old_layout.exists() and not segments[0].exists()
    assert json.loads((segments[1] / "index.json").read_text(encoding="utf-8"))["keys"]  # rewritten by the rebuild
    left = [p for p in cache.iterdir() if p.is_dir()]
    assert all((p / "index.json").is_file() for p in left)
    assert sum(len(json.loads((p / "index.json").read_text(encoding="utf-8"))["keys"]) for p in left) >= 41


def test_the_warm_up_document_exercises_every_stage() -> None:
    """Workers fork from a process that ran this document through every stage;
    it must give statements, speakers, goals and facts (else the warm-up would
    leave first-call costs to the workers) and no failure."""
    from flows.build.batch import process_batch
    from flows.build.workers import SAMPLE
    from flows.ingest.document import Payload

    batch = process_batch([Payload("warm-up.txt", SAMPLE.encode("utf-8"), None)])
    assert not batch.results[0].failures and batch.results[0].rejection is None
    rows = {t: batch.segment.tables[t].num_rows for t in ("speakers", "statements", "goals", "facts")}
    assert all(n > 0 for n in rows.values()), rows


def test_builds_with_and_without_read_ahead_are_identical(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIANGHUI_READ_AHEAD_MB", "0")  # every file read twice: to hash it, then for its batch
    twice = tables(build(corpus, tmp_path / "twice", monkeypatch, workers=2, cache=False))
    monkeypatch.setenv("LIANGHUI_READ_AHEAD_MB", "64")
    once = tables(build(corpus, tmp_path / "once", monkeypatch, workers=2, cache=False))
    assert once == twice
