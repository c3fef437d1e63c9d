"""Ingest: find documents under the seeds folder, read sidecars, decode bytes,
clean text. Every input either becomes a ``Document`` or a ``Rejection``
with a reason; nothing is dropped silently."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.extract.text.clean import clean_text

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "outlet", "published", "url", "license", "language", "fetched_at", "warc_record_id")
_MAX_BAD_CHAR_SHARE = 0.01
#: control characters (Cc) but tab, line feed, carriage return and form feed; private use (Co);
#: surrogates (Cs); the replacement character
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]")


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    year: int | None
    url: str | None
    license: str | None
    language: str | None
    encoding: str
    sha256: str
    text: str
    fetched_at: str | None = None  # documents written by `lianghui fetch` (flows/fetch)
    warc_record_id: str | None = None

    @property
    def n_chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True)
class Rejection:
    source: str
    sha256: str | None
    reason: str


@dataclass(frozen=True)
class InputFile:
    """A discovered input: its path on disk and its name in the dataset."""

    path: str | Path  # discovery gives str: 10,000 Path objects cost 0.2 s
    source: str


def stable_id(prefix: str, *parts: str) -> str:
    """Short stable id hashed from raw source values."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


def stable_ids_after(*head: str) -> Callable[..., str]:
    """``ids(prefix, *tail)`` equal to ``stable_id(prefix, *head, *tail)``, for many ids
    that share ``head`` (the document and a long paragraph): the hash state after
    ``head`` is computed once and copied. Exact: SHA-256 reads its input in order,
    and the UTF-8 of a concatenation is the concatenation of the parts' UTF-8. Any
    input the plain function would fail on (not a str, not encodable, no tail) goes
    to the plain function, which raises as before."""
    try:
        state = hashlib.sha256(("\x1f".join(head) + "\x1f").encode("utf-8")) if head else None
    except (TypeError, UnicodeEncodeError):
        state = None
    if state is None:
        return lambda prefix, *tail: stable_id(prefix, *head, *tail)
    copy = state.copy

    def ids(prefix: str, *tail: str) -> str:
        try:
            data = "\x1f".join(tail).encode("utf-8") if tail else None
        except (TypeError, UnicodeEncodeError):
            data = None
        if data is None:
            return stable_id(prefix, *head, *tail)
        h = copy()
        h.update(data)
        return f"{prefix}_{h.hexdigest()[:16]}"

    return ids


def discover(seeds_dir: Path) -> tuple[list[InputFile], list[Rejection]]:
    """All ``*.txt`` files below the folder in a stable order (by source name),
    and sidecars with no document. Symbolic links to folders are not followed."""
    texts: list[tuple[str, str]] = []
    sidecars: list[str] = []
    pending = [(str(seeds_dir), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + entry.name + "/"))
                elif entry.name.endswith(".txt") and entry.is_file():
                    texts.append((prefix + entry.name, entry.path))
                elif entry.name.endswith(SIDECAR_SUFFIX) and entry.is_file():
                    sidecars.append(prefix + entry.name)
    texts.sort()
    names = {source for source, _ in texts}
    files = [InputFile(path, source) for source, path in texts]
    orphans = [Rejection(s, None, "sidecar without a matching .txt document")
               for s in sorted(sidecars) if s[: -len(SIDECAR_SUFFIX)] + ".txt" not in names]
    return files, orphans


def input_record(item: InputFile, memo: HashMemo | None = None, ahead: ReadAhead | None = None) -> dict[str, str | None]:
    """What the manifest records of an input: its name and the sha256 of its
    bytes and of its sidecar's. ``ahead``: keeps the bytes read for hashing."""
    path = str(item.path)
    sidecar = path[: -len(".txt")] + SIDECAR_SUFFIX
    if memo is not None:
        return {"source": item.source, "sha256": memo.sha256(path, ahead), "meta_sha256": memo.sha256(sidecar, ahead)}
    return {"source": item.source, "sha256": _sha256(path, ahead), "meta_sha256": _sha256(sidecar, ahead)}


def _sha256(path: str, ahead: ReadAhead | None = None) -> str | None:
    raw = _read_if_exists(path)
    if ahead is not None:
        ahead.keep(path, raw)
    return None if raw is None else hashlib.sha256(raw).hexdigest()


