"""Cache files that carry their own checksum, checked on every read.

A cache is only ever a shortcut: an entry that does not match its checksum (a
flipped byte, a truncated or edited file, a directory or a file where the other
was expected) is dropped and recomputed, never published. Each damaged entry a
process finds is remembered here (``damaged``), so that the build can count
them in its summary.

A JSON cache file is a JSON object with one more key, ``checksum``: the sha256 of
the other keys in canonical form (sorted keys, no spaces), so the file stays
plain JSON for people and tools."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

KEY = "checksum"

_lock = threading.Lock()
_damaged: list[str] = []


class Damaged(ValueError):
    """A cache entry whose bytes are not what was written."""


def report_damaged(what: str | Path) -> None:
    """Remember that this process found the cache entry ``what`` damaged (and dropped it)."""
    with _lock:
        _damaged.append(str(what))


def take_damaged() -> list[str]:
    """The damaged entries found by this process since the last call."""
    with _lock:
        found = list(_damaged)
        _damaged.clear()
        return found


def digest(data: bytes | memoryview | Any) -> str:
    """sha256 of bytes (or of any buffer: a memory-mapped file)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_json(data: dict[str, Any]) -> str:
    """``data`` as the text of a checked JSON file."""
    if KEY in data:
        raise ValueError(f"{KEY!r} is reserved")
    return json.dumps({**data, KEY: digest(_canonical(data))}, ensure_ascii=False)


def open_json(text: str | bytes) -> dict[str, Any]:
    """The object of a checked JSON file's text; ``Damaged`` when it is not one
    (not JSON, not an object, no checksum, or a checksum that does not match)."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Damaged(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get(KEY), str):
        raise Damaged("no checksum")
    recorded = data.pop(KEY)
    if digest(_canonical(data)) != recorded:
        raise Damaged("checksum mismatch")
    return data


def read_json(path: Path) -> dict[str, Any] | None:
    """A checked JSON cache file's object; None when there is none. A damaged file
    (unreadable, a directory, checksum mismatch) is removed, reported, and None."""
    try:
        return open_json(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, Damaged):
        drop(path)
        return None


def write_json(path: Path, data: dict[str, Any], root: Path | None = None) -> None:
    """Write a checked JSON cache file atomically (see ``write_bytes``)."""
    write_bytes(path, seal_json(data).encode("utf-8"), root)


def write_bytes(path: Path, data: bytes, root: Path | None = None) -> None:
    """Write a cache file atomically: a temporary file in the same folder, then
    ``os.replace``. A directory in the way of the file, or a file in the way of its
    folder (up to ``root``, the cache's own folder), is damage: removed (and reported)."""
    ensure_dir(path.parent, root)
    if path.is_dir() and not path.is_symlink():
        drop(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def ensure_dir(folder: Path, root: Path | None = None) -> None:
    """``folder.mkdir(parents=True, exist_ok=True)``, except that a file (or a
    dangling link) where the folder, or one of its parents up to ``root`` (default:
    the folder alone), should be is damage: removed and reported. Nothing outside
    ``root`` is ever removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    root = folder if root is None else root
    for p in [*reversed(folder.parents), folder]:
        if (p == root or root in p.parents) and (p.is_symlink() and not p.exists() or p.exists() and not p.is_dir()):
            drop(p)
    folder.mkdir(parents=True, exist_ok=True)


def drop(path: Path) -> None:
    """Remove a damaged cache entry (file, link or folder) and report it."""
    report_damaged(path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):  # what cannot be removed is not used either
            path.unlink()
