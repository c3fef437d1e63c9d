"""Extraction cache: a document whose name, bytes, sidecar and code are unchanged
is read back instead of processed again. Only results that passed validation
are stored.

Entries are keyed per document (sha256 of the code version, the source name and
the sha256 of the raw bytes and of the sidecar) but stored per processed batch,
as segments: ``data/.cache/extract/<segment>/`` holds one Arrow IPC file per
table (memory-mapped when read) and ``index.json`` (the documents' keys and row
offsets, the inputs rejected at ingest, and the sha256 of each Arrow file; the
index carries its own checksum, ``flows.checksum``). A segment whose index or
files do not match their checksums is dropped (and reported), and its documents
are processed again. Reading 10,000 cached documents
is then a few dozen file opens, not 10,000 unpickles, and their rows go to the
writer as Arrow slices."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from flows import checksum
from flows.build.inputs import InputRecord, RejectedRow
from flows.build.segment import Segment
from flows.publish.versions import code_key
from flows.settings import TABLES, Settings

INDEX = "index.json"


@dataclass(frozen=True)
class Hit:
    """Where a cached document's result is: rows in a segment, or a rejection."""

    segment: str | None = None
    position: int = -1
    rejection: RejectedRow | None = None


class ExtractCache:
    def __init__(self, folder: Path | None, code: str) -> None:
        self.folder, self.code = folder, code
        self._hits: dict[str, Hit] | None = None
        self._segments: dict[str, Segment | None] = {}
        self._indexes: dict[str, dict[str, Any]] = {}  # segment -> its index.json, parsed once
        self._keys: dict[tuple[str, str | None, str | None], str] = {}  # a build asks for each key several times

    def key(self, record: InputRecord) -> str:
        ident = (record["source"], record["sha256"], record.get("meta_sha256"))
        if ident not in self._keys:
            raw = "\0".join([self.code, ident[0], str(ident[1]), str(ident[2])])
            self._keys[ident] = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        return self._keys[ident]

    # ------------------------------------------------------------ read
    def _index(self) -> dict[str, Hit]:
        if self._hits is None:
            self._hits = {}
            if self.folder is not None and (self.folder.exists() or self.folder.is_symlink()):
                if not self.folder.is_dir():
                    checksum.drop(self.folder)  # a file where the cache folder should be
                    return self._hits
                for entry in sorted(os.scandir(self.folder), key=lambda e: e.name):
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        self._read_index(entry.name)
                    else:  # a file or a link where a segment should be
                        checksum.drop(Path(entry.path))
        return self._hits

    def _read_index(self, name: str) -> None:
        assert self.folder is not None and self._hits is not None
        try:
            index = checksum.open_json((self.folder / name / INDEX).read_bytes())
            hits = {key: Hit(segment=name, position=pos) for pos, key in enumerate(index["keys"])}
            hits.update({key: Hit(segment=name, rejection=row) for key, row in index["rejected"]})
            if not isinstance(index["files"], dict):
                raise TypeError("files")
        except (OSError, ValueError, KeyError, TypeError):
            checksum.drop(self.folder / name)  # damaged: its documents are processed again
            return
        self._hits.update(hits)
        self._indexes[name] = index

    def lookup(self, record: InputRecord) -> Hit | None:
        return self._index().get(self.key(record)) if self.folder is not None else None

    def has(self, record: InputRecord) -> bool:
        return self.lookup(record) is not None

    def segment(self, name: str) -> Segment | None:
        """A cached segment (memory-mapped), or None when it is gone or damaged."""
        if name not in self._segments:
            self._segments[name] = self._load(name)
        return self._segments[name]

    def _load(self, name: str) -> Segment | None:
        assert self.folder is not None
        folder = self.folder / name
        try:
            index = self._indexes.pop(name, None) or checksum.open_json((folder / INDEX).read_bytes())
            tables = {t: _read_table(folder / f"{t}.arrow", index["files"][f"{t}.arrow"]) for t in TABLES}
            segment = Segment(index["sources"], tables, index["offsets"])
            if any(tables[t].num_rows != segment.offsets[t][-1] for t in TABLES):
                raise ValueError("row counts disagree with the index")
            return segment
        except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
            checksum.drop(folder)  # damaged: its documents are processed again
            return None

    # ------------------------------------------------------------ write
    def put(self, keys: list[str], segment: Segment, rejected: list[tuple[str, RejectedRow]]) -> None:
        """Store a processed batch: ``keys`` are its documents' keys, in the segment's order."""
        if self.folder is None or not (keys or rejected):
            return
        name = hashlib.sha256("\0".join(keys + [k for k, _ in rejected]).encode()).hexdigest()[:32]
        target = self.folder / name
        if target.is_dir() and not target.is_symlink():
            return
        if target.exists() or target.is_symlink():
            checksum.drop(target)
        checksum.ensure_dir(self.folder, self.folder.parent)
        tmp = Path(tempfile.mkdtemp(dir=self.folder, prefix=".tmp-"))
        try:
            for t in TABLES:  # buffered: Arrow writes an IPC file as ~50 small pieces, each a system call
                with (
                    pa.output_stream(str(tmp / f"{t}.arrow"), compression=None, buffer_size=1 << 16) as sink,
                    pa.ipc.new_file(sink, segment.tables[t].schema) as w,
                ):
                    w.write_table(segment.tables[t])
            files = {f"{t}.arrow": _file_digest(tmp / f"{t}.arrow") for t in TABLES}
            index = {
                "keys": keys,
                "sources": segment.sources,
                "offsets": segment.offsets,
                "rejected": rejected,
                "files": files,
            }
            (tmp / INDEX).write_text(checksum.seal_json(index), encoding="utf-8")
            os.rename(tmp, target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not target.exists():
                raise

    def prune(self, used: set[str]) -> None:
        """Delete segments none of whose documents is among ``used`` keys (stale
        code or inputs), and leftovers of interrupted writes."""
        if self.folder is None or not self.folder.is_dir():
            return
        by_segment: dict[str, bool] = {}
        for key, hit in self._index().items():
            if hit.segment is not None:  # every hit has one
                by_segment[hit.segment] = by_segment.get(hit.segment, False) or key in used
        for entry in os.scandir(self.folder):
            if entry.name.startswith(".tmp-"):
                if time.time() - entry.stat().st_mtime > 3600:  # not another build's write in progress
                    shutil.rmtree(entry.path, ignore_errors=True)
            elif entry.is_dir() and by_segment.get(entry.name) is False:
                shutil.rmtree(entry.path, ignore_errors=True)


def _file_digest(path: Path) -> str:
    with pa.memory_map(str(path)) as source:
        return checksum.digest(source.read_buffer())


def _read_table(path: Path, recorded: str) -> pa.Table:
    """An Arrow IPC file, memory-mapped, once its bytes match ``recorded`` (the
    bytes checked are the mapped bytes Arrow then reads)."""
    source = pa.memory_map(str(path))
    if checksum.digest(source.read_buffer()) != recorded:
        raise ValueError(f"{path.name}: checksum mismatch")
    return pa.ipc.open_file(source).read_all()


def extract_cache(settings: Settings) -> ExtractCache:
    """The extraction cache for this code (its index is read once, on first use)."""
    return ExtractCache(settings.cache_dir, code_key())
