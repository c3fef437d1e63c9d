"""Ingest: find documents under the seeds folder, read sidecars, decode bytes,
clean text. Every input either becomes a ``Document`` or a ``Rejection``
with a reason; nothing is dropped silently."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flows import checksum
from flows.errors import LianghuiError
from flows.extract.text.clean import clean_text

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "outlet", "published", "url", "license", "language", "fetched_at", "warc_record_id")
_MAX_BAD_CHAR_SHARE = 0.01
#: control characters (Cc) but tab, line feed, carriage return and form feed; private use (Co);
#: surrogates (Cs); the replacement character
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]")
#: a sidecar holds a few short strings: anything larger is refused unread (a link to /dev/zero, a 10 MB title)
SIDECAR_MAX_BYTES = 64 << 10
#: longest value of each sidecar field, in characters
SIDECAR_MAX_CHARS = {
    "title": 500,
    "outlet": 200,
    "published": 10,
    "url": 2000,
    "license": 200,
    "language": 35,
    "fetched_at": 40,
    "warc_record_id": 100,
}
#: the forms of the fields `lianghui fetch` writes: an ISO 8601 UTC time and a WARC record id
_FETCHED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
_WARC_RECORD_ID = re.compile(r"<urn:[A-Za-z0-9][A-Za-z0-9:._-]*>")
#: not allowed in a sidecar value: control characters (Cc, tab and line breaks included), line and
#: paragraph separators, bidirectional embeddings, overrides and isolates, surrogates, private use
_BAD_META_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]"
)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
#: a decoded text whose Han characters are less than this share common ones is refused as
#: implausible Chinese (bytes in another encoding read as GB18030, such as Shift-JIS). Real
#: documents (seeds/, tests/corpus/, the 25 reports of 2026) score 0.992 or more; Shift-JIS
#: Japanese read as GB18030 scores 0.13-0.22
MIN_COMMON_HAN_SHARE = 0.8
#: fewer Han characters than this are too few to measure
_MIN_HAN_MEASURED = 10


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


def discover(seeds_dir: Path, links_outside: bool = False) -> tuple[list[InputFile], list[Rejection]]:
    """All ``*.txt`` files below the folder in a stable order (by source name), and
    the inputs refused unread: sidecars with no document, and documents that are not
    regular files (a FIFO, a device, a dangling symbolic link or a loop), whose
    sidecar is not one, or that are symbolic links leaving the seeds folder (allowed
    with ``links_outside``). Symbolic links to folders are not followed."""
    root = os.path.realpath(seeds_dir)
    texts: list[tuple[str, str]] = []
    refused: dict[str, str] = {}  # source of a document -> why it is not read
    sidecars: dict[str, str | None] = {}  # source of a sidecar -> why it cannot be read, or None
    pending = [(str(seeds_dir), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            listing = os.scandir(folder)
        except OSError as exc:
            if not prefix:
                raise  # the seeds folder itself
            refused[prefix] = f"folder cannot be listed: {_os_reason(exc)}"
            continue
        with listing as entries:
            for entry in entries:
                source = prefix + entry.name
                is_text, is_sidecar = entry.name.endswith(".txt"), entry.name.endswith(SIDECAR_SUFFIX)
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, source + "/"))
                    if is_sidecar:
                        sidecars[source] = "not a regular file: a directory"
                elif is_text or is_sidecar:
                    problem = _entry_problem(entry, root, links_outside)
                    if is_sidecar:
                        sidecars[source] = problem
                    elif problem is None:
                        texts.append((source, entry.path))
                    else:
                        refused[source] = problem
    texts.sort()
    names = {source for source, _ in texts} | set(refused)
    files: list[InputFile] = []
    rejections = [Rejection(source, None, reason) for source, reason in refused.items()]
    for source, path in texts:
        meta = source[: -len(".txt")] + SIDECAR_SUFFIX
        if sidecars.get(meta) is not None:
            rejections.append(Rejection(source, None, f"sidecar {meta.rsplit('/', 1)[-1]}: {sidecars[meta]}"))
        else:
            files.append(InputFile(path, source))
    rejections += [
        Rejection(s, None, "sidecar without a matching .txt document")
        for s in sidecars
        if s[: -len(SIDECAR_SUFFIX)] + ".txt" not in names
        and not (sidecars[s] or "").endswith("a directory")  # a folder named x.meta.json is a folder
    ]
    return files, sorted(rejections, key=lambda r: r.source)


def _entry_problem(entry: os.DirEntry[str], root: str, links_outside: bool) -> str | None:
    """Why a document or sidecar found in the seeds folder is not read, or None."""
    if not entry.is_symlink() and entry.is_file(follow_symlinks=False):
        return None  # the usual case, told by the folder listing alone
    try:
        mode = entry.stat(follow_symlinks=True).st_mode
    except FileNotFoundError:
        return "dangling symbolic link (its target does not exist)"
    except OSError as exc:
        return _os_reason(exc)
    if entry.is_symlink() and not links_outside:
        target = os.path.realpath(entry.path)
        if os.path.commonpath([root, target]) != root:
            return "symbolic link to a file outside the seeds folder (refused)"
    if not stat.S_ISREG(mode):
        return f"not a regular file: {_kind(mode)}"
    return None


def input_record(
    item: InputFile, memo: HashMemo | None = None, ahead: ReadAhead | None = None
) -> dict[str, str | None]:
    """What the manifest records of an input: its name and the sha256 of its
    bytes and of its sidecar's. ``ahead``: keeps the bytes read for hashing.
    Raises ``Unreadable`` with the reason when the document (no longer there,
    not a regular file, permission denied) or its sidecar (also: too large)
    cannot be read."""
    path = str(item.path)
    sidecar = path[: -len(".txt")] + SIDECAR_SUFFIX
    sha256 = memo.sha256 if memo is not None else _sha256
    digest = sha256(path, ahead)
    if digest is None:
        raise Unreadable("no such file (removed while the build was running)")
    try:
        meta = sha256(sidecar, ahead, SIDECAR_MAX_BYTES)
    except Unreadable as exc:
        raise Unreadable(f"sidecar {os.path.basename(sidecar)}: {exc}") from None
    return {"source": item.source, "sha256": digest, "meta_sha256": meta}


def _sha256(path: str, ahead: ReadAhead | None = None, limit: int | None = None) -> str | None:
    raw = _read_if_exists(path, limit)
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
        data = checksum.read_json(path)  # None when missing or damaged (then dropped: every file is hashed)
        if data is not None and data.get("version") == self.VERSION and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]

    def sha256(self, path: str, ahead: ReadAhead | None = None, limit: int | None = None) -> str | None:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):  # missing (None), or Unreadable with the reason
            return _sha256(path, ahead, limit)
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        known = self.entries.get(path)
        if known is not None and known[:4] == key:
            self.fresh[path] = known
            return str(known[4])
        started = time.time_ns()
        digest = _sha256(path, ahead, limit)
        if digest is not None and max(st.st_mtime_ns, st.st_ctime_ns) < started - 1_000_000_000:
            self.fresh[path] = [*key, digest]
        return digest

    def save(self) -> None:
        """Keep the entries of this run's files only (written atomically)."""
        checksum.write_json(self.path, {"version": self.VERSION, "entries": self.fresh}, self.path.parent)


