"""The release machinery on the plain (Prefect-free) path: determinism,
immutability, versions, validation failures, verification."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import SAMPLE, write_doc

from flows.build.assemble import Assembler
from flows.build.batch import extract_item, screened_segment, segment_of, validate_batch
from flows.build.inputs import all_records, find_inputs
from flows.build.run import run_build
from flows.errors import LianghuiError, ValidationFailed
from flows.ingest.document import ingest_payload
from flows.ingest.files import read_payload
from flows.publish.release import Extracted, new_staging_dir, publish_release
from flows.publish.verify import verify_release
from flows.publish.versions import bump, change_kind
from flows.settings import TABLES, load_settings

FILES = {f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")} | {
    "datapackage.json",
    "SHA256SUMS",
    "manifest.json",
    "rejected.csv",
    "README.md",
    "CHANGES.md",
}


def build(seeds: Path, data: Path, version: str | None = None):
    return run_build(load_settings(seeds, data), version)


def test_release_layout_and_contract(seeds: Path, tmp_path: Path) -> None:
    result = build(seeds, tmp_path / "data")
    folder = tmp_path / "data" / "releases" / "1.0.0"
    assert result.version == "1.0.0" and result.path == folder
    assert {p.name for p in folder.iterdir()} == FILES
    assert not (tmp_path / "data" / ".staging").exists() or not any((tmp_path / "data" / ".staging").iterdir())
    index = json.loads((tmp_path / "data" / "releases" / "index.json").read_text(encoding="utf-8"))
    assert index["latest"] == "1.0.0" and [e["version"] for e in index["releases"]] == ["1.0.0"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {i["source"] for i in manifest["inputs"]} == {"000_80d172837ed42694.txt", "extra/sample.txt"}
    assert set(manifest["files"]) == FILES - {"manifest.json", "SHA256SUMS"}
    for name in TABLES:
        table = pq.read_table(folder / f"{name}.parquet")
        assert table.schema.metadata.get(b"pandas") is None
        assert all(f.metadata and f.metadata[b"description"] for f in table.schema)
        assert manifest["counts"][name] == table.num_rows
    docs = pq.read_table(folder / "documents.parquet").to_pylist()
    sample = next(d for d in docs if d["source"] == "extra/sample.txt")
    assert sample["year"] == 2024 and sample["outlet"] == "示例日报" and sample["encoding"] == "utf-8"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    speakers = next(r for r in package["resources"] if r["name"] == "speakers")
    assert {"name": "titles", "type": "array"}.items() <= next(
        f for f in speakers["schema"]["fields"] if f["name"] == "titles"
    ).items()
    assert verify_release(folder) == []


def test_two_builds_are_byte_identical(seeds: Path, tmp_path: Path) -> None:
    build(seeds, tmp_path / "a")
    build(seeds, tmp_path / "b")
    a = (tmp_path / "a" / "releases" / "1.0.0" / "SHA256SUMS").read_text()
    b = (tmp_path / "b" / "releases" / "1.0.0" / "SHA256SUMS").read_text()
    assert a == b


def test_versions_are_never_overwritten(seeds: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build(seeds, data, "2.3.4")
    before = (data / "releases" / "2.3.4" / "SHA256SUMS").read_text()
    with pytest.raises(LianghuiError, match="already exists"):
        build(seeds, data, "2.3.4")
    assert (data / "releases" / "2.3.4" / "SHA256SUMS").read_text() == before
    with pytest.raises(LianghuiError, match="not semantic"):
        build(seeds, data, "v2")


def test_unchanged_inputs_publish_nothing_and_new_inputs_bump_minor(seeds: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert build(seeds, data).version == "1.0.0"
    again = build(seeds, data)
    assert not again.published and again.version == "1.0.0"
    write_doc(seeds, "more.txt", SAMPLE.replace("李建国", "赵文华"), {"published": "2024"})
    assert build(seeds, data).version == "1.1.0"
    assert sorted(p.name for p in (data / "releases").iterdir() if p.is_dir()) == ["1.0.0", "1.1.0"]


def test_version_rules() -> None:
    assert bump(None, "minor") == "1.0.0"
    assert bump("1.2.3", "major") == "2.0.0"
    assert bump("1.2.3", "minor") == "1.3.0"
    assert bump("1.2.3", "patch") == "1.2.4"
    old = {"goals": {"value": "float64"}}
    assert change_kind(old, {"goals": {"value": "string"}}, "x", "x") == "major"
    assert change_kind(old, {"goals": {}}, "x", "x") == "major"
    assert change_kind(old, {"goals": {"value": "float64", "extra": "string"}}, "x", "x") == "minor"
    assert change_kind(old, old, "x", "y") == "minor"
    assert change_kind(old, old, "x", "x") == "patch"


def test_rejected_inputs_are_listed_and_build_goes_on(seeds: Path, tmp_path: Path) -> None:
    write_doc(seeds, "binary.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    write_doc(seeds, "badmeta.txt", "正文。", {"title": "t", "editor": "x"})
    write_doc(seeds, "blank.txt", b"\n\n")
    result = build(seeds, tmp_path / "data")
    rejected = (result.path / "rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[0] == "source,sha256,reason"
    reasons = {line.split(",")[0]: line for line in rejected[1:]}
    assert set(reasons) == {"badmeta.txt", "binary.txt", "blank.txt"}
    assert "unknown keys" in reasons["badmeta.txt"] and "not text" in reasons["binary.txt"]
    assert result.counts["documents"] == 2


def test_validation_failure_publishes_nothing(seeds: Path, tmp_path: Path) -> None:
    settings = load_settings(seeds, tmp_path / "data")
    inputs = find_inputs(seeds)
    results = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    validate_batch(results)
    assert all(not r.failures for r in results)
    rows = results[0].rows
    rows.statements.append(
        {
            "statement_id": "s_0000000000000000",
            "doc_id": rows.document["doc_id"],
            "speaker_id": "p_ffffffffffffffff",
            "text": "不对",
            "char_start": 0,
            "char_end": 2,
            "quote": "shouted",
            "cue": None,
            "attribution": "explicit",
            "section": None,
        }
    )
    rows.goals.append({"goal_id": "bad id"})
    validate_batch(results)
    segment = segment_of(results)
    staging = new_staging_dir(settings.staging_dir, "next")
    assembler = Assembler(staging)
    for r in results:
        assembler.add(r, segment, segment.sources.index(r.source) if r.source in segment.sources else -1)
    extracted = Extracted(staging, assembler.close(), [], assembler.failures, len(results))
    with pytest.raises(ValidationFailed) as info:
        publish_release(settings, all_records(inputs), extracted, None)
    message = str(info.value)
    assert "statements.quote" in message and "foreign key -> speakers" in message and "statements.text" in message
    report = Path(info.value.report_path)
    assert report.is_file() and ".staging" in report.parts
    text = report.read_text(encoding="utf-8")
    assert "goal_id" in text and results[0].source in text
    assert not (tmp_path / "data" / "releases").exists() or not any((tmp_path / "data" / "releases").iterdir())


def test_verify_names_a_changed_byte(seeds: Path, tmp_path: Path) -> None:
    folder = build(seeds, tmp_path / "data").path
    target = folder / "goals.csv"
    target.chmod(0o644)
    raw = bytearray(target.read_bytes())
    raw[-2] ^= 1
    target.write_bytes(bytes(raw))
    target.chmod(0o444)
    assert verify_release(folder) == ["goals.csv: sha256 mismatch"]
    (folder / "stray.txt").write_text("x")
    os.remove(folder / "speakers.csv")
    assert verify_release(folder) == [
        "goals.csv: sha256 mismatch",
        "speakers.csv: missing",
        "stray.txt: extra file, not in manifest.json",
    ]


def test_empty_or_missing_seeds_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(LianghuiError, match="does not exist"):
        build(tmp_path / "nope", tmp_path / "data")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LianghuiError, match="no documents"):
        build(tmp_path / "empty", tmp_path / "data")


def test_diff_between_releases(seeds: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from flows.publish.diff import diff_releases

    data = tmp_path / "data"
    build(seeds, data)
    sample = seeds / "extra" / "sample.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("1200套", "12000套"), encoding="utf-8")
    write_doc(seeds, "more.txt", SAMPLE.replace("李建国", "赵文华"), {"published": "2024"})
    assert build(seeds, data).version == "1.1.0"
    diffs = diff_releases(data / "releases" / "1.0.0", data / "releases" / "1.1.0")
    assert len(diffs["documents"].added) == 1 and not diffs["documents"].removed
    assert list(diffs["documents"].changed.values()) == [["n_chars", "sha256", "text"]]
    changes = (data / "releases" / "1.1.0" / "CHANGES.md").read_text(encoding="utf-8")
    assert changes.startswith("# Changes from 1.0.0 to 1.1.0")
    assert "| `documents` | 1 | 0 | 1 | n_chars (1), sha256 (1), text (1) |" in changes
    index = json.loads((data / "releases" / "index.json").read_text(encoding="utf-8"))
    assert index["releases"][1]["changes"]["documents"] == {
        "added": 1,
        "removed": 0,
        "changed": 1,
        "changed_columns": {"n_chars": 1, "sha256": 1, "text": 1},
    }
    assert index["releases"][0]["changes"] is None
    out = subprocess.run(
        [sys.executable, "-m", "flows.cli", "diff", "1.0.0", "1.1.0", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0 and out.stdout == changes


def _build_in_process(args: tuple[str, str]) -> tuple[str, bool]:
    result = run_build(load_settings(*args))
    return result.version, result.published


def test_overlapping_builds_never_publish_the_same_version(seeds: Path, tmp_path: Path) -> None:
    import multiprocessing

    data = tmp_path / "data"
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        outcomes = pool.map(_build_in_process, [(str(seeds), str(data))] * 2)
    assert sorted(outcomes) == [("1.0.0", False), ("1.0.0", True)]
    assert sorted(p.name for p in (data / "releases").iterdir() if p.is_dir()) == ["1.0.0"]


def test_sidecar_change_is_a_new_input(seeds: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    build(seeds, data)
    meta = seeds / "extra" / "sample.meta.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2024-03-05", "2025-03-05"), encoding="utf-8")
    result = build(seeds, data)
    assert result.published and result.version == "1.1.0"


def test_rows_that_clash_across_documents_fail_the_build(seeds: Path) -> None:
    """Ids must be unique across documents, and a speaker id names one row: the
    assembler finds both even when the clashing rows come from different batches."""
    inputs = find_inputs(seeds)
    first = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    second = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    for r in second:  # the same documents under other names, one speaker with another region
        r.source = "copy/" + r.source
        r.rows.document["source"] = r.source
        r.rows.speakers[0]["region"] = "别处"
    assembler = Assembler(new_staging_dir(seeds.parent / "data" / ".staging", "next"))
    for results in (first, second):
        validate_batch(results)
        assert all(not r.failures for r in results)
        segment = segment_of(results)
        for r in results:
            assembler.add(r, segment, segment.sources.index(r.source))
    assembler.close()
    kinds = {(f["table"], f["check"]) for f in assembler.failures}
    assert ("documents", "unique across documents") in kinds and ("statements", "unique across documents") in kinds
    assert ("speakers", "one row per speaker id") in kinds
    clash = next(f for f in assembler.failures if f["table"] == "statements")
    assert clash["source"].startswith("copy/") and clash["value"].startswith("s_")


def test_the_screened_segment_is_the_validated_one(seeds: Path) -> None:
    """A batch that passes: the Arrow screen gives the very segment pandera's path gives."""
    inputs = find_inputs(seeds)
    fast = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    slow = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    segment = screened_segment(fast)
    assert segment is not None and all(r.rows is None and not r.failures for r in fast)
    validate_batch(slow)
    expected = segment_of(slow)
    assert segment.sources == expected.sources and segment.offsets == expected.offsets
    assert all(segment.tables[t].equals(expected.tables[t]) for t in expected.tables)


