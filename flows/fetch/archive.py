"""The raw archive under ``data/raw/``: every request and response as WARC records
(warcio, with block and payload digests), append-only.

Crash safety: a run writes one file, ``warc/<run>.warc.gz.open``, each record a gzip
member, a request and its response in one write, fsynced; then a line in ``index.jsonl``
naming the response's file and offset. Closing renames the file to ``.warc.gz``. A run
killed at any point leaves every ``.warc.gz`` intact and an ``.open`` file whose records
up to the last complete one are readable; the next run truncates that file after its last
complete record and renames it (``recover``), and index lines pointing past the end (or
cut short) are ignored."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OPEN_SUFFIX = ".warc.gz.open"


@dataclass(frozen=True)
class Entry:
    """One archived exchange, as ``index.jsonl`` records it."""

    source: str
    url: str
    status: int  # HTTP status, 0 for a local file
    record_id: str  # WARC-Record-ID of the response (or resource) record
    date: str  # WARC-Date
    file: str  # relative to the archive folder
    offset: int
    sha256: str  # of the payload (body after content decoding)
    content_type: str
    etag: str | None = None
    last_modified: str | None = None
    role: str = "document"  # document, list (a page, feed or sitemap of links), robots, corpus


class Archive:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.warc_dir = self.root / "warc"
        self.index_path = self.root / "index.jsonl"
        self._file: io.BufferedWriter | None = None
        self._index_file: io.TextIOWrapper | None = None
        self._name: str | None = None

    # --- writing -------------------------------------------------------------------------
    def open(self) -> None:
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        recover(self.root)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        self._name = f"{stamp}-{uuid.uuid4().hex[:8]}"
        self._file = open(self.warc_dir / (self._name + OPEN_SUFFIX), "ab")  # noqa: SIM115

    def close(self) -> None:
        if self._file is None:
            return
        self._file.close()
        if self._index_file is not None:
            os.fsync(self._index_file.fileno())
            self._index_file.close()
            self._index_file = None
        path = self.warc_dir / (self._name + OPEN_SUFFIX)
        if path.stat().st_size:
            os.replace(path, self.warc_dir / (self._name + ".warc.gz"))
        else:
            path.unlink()
        _fsync_dir(self.warc_dir)
        self._file = None

    def __enter__(self) -> Archive:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write_exchange(
        self,
        source: str,
        url: str,
        request_headers: list[tuple[str, str]],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        role: str = "document",
    ) -> Entry:
        """Append a request and its response (``body`` as decoded by the client; the
        headers say so: Content-Encoding and Transfer-Encoding are dropped, the length set)."""
        assert self._file is not None, "archive not open"
        writer = WARCWriter(self._file, gzip=True)
        target = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        req = writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET /{target} HTTP/1.1", request_headers, is_http_request=True),
        )
        skip = {"content-encoding", "transfer-encoding", "content-length"}
        headers = [(k, v) for k, v in response_headers if k.lower() not in skip]
        headers.append(("Content-Length", str(len(body))))
        resp = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(f"{status} {reason or 'Status'}", headers, protocol="HTTP/1.1"),
        )
        resp.rec_headers.add_header("WARC-Concurrent-To", req.rec_headers.get_header("WARC-Record-ID"))
        req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
        offset = self._append(req, resp)
        low = {k.lower(): v for k, v in response_headers}
        return self._index(
            Entry(
                source=source,
                url=url,
                status=status,
                record_id=resp.rec_headers.get_header("WARC-Record-ID"),
                date=resp.rec_headers.get_header("WARC-Date"),
                file=f"warc/{self._name}.warc.gz",
                offset=offset,
                sha256=hashlib.sha256(body).hexdigest(),
                content_type=low.get("content-type", ""),
                etag=low.get("etag"),
                last_modified=low.get("last-modified"),
                role=role,
            )
        )

    def write_request(self, url: str, request_headers: list[tuple[str, str]]) -> None:
        """Append a request that got no response (a timeout, a refused connection)."""
        assert self._file is not None, "archive not open"
        target = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        req = WARCWriter(self._file, gzip=True).create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"GET /{target} HTTP/1.1", request_headers, is_http_request=True),
        )
        self._append(req)

    def write_resource(self, source: str, url: str, body: bytes, content_type: str) -> Entry:
        """Append a local file (a corpus file) as a resource record."""
        assert self._file is not None, "archive not open"
        writer = WARCWriter(self._file, gzip=True)
        rec = writer.create_warc_record(
            url, "resource", payload=io.BytesIO(body), warc_content_type=content_type or "application/octet-stream"
        )
        offset = self._append(rec)
        return self._index(
            Entry(
                source=source,
                url=url,
                status=0,
                record_id=rec.rec_headers.get_header("WARC-Record-ID"),
                date=rec.rec_headers.get_header("WARC-Date"),
                file=f"warc/{self._name}.warc.gz",
                offset=offset,
                sha256=hashlib.sha256(body).hexdigest(),
                content_type=content_type,
                role="corpus",
            )
        )

    def _append(self, *records: object) -> int:
        """Write records (each one gzip member) in one write, then fsync; the offset of the last."""
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=True)
        last = 0
        for record in records:
            last = buf.tell()
            writer.write_record(record)
        assert self._file is not None
        offset = self._file.tell()
        self._file.write(buf.getvalue())
        self._file.flush()
        os.fsync(self._file.fileno())
        return offset + last

    def _index(self, entry: Entry) -> Entry:
        """Append the entry's line (not fsynced: a line lost with a crash only means that page
        is fetched again; a line cut short is skipped when read)."""
        if self._index_file is None:
            self._index_file = open(self.index_path, "a", encoding="utf-8")  # noqa: SIM115
        self._index_file.write(json.dumps(entry.__dict__, ensure_ascii=False, sort_keys=True) + "\n")
        self._index_file.flush()
        return entry

    # --- reading -------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """The index in the order written; lines cut by a crash, or naming records lost
        with a crash, are skipped."""
        if not self.index_path.exists():
            return []
        sizes: dict[str, int] = {}
        out = []
        for line in self.index_path.read_text(encoding="utf-8").splitlines():
            try:
                entry = Entry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            if entry.file not in sizes:
                path = self.root / entry.file
                if not path.exists():
                    path = self.root / (entry.file[: -len(".warc.gz")] + OPEN_SUFFIX)
                sizes[entry.file] = path.stat().st_size if path.exists() else -1
            if entry.offset < sizes[entry.file]:
                out.append(entry)
        return out

    def payload(self, entry: Entry) -> tuple[bytes, list[tuple[str, str]]]:
        """The body and HTTP headers of an archived response (or a resource's bytes)."""
        path = self.root / entry.file
        if not path.exists():
            path = self.root / (entry.file[: -len(".warc.gz")] + OPEN_SUFFIX)
        with open(path, "rb") as f:
            f.seek(entry.offset)
            for record in ArchiveIterator(f):
                headers = record.http_headers.headers if record.http_headers else []
                return record.content_stream().read(), headers
        raise ValueError(f"no record at {entry.file}:{entry.offset}")


def iter_records(path: Path | str) -> Iterator[object]:
    """Every record of a WARC file (warcio checks each member)."""
    with open(path, "rb") as f:
        yield from ArchiveIterator(f, check_digests=True)


def recover(root: Path | str) -> list[Path]:
    """Close the files of runs that were killed: keep each up to its last complete record."""
    warc_dir = Path(root) / "warc"
    done = []
    for path in sorted(warc_dir.glob("*" + OPEN_SUFFIX)):
        good = _complete_length(path)
        with open(path, "r+b") as f:
            f.truncate(good)
            f.flush()
            os.fsync(f.fileno())
        final = path.with_name(path.name[: -len(".open")])
        if good:
            os.replace(path, final)
            done.append(final)
        else:
            path.unlink()
    if done:
        _fsync_dir(warc_dir)
    return done


def _complete_length(path: Path) -> int:
    """Bytes of ``path`` up to the end of its last complete gzip member (each member is one
    record written in one write, so a member cut short is the crash's)."""
    data = path.read_bytes()
    good = 0
    while good < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            d.decompress(data[good:])
        except zlib.error:
            break
        if not d.eof:
            break
        good = len(data) - len(d.unused_data)
    return good


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
