"""The cache corruption matrix (D12): for every cache a build reads, flipped bytes,
truncation, an edit, a directory where a file was or a file where a directory was.
The next build succeeds, the damaged entry is dropped, recomputed and counted in
the build's result (``BuildResult.damaged``, printed in its summary), and the
release equals one built from scratch.

Caches read afresh by every build (``data/.cache/…``, the accuracy scores) are
damaged between builds in this process; those a process reads once (the schema
facts, the pinyin index) are damaged between builds in new processes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, SEEDS, build_in_new_process, write_doc

from flows import checksum
from flows.build.cache import ExtractCache
from flows.build.inputs import find_inputs
from flows.build.run import run_build
from flows.publish.versions import code_key, inputs_digest
from flows.settings import TABLES, load_settings

VERSION = "1.0.1"  # every damaged build publishes this version after the template's 1.0.0


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/, data/ (release 1.0.0 and a warm data/.cache) and home/ (a warm user cache)."""
    root = tmp_path_factory.mktemp("template")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    write_doc(seeds, "extra/sample.txt", SAMPLE, {"outlet": "示例日报", "published": "2024-03-05"})
    time.sleep(1.1)  # files changed within a second of being hashed are not remembered (HashMemo)
    build_in_new_process(seeds, root / "data", root / "home", "1.0.0")
    assert len(json.loads((root / "data" / ".cache" / "input-hashes.json").read_bytes())["entries"]) == 4
    return root