@pytest.mark.parametrize("breakage", ["enum", "foreign key", "offsets", "arrow"])
def test_the_screen_leaves_a_failing_batch_to_pandera(seeds: Path, breakage: str) -> None:
    """Whatever may fail, the screen gives up (None) and leaves every row in place,
    so validate_batch reports it exactly as before."""
    inputs = find_inputs(seeds)
    results = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    statement = results[0].rows.statements[0]
    if breakage == "enum":
        statement["quote"] = "shouted"
    elif breakage == "foreign key":
        statement["speaker_id"] = "p_ffffffffffffffff"
    elif breakage == "offsets":
        statement["char_start"] += 1
    else:
        results[0].rows.goals[0]["value"] = "七"
    assert screened_segment(results) is None
    assert all(r.rows is not None for r in results)
    validate_batch(results)
    segment = segment_of(results)
    assert results[0].failures and not results[1].failures
    assert segment.sources == [results[1].source]


def test_value_arrow_refuses_fails_only_its_document(seeds: Path) -> None:
    inputs = find_inputs(seeds)
    results = [extract_item(ingest_payload(read_payload(f))) for f in inputs.files]
    results[0].rows.goals[0]["value"] = "七"  # a string where the schema has a float
    segment = segment_of(results)
    assert segment.sources == [r.source for r in results[1:]]
    assert results[0].failures[0]["table"] == "goals" and "Arrow" in results[0].failures[0]["check"]
    assert not results[1].failures