class Unreadable(Exception):
    """An input that is not read: not a regular file, too large, or an error from the
    system (permission, symbolic link loop). The reason goes to ``rejected.csv``."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENXIO:
        return "not a regular file (a socket or a device with nothing behind it)"
    return f"cannot be read: {exc.strerror or exc}"


def _read(path: str, limit: int | None = None) -> bytes:
    """The bytes of a regular file. Opened without blocking (a FIFO with no writer
    does not hang) and checked on the open file, so that no FIFO, device or folder
    is ever read; ``limit``: more bytes than this are refused unread. Raises
    ``FileNotFoundError`` when nothing is there, ``Unreadable`` otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable("dangling symbolic link (its target does not exist)") from None
        raise
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(f"not a regular file: {_kind(st.st_mode)}")
        if limit is not None and st.st_size > limit:
            raise Unreadable(f"larger than {limit} bytes ({st.st_size})")
        chunks = []
        size = 0
        while chunk := os.read(fd, max(st.st_size - size, 0) + (1 << 16)):
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                raise Unreadable(f"larger than {limit} bytes")
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    finally:
        os.close(fd)


def _read_if_exists(path: str, limit: int | None = None) -> bytes | None:
    try:
        return _read(path, limit)
    except FileNotFoundError:
        return None


