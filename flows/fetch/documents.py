"""The archive as a folder of documents the build reads: ``<source>/<name>.txt`` with a
``.meta.json`` sidecar (title, outlet, published, url, license, language, fetched_at,
warc_record_id). A pure function of the archive and the registry: the same archive gives
the same files, so a rebuild from it gives the same release. What cannot become text is
listed in ``rejected.csv`` with the URL and the reason."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flows.fetch.archive import Archive, Entry
from flows.fetch.corpus import mapped, rows
from flows.fetch.registry import Source
from flows.fetch.text import Unreadable, convert


@dataclass
class Written:
    documents: int = 0
    duplicates: int = 0
    rejected: list[dict[str, str]] = field(default_factory=list)


def latest(entries: list[Entry], roles: tuple[str, ...] = ("document",)) -> dict[tuple[str, str], Entry]:
    """The newest successful entry per (source, url) of the given roles, in index order."""
    out: dict[tuple[str, str], Entry] = {}
    for e in entries:
        if e.role in roles and e.status in (200, 0):
            out[(e.source, e.url)] = e
    return out


def doc_name(url: str) -> str:
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", parts.netloc + parts.path).strip("_")[:80]
    return f"{readable}-{hashlib.sha256(url.encode()).hexdigest()[:10]}"


def write_documents(archive: Archive, sources: list[Source], out_dir: Path, rejected_csv: Path) -> Written:
    """Make ``out_dir`` hold exactly the documents of the archive (unchanged files are not rewritten)."""
    by_name = {s.name: s for s in sources}
    files: dict[str, bytes] = {}
    result = Written()
    seen_text: set[str] = set()
    current = latest(archive.entries(), ("document", "corpus"))
    for (source_name, url), entry in sorted(current.items()):
        source = by_name.get(source_name)
        if source is None:
            continue  # a source no longer in the registry
        body, headers = archive.payload(entry)
        for name, text, meta, failure in _documents_of(source, entry, body, headers):
            if failure:
                result.rejected.append({"source": source_name, "url": url, "reason": failure})
                continue
            digest = hashlib.sha256(text.encode()).hexdigest()
            if digest in seen_text:
                result.duplicates += 1
                continue
            seen_text.add(digest)
            meta.update({"fetched_at": entry.date, "warc_record_id": entry.record_id})
            meta = {k: v for k, v in meta.items() if v}
            files[f"{source_name}/{name}.txt"] = text.encode("utf-8")
            files[f"{source_name}/{name}.meta.json"] = (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode()
            result.documents += 1
    _sync(out_dir, files)
    buf = io.StringIO()
    w = csv.DictWriter(buf, ["source", "url", "reason"], lineterminator="\n")
    w.writeheader()
    w.writerows(result.rejected)
    _write_if_changed(rejected_csv, buf.getvalue().encode("utf-8"))
    return result


def _documents_of(source: Source, entry: Entry, body: bytes, headers: list[tuple[str, str]]):
    base = {"outlet": source.outlet, "license": source.license, "language": source.language}
    if entry.role == "corpus":
        stem = Path(unquote(urlsplit(entry.url).path)).stem
        try:
            all_rows = list(rows(body, urlsplit(entry.url).path, source.format))
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            yield stem, "", {}, f"corpus file cannot be read: {exc}"
            return
        for i, row in enumerate(all_rows):
            name = stem if len(all_rows) == 1 else f"{stem}-{i + 1:05d}"
            try:
                fields = mapped(row, source.mapping, f"{stem} row {i + 1}")
            except ValueError as exc:
                yield name, "", {}, str(exc)
                continue
            text = fields.pop("text", None)
            if not text or not text.strip():
                yield name, "", {}, f"row {i + 1}: empty text"
                continue
            meta = {**base, **{k: v for k, v in fields.items() if v}}
            yield name, text, meta, None
        return
    content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
    try:
        conv = convert(content_type, body, entry.url)
    except Unreadable as exc:
        yield doc_name(entry.url), "", {}, str(exc)
        return
    meta = {"title": conv.title, **base, "published": conv.published, "url": entry.url}
    yield doc_name(entry.url), conv.text, meta, None


def _sync(out_dir: Path, files: dict[str, bytes]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        _write_if_changed(out_dir / rel, data)
    for path in sorted(out_dir.rglob("*"), reverse=True):
        rel = path.relative_to(out_dir).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path)


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
