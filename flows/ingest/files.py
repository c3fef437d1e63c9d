"""The inputs on disk: the documents found under the seeds folder, hashed, and read
safely (no FIFO, device or folder is ever read; symbolic links out of the folder are
refused unless allowed). Every input found is read, or refused with the reason."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from flows import checksum
from flows.errors import LianghuiError
from flows.ingest.document import Document, Payload, Rejection, ingest_payload
from flows.ingest.sidecar import SIDECAR_MAX_BYTES, SIDECAR_SUFFIX


@dataclass(frozen=True)
class InputFile:
    """A discovered input: its path on disk and its name in the dataset."""

    path: str | Path  # discovery gives str: 10,000 Path objects cost 0.2 s
    source: str


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
    hashed = _hash_file(path, ahead, limit)
    return None if hashed is None else hashed[0]


def _hash_file(
    path: str, ahead: ReadAhead | None = None, limit: int | None = None
) -> tuple[str, os.stat_result] | None:
    """The sha256 of a file's bytes and the stat of the file read, None when it is
    missing; ``ahead``: keeps the bytes (or that it is missing)."""
    try:
        raw, st = _read_file(path, limit)
    except FileNotFoundError:
        if ahead is not None:
            ahead.keep(path, None)
        return None
    if ahead is not None:
        ahead.keep(path, raw)
    return hashlib.sha256(raw).hexdigest(), st


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

    VERSION = 2  # an entry is one string, "size mtime ctime inode sha256" (checked JSON of lists costs twice as much)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, str] = {}
        self.fresh: dict[str, str] = {}
        data = checksum.read_json(path)  # None when missing or damaged (then dropped: every file is hashed)
        if data is not None and data.get("version") == self.VERSION and isinstance(data.get("entries"), dict):
            self.entries = data["entries"]

    def sha256(self, path: str, ahead: ReadAhead | None = None, limit: int | None = None) -> str | None:
        known = self.entries.get(path)
        if known is not None:  # a file hashed before is not read while its stat is unchanged
            stamp, _, remembered = known.rpartition(" ")
            try:
                st = os.stat(path)
            except OSError:
                st = None
            if st is not None and stat.S_ISREG(st.st_mode) and _stamp(st) == stamp:
                self.fresh[path] = known
                return remembered
        started = time.time_ns()
        hashed = _hash_file(path, ahead, limit)  # a new file is read at once: its stat comes from the open file
        if hashed is None:
            return None
        digest, st = hashed
        if max(st.st_mtime_ns, st.st_ctime_ns) < started - 1_000_000_000:
            self.fresh[path] = f"{_stamp(st)} {digest}"
        return digest

    def save(self) -> None:
        """Keep the entries of this run's files only (written atomically)."""
        checksum.write_json(self.path, {"version": self.VERSION, "entries": self.fresh}, self.path.parent)


def _stamp(st: os.stat_result) -> str:
    """What ``HashMemo`` compares of a file's stat."""
    return f"{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


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
    """The bytes of a regular file (see ``_read_file``)."""
    return _read_file(path, limit)[0]


def _read_file(path: str, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, and its stat. Opened without blocking (a FIFO with
    no writer does not hang) and checked on the open file, so that no FIFO, device or
    folder is ever read; ``limit``: more bytes than this are refused unread. Raises
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
        return b"".join(chunks), st
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