def _read_sidecar(path: str) -> bytes | None:
    """A sidecar's bytes (None when there is none); ``Unreadable`` names the sidecar."""
    try:
        return _read_if_exists(path, SIDECAR_MAX_BYTES)
    except Unreadable as exc:
        raise Unreadable(f"sidecar {os.path.basename(path)}: {exc}") from None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(".txt")] + SIDECAR_SUFFIX)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GB18030.

    Returns ``(text, encoding)``; raises ``ValueError`` with a reason when the
    bytes are empty, not text, or decode to implausible Chinese (see
    ``MIN_COMMON_HAN_SHARE``). Byte positions count from 0 in the file."""
    if not raw.strip():
        raise ValueError("empty file")
    utf8_error: int | None = None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not text: invalid UTF-8 at byte {exc.start + 3}") from None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not text: invalid UTF-16 at byte {exc.start}") from None  # counts the BOM
    else:
        if b"\x00" in raw:
            raise ValueError(f"not text: NUL byte at byte {raw.index(0)} and no UTF-16 byte-order mark")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc.start
            try:
                text, encoding = raw.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as gb:
                # name the error of the encoding that read further: that is the one the file is in
                if utf8_error >= gb.start:
                    raise ValueError(f"not text: invalid UTF-8 at byte {utf8_error}") from None
                raise ValueError(f"not text: invalid GB18030 at byte {gb.start}") from None
    bad = len(_BAD_CHARS.findall(text))
    if bad > _MAX_BAD_CHAR_SHARE * len(text):
        raise ValueError(f"not text: {bad} control or private-use characters in {len(text)} ({encoding})")
    if not text.strip():
        raise ValueError("empty file")
    common, han = common_han(text)
    if han >= _MIN_HAN_MEASURED and common < MIN_COMMON_HAN_SHARE * han:
        also = f"; not UTF-8 either (invalid at byte {utf8_error})" if utf8_error is not None else ""
        raise ValueError(
            f"not text: implausible Chinese as {encoding}: {common} of {han} Han characters are common ones "
            f"({common / han:.0%}, fewer than {MIN_COMMON_HAN_SHARE:.0%}){also}"
        )
    return text, encoding


# the Han blocks: CJK extension A, unified ideographs, compatibility ideographs, the supplementary planes
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _char_class(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    return "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]"


_HAN = re.compile(_char_class(_HAN_BLOCKS))
_HAN_RUNS = re.compile(_char_class(_HAN_BLOCKS) + "+")


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The common Han characters: GB 2312 level 1 (3,755 simplified) and Big5 level 1
    (5,401 traditional), read from Python's own codecs."""
    chars: set[str] = set()
    for codec, rows, cells in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for row in rows:
            for cell in cells:
                if codec == "big5" and (row, cell) > (0xC6, 0x7E):
                    continue
                try:
                    chars.add(bytes((row, cell)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(c for c in chars if _HAN.match(c))


@lru_cache(maxsize=1)
def _rare_han_runs() -> re.Pattern[str]:
    """Runs of Han characters outside ``_common_han``: the gaps it leaves in each Han block."""
    common = sorted(map(ord, _common_han()))
    gaps: list[tuple[int, int]] = []
    for lo, hi in _HAN_BLOCKS:
        k = lo
        for cp in (c for c in common if lo <= c <= hi):
            if cp > k:
                gaps.append((k, cp - 1))
            k = cp + 1
        if k <= hi:
            gaps.append((k, hi))
    return re.compile(_char_class(gaps) + "+")


def common_han(text: str) -> tuple[int, int]:
    """(common Han characters, all Han characters) in a text, counted by runs (a list of
    single characters costs several times more)."""
    han = sum(map(len, _HAN_RUNS.findall(text)))
    return han - sum(map(len, _rare_han_runs().findall(text))), han


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
        if value:
            _check_value(key, value, name)
    if meta.get("published"):
        parse_published(meta["published"], name)
    return {k: v for k, v in meta.items() if v}


def _check_value(key: str, value: str, name: str) -> None:
    """A sidecar value as published: not too long, no control characters; a URL is http(s)."""
    limit = SIDECAR_MAX_CHARS[key]
    if len(value) > limit:
        raise ValueError(f"sidecar {name}: {key} is {len(value)} characters long, more than {limit}")
    bad = _BAD_META_CHARS.search(value)
    if bad:
        char = bad.group()
        what = unicodedata.name(char, f"U+{ord(char):04X}")
        raise ValueError(f"sidecar {name}: {key} holds a control character ({what}) at {bad.start()}")
    if key == "url":
        try:
            url = urlsplit(value)
        except ValueError:
            url = None
        if url is None or url.scheme.lower() not in ("http", "https") or not url.hostname or " " in value:
            raise ValueError(f"sidecar {name}: url {value[:80]!r} is not an http(s) URL")
    elif key == "language" and not _LANGUAGE_TAG.fullmatch(value):
        raise ValueError(f"sidecar {name}: language {value!r} is not a language tag such as zh-Hans")
    elif key == "fetched_at" and not _FETCHED_AT.fullmatch(value):
        raise ValueError(f"sidecar {name}: fetched_at {value!r} is not a UTC time such as 2026-03-05T08:00:00Z")
    elif key == "warc_record_id" and not _WARC_RECORD_ID.fullmatch(value):
        raise ValueError(f"sidecar {name}: warc_record_id {value!r} is not a WARC record id such as <urn:uuid:…>")


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
    kept_meta, meta = ahead.take(sidecar) if ahead is not None else (False, None)
    try:
        if not kept or raw is None:
            raw = _read(path)
        if not kept_meta:
            meta = _read_sidecar(sidecar)
    except (OSError, Unreadable) as exc:  # checked while hashing: changed since
        reason = str(exc) if isinstance(exc, Unreadable) else _os_reason(exc)
        raise LianghuiError(f"input {item.source} changed during the build ({reason}): build again") from None
    return Payload(item.source, raw, meta)


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
