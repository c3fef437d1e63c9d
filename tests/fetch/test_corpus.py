"""Corpus files: the 25 CSV work reports of ../shared (read there, never copied) import
into the same rows as the same reports given as text files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.build.run import run_build
from flows.fetch.corpus import mapped, rows
from flows.fetch.registry import load_registry
from flows.fetch.run import run_fetch
from flows.settings import load_settings
from tests.conftest import SEEDS, SHARED

CSV = SHARED / "corpus" / "reports-2026" / "csv"
TXT = SHARED / "corpus" / "reports-2026" / "txt"


def _registry(tmp_path: Path, path: Path, fmt: str | None = None) -> Path:
    entry = next(s for s in load_registry(SEEDS / "sources.yaml") if s.name == "reports-2026-csv")
    doc = {
        "sources": [
            {
                "name": "reports",
                "kind": "corpus-file",
                "path": str(path),
                **({"format": fmt} if fmt else {}),
                "mapping": entry.mapping,
                "language": "zh-Hans",
            }
        ]
    }
    out = tmp_path / "sources.yaml"
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return out


def _keyed(release: Path, table: str) -> list[dict]:
    """Rows without ids, each pointing at its document by URL, sorted."""
    docs = pq.read_table(release / "documents.parquet").to_pylist()
    url = {d["doc_id"]: d["url"] for d in docs}
    out = []
    for r in pq.read_table(release / f"{table}.parquet").to_pylist():
        r = {k: v for k, v in r.items() if not k.endswith("_id")} | {"url": url.get(r.get("doc_id"))}
        out.append(r)
    return sorted(out, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True, default=str))


def test_csv_reports_import_like_the_txt_folder(tmp_path: Path) -> None:
    if not CSV.is_dir() or not TXT.is_dir():
        pytest.fail(f"the corpus of 2026 work reports is missing: {CSV} and {TXT} are needed")
    assert len(list(CSV.glob("*.csv"))) == 25
    result = run_fetch(_registry(tmp_path, CSV), tmp_path / "data", "reports")
    assert (result.reports[0].fetched, result.reports[0].failed) == (25, [])
    assert result.written.documents == 25 and not result.written.rejected
    from_csv = run_build(load_settings(result.documents_dir, tmp_path / "data")).path
    from_txt = run_build(load_settings(TXT, tmp_path / "data-txt")).path
    docs_csv = {d["url"]: d for d in pq.read_table(from_csv / "documents.parquet").to_pylist()}
    docs_txt = {d["url"]: d for d in pq.read_table(from_txt / "documents.parquet").to_pylist()}
    assert docs_csv.keys() == docs_txt.keys() and len(docs_csv) == 25
    for url, d in docs_txt.items():
        got = docs_csv[url]
        for col in ("text", "title", "outlet", "published", "language", "jurisdiction", "sha256"):
            assert got[col] == d[col], (url, col)
        assert got["warc_record_id"].startswith("<urn:uuid:") and got["fetched_at"]
    for table in ("goals", "facts"):
        assert _keyed(from_csv, table) == _keyed(from_txt, table), table
    # a second fetch of the same files archives nothing new
    again = run_fetch(_registry(tmp_path, CSV), tmp_path / "data", "reports")
    assert (again.reports[0].fetched, again.reports[0].unchanged) == (0, 25)


def test_jsonl_and_parquet_rows(tmp_path: Path) -> None:
    recs = [
        {
            "province": "青川省",
            "title": "第一篇",
            "publish_date": "2026-03-01",
            "source_url": "http://x/1",
            "full_text": "今年目标增长5%。",
        },
        {
            "province": "青川省",
            "title": "第二篇",
            "publish_date": "2026-03-02",
            "source_url": "http://x/2",
            "full_text": "去年增长6%。",
        },
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(recs), folder / "b.parquet")
    result = run_fetch(_registry(tmp_path, folder), tmp_path / "data", "reports")
    names = sorted(p.name for p in (result.documents_dir / "reports").glob("*.txt"))
    assert names == ["a-00001.txt", "a-00002.txt"]  # b.parquet repeats a.jsonl's texts: de-duplicated
    assert result.written.duplicates == 2
    meta = json.loads((result.documents_dir / "reports" / "a-00001.meta.json").read_text(encoding="utf-8"))
    assert meta["outlet"] == "青川省人民政府" and meta["title"] == "第一篇"


def test_mapping_names_missing_column() -> None:
    row = next(rows(b"a,b\n1,2\n", "f.csv"))
    assert mapped(row, {"text": "a", "outlet": "{b}人民政府"}, "f") == {"text": "1", "outlet": "2人民政府"}
    with pytest.raises(ValueError, match=r"mapping.outlet names column\(s\) \['c'\]"):
        mapped(row, {"text": "a", "outlet": "{b}{c}"}, "f.csv row 1")