@pytest.fixture(scope="module")
def scratch(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same release built with no cache at all."""
    root = tmp_path_factory.mktemp("scratch")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root / "home"))
        mp.setenv("LIANGHUI_CACHE", "0")
        return run_build(load_settings(template / "seeds", root / "data"), version=VERSION, workers=1).path


@pytest.fixture
def case(template: Path, tmp_path: Path) -> Path:
    """A copy of the template's data/ and home/ to damage (the seeds are shared, unchanged)."""
    shutil.copytree(template / "data", tmp_path / "data", symlinks=True)
    shutil.copytree(template / "home", tmp_path / "home", symlinks=True)
    return tmp_path


def _same_release(path: Path, scratch: Path) -> None:
    """The same files as the release built from scratch (but for the version, when they differ in it)."""
    same_version = path.name == scratch.name
    for name in [f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")] + ["rejected.csv", "datapackage.json"][
        : 2 if same_version else 1
    ]:
        assert (path / name).read_bytes() == (scratch / name).read_bytes(), name
    got, want = (json.loads((p / "manifest.json").read_text(encoding="utf-8")) for p in (path, scratch))
    for key in ("inputs", "inputs_sha256", "counts", "code", "accuracy"):
        assert got[key] == want[key], key


# ---------------------------------------------------------------- damage
def flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def to_dir(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "junk").write_text("junk", encoding="utf-8")


def to_file(path: Path) -> None:
    shutil.rmtree(path)
    path.write_text("not a folder", encoding="utf-8")


def wrong_hashes(path: Path) -> None:
    """Edit the remembered hashes (JSON stays valid, the checksum is not updated)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in data["entries"].items():
        data["entries"][name] = entry.rpartition(" ")[0] + " " + "0" * 64
    path.write_text(json.dumps(data), encoding="utf-8")


def wrong_description(path: Path) -> None:
    """Edit a column description in the schema facts (JSON stays valid)."""
    path.write_text(path.read_text(encoding="utf-8").replace('"description": "', '"description": "EDITED ', 1))


def wrong_pinyin(path: Path) -> None:
    """Alter every romanisation in the pinyin index (a valid SQLite file)."""
    path.chmod(0o644)
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE entry SET syllables = 'x' || syllables WHERE syllables IS NOT NULL")
    db.close()


# ---------------------------------------------------------------- where
def segment(root: Path) -> Path:
    found = sorted(p for p in (root / "data" / ".cache" / "extract").iterdir() if p.is_dir())
    assert found
    return found[0]


def extract(root: Path) -> Path:
    return root / "data" / ".cache" / "extract"


def hashes(root: Path) -> Path:
    return root / "data" / ".cache" / "input-hashes.json"


def data_cache(root: Path) -> Path:
    return root / "data" / ".cache"


def accuracy_folder(root: Path) -> Path:
    return root / "home" / "lianghui" / "accuracy"


def accuracy(root: Path) -> Path:
    (found,) = accuracy_folder(root).glob("*.json")
    return found


def schemas(root: Path) -> Path:
    (found,) = (root / "home" / "lianghui").glob("schemas-*.json")
    return found


def pinyin(root: Path) -> Path:
    (found,) = (root / "home" / "lianghui").glob("pinyin-*.sqlite")
    return found


Where = Callable[[Path], Path]

# (cache entry, damage, the entry the build reports as damaged)
IN_PROCESS: list[tuple[Where, Callable[[Path], None], Where]] = [
    (lambda r: segment(r) / "documents.arrow", flip, segment),  # was: ArrowInvalid, or invalid UTF-8 published
    (lambda r: segment(r) / "statements.arrow", truncate, segment),
    (lambda r: segment(r) / "goals.arrow", to_dir, segment),
    (lambda r: segment(r) / "index.json", flip, segment),
    (lambda r: segment(r) / "index.json", truncate, segment),
    (lambda r: segment(r) / "index.json", to_dir, segment),
    (segment, to_file, segment),
    (extract, to_file, extract),  # was: FileExistsError
    (hashes, wrong_hashes, hashes),  # was: a wrong input sha256 published in the manifest
    (hashes, flip, hashes),
    (hashes, truncate, hashes),
    (hashes, to_dir, hashes),
    (data_cache, to_file, data_cache),
    (accuracy, flip, accuracy),  # was: JSONDecodeError
    (accuracy, truncate, accuracy),
    (accuracy, to_dir, accuracy),
    (accuracy_folder, to_file, accuracy_folder),
]
IN_PROCESS_IDS = [
    "arrow-flip",
    "arrow-truncated",
    "arrow-dir",
    "index-flip",
    "index-truncated",
    "index-dir",
    "segment-file",
    "extract-file",
    "hashes-edited",
    "hashes-flip",
    "hashes-truncated",
    "hashes-dir",
    "data-cache-file",
    "accuracy-flip",
    "accuracy-truncated",
    "accuracy-dir",
    "accuracy-folder-file",
]


@pytest.mark.parametrize(("where", "damage", "reported"), IN_PROCESS, ids=IN_PROCESS_IDS)
def test_a_damaged_cache_entry_is_dropped_recomputed_and_counted(
    template: Path,
    scratch: Path,
    case: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: Where,
    damage: Callable[[Path], None],
    reported: Where,
) -> None:
    expected = reported(case)
    damage(where(case))
    monkeypatch.setenv("XDG_CACHE_HOME", str(case / "home"))
    monkeypatch.setenv("LIANGHUI_CACHE", "1")
    checksum.take_damaged()  # what earlier tests of this process found
    result = run_build(load_settings(template / "seeds", case / "data"), version=VERSION, workers=1)
    assert str(expected) in result.damaged, result.damaged
    _same_release(result.path, scratch)
    # recomputed: every input's rows are cached again and the JSON caches read back whole
    cache = ExtractCache(extract(case), code_key())
    records = find_inputs(template / "seeds").records
    assert all(cache.lookup(r) is not None for r in records)
    assert cache.segment(segment(case).name) is not None
    assert checksum.read_json(hashes(case)) is not None
    assert checksum.read_json(accuracy(case)) is not None
    assert checksum.take_damaged() == []  # reading them back found nothing damaged


NEW_PROCESS = [
    (schemas, flip, True),
    (schemas, wrong_description, True),  # an edit that would be published in datapackage.json
    (schemas, to_dir, True),
    (pinyin, wrong_pinyin, True),  # was: altered pinyin rows published
    (pinyin, truncate, True),
    # a directory in the index's place: pypinyin answers (same rows); the index is not rebuilt there
    (pinyin, to_dir, False),
]


@pytest.mark.parametrize(
    ("where", "damage", "counted"),
    NEW_PROCESS,
    ids=["schemas-flip", "schemas-edited", "schemas-dir", "pinyin-edited", "pinyin-truncated", "pinyin-dir"],
)
def test_a_damaged_user_cache_file_is_read_from_its_source_again(
    template: Path, scratch: Path, case: Path, where: Where, damage: Callable[[Path], None], counted: bool
) -> None:
    target = where(case)
    damage(target)
    shutil.rmtree(extract(case))  # so that the documents are extracted (romanised) again
    result = build_in_new_process(template / "seeds", case / "data", case / "home", VERSION)
    assert (str(target) in result["damaged"]) is counted, result["damaged"]
    _same_release(Path(result["path"]), scratch)
    again = build_in_new_process(template / "seeds", case / "data", case / "home", "1.0.2")
    assert again["damaged"] == [], "the damaged file was replaced by a good one"
    _same_release(Path(again["path"]), scratch)


def test_an_edited_same_data_record_does_not_stop_a_build(
    template: Path, case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """same-data.json says "these inputs and this code give release X": edited to claim
    changed inputs, it would make the build say "no change since" and publish nothing."""
    seeds = tmp_path / "seeds"
    shutil.copytree(template / "seeds", seeds)
    monkeypatch.setenv("XDG_CACHE_HOME", str(case / "home"))
    monkeypatch.setenv("LIANGHUI_CACHE", "1")
    settings = load_settings(seeds, case / "data")
    sample = seeds / "extra" / "sample.txt"
    sample.write_text(SAMPLE + "\n会后,代表们继续交换意见。\n", encoding="utf-8")
    records = [{**r} for r in find_inputs(seeds).records]
    checksum.write_json(
        settings.checked_path, {"version": "1.0.0", "inputs_sha256": inputs_digest(records[:1]), "code": code_key()}
    )
    data = json.loads(settings.checked_path.read_text(encoding="utf-8"))
    data["inputs_sha256"] = inputs_digest(records)  # the edit: the checksum still covers the old digest
    settings.checked_path.write_text(json.dumps(data), encoding="utf-8")
    checksum.take_damaged()
    result = run_build(settings, workers=1)
    assert result.published and result.version == "1.1.0"
    assert str(settings.checked_path) in result.damaged


def test_the_build_summary_counts_damaged_entries(tmp_path: Path) -> None:
    """The flow's summary artifact lists them (checked in a new process: importing the
    flow configures Prefect's environment)."""
    code = """
from pathlib import Path
from flows.settings import configure_prefect_env
configure_prefect_env()
from flows.flow import summary_markdown
from flows.publish.release import BuildResult
for published in (True, False):
    result = BuildResult("1.0.1", Path("nowhere"), {"goals": 1}, [], published, damaged=("data/.cache/x",))
    print(summary_markdown(result))
"""
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.count("Damaged cache entries dropped and recomputed: 1") == 2
    assert out.stdout.count("- `data/.cache/x`") == 2