def test_new_code_that_changes_no_data_is_remembered(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New code, same data: nothing is published, and the next build of the same
    inputs and code stops before extracting anything."""
    from flows.publish import versions
    from flows.publish.versions import code_version

    data = tmp_path / "data"
    assert build(seeds, data).version == "1.0.0"
    newer = {**code_version(), "source_sha256": "0" * 64}
    monkeypatch.setattr(versions, "code_version", lambda: newer)
    checked = build(seeds, data)
    assert not checked.published and checked.version == "1.0.0" and checked.counts["documents"] == 2  # extracted
    again = build(seeds, data)
    assert not again.published and again.version == "1.0.0" and again.counts == {}  # stopped at once
    write_doc(seeds, "more.txt", SAMPLE.replace("李建国", "赵文华"), {"published": "2024"})
    assert build(seeds, data).version == "1.1.0"


def test_a_library_upgrade_is_new_code(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another version of a library that shapes the rows (a jieba word list, pypinyin's
    readings) is new code: the extraction cache and "no change since" do not reuse
    what the old one made, and the manifest and card record the versions."""
    from flows.build.cache import extract_cache
    from flows.build.workers import pending_count
    from flows.publish import versions
    from flows.publish.versions import OUTPUT_LIBRARIES, code_version

    data = tmp_path / "data"
    first = build(seeds, data)
    manifest = json.loads((first.path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["code"]["libraries"]) == set(OUTPUT_LIBRARIES)
    assert "pypinyin " + manifest["code"]["libraries"]["pypinyin"] in (first.path / "README.md").read_text(
        encoding="utf-8"
    )
    assert build(seeds, data).counts == {}  # same code: stops at once
    upgraded = {**code_version(), "libraries": {**code_version()["libraries"], "pypinyin": "99.0"}}
    monkeypatch.setattr(versions, "code_version", lambda: upgraded)
    cache = extract_cache(load_settings(seeds, data))
    assert pending_count(load_settings(seeds, data), find_inputs(seeds), cache) == 2  # nothing reused
    again = build(seeds, data)
    assert not again.published and again.counts["documents"] == 2  # extracted again, same data