class ReadAhead:
    """Files read while hashing the inputs, kept for the batch that processes them,
    so that a first build reads each file once (and processes exactly the bytes
    it hashed). At most ``budget`` bytes are kept, the first files first (batches
    take them in that order); a file not kept is read again when its batch is made.
    A file found missing is remembered as missing."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._kept: dict[str, bytes | None] = {}

    def keep(self, path: str, raw: bytes | None) -> None:
        size = len(raw) if raw is not None else 0
        if self.used + size <= self.budget:
            self._kept[path] = raw
            self.used += size

    def clear(self) -> None:
        self._kept.clear()
        self.used = 0

    def take(self, path: str) -> tuple[bool, bytes | None]:
        """(True, the bytes or None when missing) for a kept file, forgotten then; else (False, None)."""
        if path not in self._kept:
            return False, None
        raw = self._kept.pop(path)
        self.used -= len(raw) if raw is not None else 0
        return True, raw


class HashMemo:
    """File hashes remembered by size, modification and change time and inode
    (what git's index does), so that an unchanged file is not read again. A file
    changed within a second of being hashed is not trusted next time: a second
    write in the same clock tick would leave its stat unchanged."""

    VERSION = 1

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, list[int | str]] = {}
        self.fresh: dict[str, list[int | str]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == self.VERSION:
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass

    def sha256(self, path: str, ahead: ReadAhead | None = None) -> str | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if ahead is not None:
                ahead.keep(path, None)
            return None
        stat = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.entries.get(path)
        if known is not None and known[:4] == stat:
            self.fresh[path] = known
            return str(known[4])
        started = time.time_ns()
        digest = _sha256(path, ahead)
        if digest is not None and max(st.st_mtime_ns, st.st_ctime_ns) < started - 1_000_000_000:
            self.fresh[path] = [*stat, digest]
        return digest

    def save(self) -> None:
        """Keep the entries of this run's files only (written atomically)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": self.VERSION, "entries": self.fresh}), encoding="utf-8")
        os.replace(tmp, self.path)


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _read_if_exists(path: str) -> bytes | None:
    try:
        return _read(path)
    except FileNotFoundError:
        return None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(".txt")] + SIDECAR_SUFFIX)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GB18030.

    Returns ``(text, encoding)``; raises ``ValueError`` with a reason when the
    bytes are empty or not text."""
    if not raw.strip():
        raise ValueError("empty file")
    if raw.startswith(b"\xef\xbb\xbf"):
        text, encoding = raw[3:].decode("utf-8"), "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = raw.decode("utf-16"), "utf-16"
    else:
        if b"\x00" in raw:
            raise ValueError("not text: NUL bytes and no UTF-16 byte-order mark")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as exc:
                raise ValueError(f"not text: neither UTF-8 nor GB18030 (byte {exc.start})") from None
    bad = len(_BAD_CHARS.findall(text))
    if bad > _MAX_BAD_CHAR_SHARE * len(text):
        raise ValueError(f"not text: {bad} control or private-use characters in {len(text)} ({encoding})")
    if not text.strip():
        raise ValueError("empty file")
    return text, encoding


def read_sidecar(path: Path) -> dict[str, str]:
    """Parse and check a sidecar file; raise ``ValueError`` naming the problem."""
    return parse_sidecar(path.read_bytes(), path.name)


def parse_sidecar(raw: bytes, name: str) -> dict[str, str]:
    """Parse and check a sidecar's bytes; raise ``ValueError`` naming the problem."""
    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"sidecar {name} is not valid UTF-8 JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise ValueError(f"sidecar {name} must hold a JSON object")
    unknown = sorted(set(meta) - set(SIDECAR_KEYS))
    if unknown:
        raise ValueError(f"sidecar {name} has unknown keys {unknown}; allowed: {list(SIDECAR_KEYS)}")
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"sidecar {name}: {key} must be a string")
    if meta.get("published"):
        parse_published(meta["published"], name)
    return {k: v for k, v in meta.items() if v}


def parse_published(value: str, where: str) -> int:
    """Check an ISO 8601 date, ``YYYY-MM`` or ``YYYY``; return the year."""
    year = _published_year(value) if type(value) is str else _parse_year(value)
    if year is None:
        raise ValueError(f"sidecar {where}: published {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return year


@lru_cache(maxsize=4096)
def _published_year(value: str) -> int | None:
    """``_parse_year``, cached: ``strptime`` costs ~0.1 ms, and many documents share a
    date (parse_sidecar and ingest_payload also ask twice for each). Only exact str
    values are cached (a str subclass could hash or compare otherwise)."""
    return _parse_year(value)


def _parse_year(value: str) -> int | None:
    """The year of an ISO 8601 date, ``YYYY-MM`` or ``YYYY``; None when it is not one."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    fmt = formats.get(len(value))
    try:
        if fmt is None:
            return None
        return dt.datetime.strptime(value, fmt).year
    except ValueError:
        return None


@dataclass(frozen=True)
class Payload:
    """An input as bytes: what a (possibly remote) worker needs to process it."""

    source: str
    raw: bytes
    meta: bytes | None  # the sidecar's bytes, if there is one


def read_payload(item: InputFile, ahead: ReadAhead | None = None) -> Payload:
    """An input's bytes and its sidecar's: those kept by ``ahead`` when it has them."""
    path = str(item.path)
    sidecar = path[: -len(".txt")] + SIDECAR_SUFFIX
    kept, raw = ahead.take(path) if ahead is not None else (False, None)
    if not kept or raw is None:
        raw = _read(path)  # a document hashed as missing is read (and fails) as before
    kept, meta = ahead.take(sidecar) if ahead is not None else (False, None)
    return Payload(item.source, raw, meta if kept else _read_if_exists(sidecar))


def ingest_one(item: InputFile) -> Document | Rejection:
    """Read, check and clean one input file."""
    return ingest_payload(read_payload(item))


def ingest_payload(payload: Payload) -> Document | Rejection:
    """Check, decode and clean one input: a pure function of its bytes."""
    sha = hashlib.sha256(payload.raw).hexdigest()
    sidecar_name = payload.source.rsplit("/", 1)[-1][: -len(".txt")] + SIDECAR_SUFFIX
    try:
        meta = parse_sidecar(payload.meta, sidecar_name) if payload.meta is not None else {}
        text, encoding = decode(payload.raw)
    except ValueError as exc:
        return Rejection(payload.source, sha, str(exc))
    cleaned = clean_text(text)
    if not cleaned:
        return Rejection(payload.source, sha, "empty file")
    published = meta.get("published")
    title = meta.get("title") or cleaned.split("\n", 1)[0][:200]
    return Document(
        doc_id=stable_id("d", payload.source),
        source=payload.source,
        title=title,
        outlet=meta.get("outlet"),
        published=published,
        year=parse_published(published, sidecar_name) if published else None,
        url=meta.get("url"),
        license=meta.get("license"),
        language=meta.get("language"),
        encoding=encoding,
        sha256=sha,
        text=cleaned,
        fetched_at=meta.get("fetched_at"),
        warc_record_id=meta.get("warc_record_id"),
    )
