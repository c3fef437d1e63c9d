"""Toneless pinyin exactly as pypinyin gives it, without importing pypinyin.

``import pypinyin`` costs about 0.3–0.4 s (it json-parses two dictionaries of
3 MB and builds the prefix set of every phrase), which was most of the work of
building a single document. The romanisation of a string depends only on the
dictionary entries of its own substrings, so each machine derives once, per
installed pypinyin, a small SQLite index of those entries (in
``user_cache_dir()``), and a name then costs one indexed query.

:func:`romanise` returns ``"".join(lazy_pinyin(text, style=Style.NORMAL,
errors="ignore"))`` for every string. It reproduces pypinyin's pipeline for
that call (``simpleseg.seg``: runs of characters matching ``RE_HANS``; forward
maximum matching over phrases, ``mmseg.seg`` with ``no_non_phrases``; each
segment converted by the same converter as ``lazy_pinyin``) from the index,
whose per-segment readings are made by pypinyin's own converter. Real
pypinyin answers instead whenever the index cannot be trusted or used: it is
already imported in the process, ``PYPINYIN_NO_PHRASES`` is set, the text is
not a str or too long, the cache folder is not writable, or the index failed
its self-check against pypinyin when it was built.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

#: Bumped whenever the index's layout or derivation changes (part of its file name).
FORMAT = "1"
#: Longer strings are romanised by pypinyin itself (a name is 2–9 characters).
MAX_CHARS = 64

PREFIX, PHRASE = 1, 2  # bits of an entry's ``kind``

#: An entry: (kind bits, romanisation of the key as one segment, or None for a mere prefix).
Entry = tuple[int, "str | None"]
Fetch = Callable[[Iterable[str]], dict[str, Entry]]


def real_romanise(text: str) -> str:
    """The reference: pypinyin itself (imports it on first use)."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


# ------------------------------------------------------------------ the algorithm


def han_runs(text: str, hans: re.Pattern[str]) -> list[str]:
    """The runs of ``text`` whose characters each match ``hans`` (pypinyin's
    ``RE_HANS``), as ``simpleseg.simple_seg`` splits them; other runs get no
    pinyin with ``errors="ignore"`` and are left out."""
    runs: list[str] = []
    current: list[str] = []
    for char in text:
        if hans.match(char):
            current.append(char)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def substrings(run: str, longest: int) -> Iterator[str]:
    """Every substring of ``run`` of at most ``longest`` characters: all the keys
    the segmentation of ``run`` may look up (no longer key is a phrase prefix)."""
    for start in range(len(run)):
        for end in range(start + 1, min(start + longest, len(run)) + 1):
            yield run[start:end]


def segments(run: str, entries: dict[str, Entry]) -> Iterator[str]:
    """``mmseg.seg.cut(run)`` (forward maximum matching with ``no_non_phrases``):
    from each position, extend while the text is a phrase prefix and cut after
    the longest phrase seen; without one, cut one character, except that a
    remainder that is wholly a prefix but holds no phrase is cut into characters."""
    start = 0
    while start < len(run):
        longest = 0
        end = start
        while end < len(run) and entries.get(run[start : end + 1], (0, None))[0] & PREFIX:
            end += 1
            if entries[run[start:end]][0] & PHRASE:
                longest = end - start
        if longest:
            yield run[start : start + longest]
            start += longest
        elif end == len(run):
            yield from run[start:]
            return
        else:
            yield run[start]
            start += 1


def romanise_with(text: str, hans: re.Pattern[str], longest: int, fetch: Fetch) -> str:
    """``real_romanise(text)`` computed from index entries, fetched in one call."""
    runs = han_runs(text, hans)
    entries = fetch({key for run in runs for key in substrings(run, longest)})
    return "".join(entries.get(seg, (0, None))[1] or "" for run in runs for seg in segments(run, entries))


# ------------------------------------------------------------------ building the index


def derive_entries() -> tuple[dict[str, Entry], re.Pattern[str], int]:
    """The entries, ``RE_HANS`` and the longest phrase, from the installed pypinyin:
    every phrase prefix, and every phrase or character with its romanisation as one
    segment by the converter ``lazy_pinyin`` uses (so readings, style conversion and
    empty readings are pypinyin's own)."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS, Style
    from pypinyin.converter import UltimateConverter
    from pypinyin.seg import mmseg

    prefixes: set[str] = mmseg.seg._prefix_set._set  # what ``mmseg.seg.cut`` matches against
    converter = UltimateConverter()
    # a pure function of its arguments, called ~190,000 times with ~3,000 distinct ones: remembered
    converter.convert_style = functools.lru_cache(maxsize=None)(converter.convert_style)  # type: ignore[method-assign]
    convert = converter.convert

    def reading(key: str) -> str:
        return "".join(py for item in convert(key, Style.NORMAL, False, "ignore", True) for py in item)

    kinds: dict[str, int] = dict.fromkeys(prefixes, PREFIX)
    for phrase in PHRASES_DICT:
        kinds[phrase] = kinds.get(phrase, 0) | PHRASE
    for char in map(chr, PINYIN_DICT):
        kinds.setdefault(char, 0)
    entries: dict[str, Entry] = {
        key: (kind, reading(key) if kind & PHRASE or len(key) == 1 else None) for key, kind in kinds.items()
    }
    return entries, RE_HANS, max(map(len, PHRASES_DICT))


def self_check(entries: dict[str, Entry], hans: re.Pattern[str], longest: int) -> bool:
    """True when the entries romanise a deterministic sample like pypinyin does:
    phrases, characters and phrases glued to their neighbours (a guard against a
    pypinyin release whose pipeline differs from the one reproduced here)."""
    keys = sorted(k for k, (kind, _) in entries.items() if kind & PHRASE)[::97]
    chars = sorted(k for k in entries if len(k) == 1)[::59]
    sample = (
        keys
        + chars
        + [a + b for a, b in itertools.pairwise(keys)]
        + [a + c + b for a, b, c in zip(keys, keys[3:], chars)]
    )
    sample += ["", "a中b", "吕女·绿", "１２３", "〇"]

    def fetch(wanted: Iterable[str]) -> dict[str, Entry]:
        return {k: entries[k] for k in wanted if k in entries}

    return all(romanise_with(s, hans, longest, fetch) == real_romanise(s) for s in sample)


def write_index(path: Path) -> None:
    """Derive, check and write the index to ``path`` atomically (a temporary file in the
    same folder, then ``os.replace``: concurrent builders each replace it whole).
    Raises ``RuntimeError`` when the self-check fails, ``OSError`` when the folder is
    not writable."""
    import sqlite3
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)  # first: an unwritable folder fails before the work
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        entries, hans, longest = derive_entries()
        if not self_check(entries, hans, longest):
            raise RuntimeError("pypinyin's pipeline differs from the one the index reproduces")
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a private temporary file: no journal, no syncs
            db.execute("PRAGMA synchronous = OFF")
            with db:
                db.execute(
                    "CREATE TABLE entry (key TEXT PRIMARY KEY, kind INTEGER NOT NULL, syllables TEXT) WITHOUT ROWID"
                )
                db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.executemany(
                    "INSERT INTO entry VALUES (?, ?, ?)", ((k, kind, py) for k, (kind, py) in sorted(entries.items()))
                )
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("format", FORMAT), ("re_hans", hans.pattern), ("longest", str(longest)), ("complete", "1")],
                )
        finally:
            db.close()
        from flows.checksum import digest  # the index's sha256, checked when it is opened

        Path(f"{path}.sha256").write_text(digest(Path(tmp).read_bytes()), encoding="ascii")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ------------------------------------------------------------------ reading the index


def index_path(cache_dir: Path) -> Path | None:
    """Where the index of the installed pypinyin lives: named by its version and a hash
    of the size and mtime of its dictionaries and modules, found without importing it.
    None when pypinyin is not installed."""
    import hashlib
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    init = (package / "__init__.py").read_text(encoding="utf-8")
    version = m.group(1) if (m := re.search(r"""__version__\s*=\s*['"]([^'"]+)""", init)) else "unknown"
    h = hashlib.sha256(FORMAT.encode())
    for name in ("phrases_dict.json", "pinyin_dict.json", "__init__.py", "constants.py", "converter.py", "core.py"):
        st = (package / name).stat()
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return cache_dir / f"pinyin-{version}-{h.hexdigest()[:12]}.sqlite"


#: Up to this many keys (a name has 1–9 characters and 3–15 keys) are fetched by point
#: look-ups joined with UNION ALL: about half the instructions of an IN list, for which
#: SQLite builds a temporary b-tree at each query. More keys go in one IN list (SQLite
#: refuses a compound SELECT of more than 500 terms). Either way the rows are those of
#: the keys present (``key`` is the primary key and ``keys`` are distinct), and they
#: are read into a dict, so their order does not matter.
_UNION_MAX = 32


@functools.lru_cache(maxsize=_UNION_MAX)
def _union_sql(n: int) -> str:
    """The query of ``n`` point look-ups joined with UNION ALL (one ``?`` each)."""
    return " UNION ALL ".join(["SELECT key, kind, syllables FROM entry WHERE key = ?"] * n)


class PinyinIndex:
    """A read-only connection to an index file, usable from any thread of the process
    that opened it (queries are serialised by a lock)."""

    def __init__(self, path: Path) -> None:
        """Open ``path``; raises ``sqlite3.DatabaseError`` (or ``OSError``, ``ValueError``)
        when it is missing, damaged (its bytes do not match the sha256 recorded beside it
        when it was built) or incomplete."""
        import sqlite3

        from flows.checksum import digest, report_damaged

        recorded = Path(f"{path}.sha256")
        if digest(path.read_bytes()) != (recorded.read_text(encoding="ascii") if recorded.is_file() else None):
            report_damaged(path)
            raise ValueError(f"{path} does not match its recorded sha256")
        self.path = path
        self._db = sqlite3.connect(path.absolute().as_uri() + "?mode=ro&immutable=1", uri=True, check_same_thread=False)
        try:
            meta = dict(self._db.execute("SELECT name, value FROM meta"))
            if meta.get("format") != FORMAT or meta.get("complete") != "1":
                raise ValueError(f"{path} is not a complete pinyin index of format {FORMAT}")
            self.hans = re.compile(meta["re_hans"])
            self.longest = int(meta["longest"])
        except BaseException:
            self._db.close()
            raise
        self._lock = threading.Lock()
        # Every entry whose key opens with a character of ``_loaded`` (see ``romanise``)
        self._entries: dict[str, Entry] = {}
        self._loaded: set[str] = set()

    def fetch(self, keys: Iterable[str]) -> dict[str, Entry]:
        """The entries of those of ``keys`` that the index holds."""
        keys = list(keys)
        if not keys:
            return {}
        if len(keys) <= _UNION_MAX:
            sql = _union_sql(len(keys))
        else:
            sql = f"SELECT key, kind, syllables FROM entry WHERE key IN ({','.join('?' * len(keys))})"
        with self._lock:
            return {key: (kind, py) for key, kind, py in self._db.execute(sql, keys)}

    def romanise(self, text: str) -> str:
        """``romanise_with(text, self.hans, self.longest, self.fetch)``, from the entries of
        the characters of ``text`` kept in memory: every key the segmentation of a run looks
        up is a substring of it, so it opens with one of its characters, and the entries of
        all keys opening with a character (its "bucket", found by one range query: SQLite
        orders text keys by their UTF-8 bytes, i.e. by code point) hold them. The buckets
        of given-name characters are small (a few to a few hundred rows) and recur in name
        after name: a new name then costs no query (one query a name did), and at most the
        whole index is ever held. ``segments`` looks up the same keys in the larger dict and
        finds the same entries (a key absent from the index is absent from both)."""
        runs = han_runs(text, self.hans)
        loaded = self._loaded
        missing = [c for c in dict.fromkeys("".join(runs)) if c not in loaded]
        if missing:
            if any(not _has_bucket_bound(c) for c in missing):
                return romanise_with(text, self.hans, self.longest, self.fetch)
            self._load(missing)
        entries = self._entries
        return "".join(entries.get(seg, (0, None))[1] or "" for run in runs for seg in segments(run, entries))

    def _load(self, chars: list[str]) -> None:
        """Read the buckets of ``chars`` (each a range query) into ``_entries``."""
        sql = "SELECT key, kind, syllables FROM entry WHERE key >= ? AND key < ?"
        with self._lock:
            for c in chars:
                if c not in self._loaded:
                    self._entries.update(
                        {key: (kind, py) for key, kind, py in self._db.execute(sql, (c, chr(ord(c) + 1)))}
                    )
                    self._loaded.add(c)


def _has_bucket_bound(char: str) -> bool:
    """Whether the code point after ``char`` is a character SQLite can bind (the
    bound of its bucket): not a surrogate, not past U+10FFFF. (No Han character
    fails this; a reading by the point queries of ``fetch`` is kept for them.)"""
    nxt = ord(char) + 1
    return nxt <= 0x10FFFF and not 0xD800 <= nxt <= 0xDFFF


def open_index(cache_dir: Path) -> PinyinIndex | None:
    """The index in ``cache_dir``, built first when it is missing or unreadable;
    None when it cannot be had (pypinyin missing, folder not writable, self-check failed)."""
    import sqlite3

    path = index_path(cache_dir)
    if path is None:
        return None
    try:
        return PinyinIndex(path)
    except (sqlite3.Error, OSError, ValueError, KeyError):
        pass
    try:
        write_index(path)
        return PinyinIndex(path)
    except (sqlite3.Error, OSError, ValueError, KeyError, RuntimeError):
        return None


# ------------------------------------------------------------------ the process's index

_state: tuple[int, PinyinIndex | None] | None = None  # (pid, index or None: use pypinyin)
_state_lock = threading.Lock()
#: Connections inherited across fork: kept referenced, never used or closed in the child.
_inherited: list[PinyinIndex] = []


def _process_index() -> PinyinIndex | None:
    """This process's index, opened (or built) on first use, again after a fork."""
    global _state
    with _state_lock:
        if _state is None or _state[0] != os.getpid():
            if _state is not None and _state[1] is not None:
                _inherited.append(_state[1])
            from flows.settings import user_cache_dir

            _state = (os.getpid(), open_index(user_cache_dir()))
        return _state[1]


def _discard(index: PinyinIndex, give_up: bool) -> None:
    """Delete an index that failed a query, so that the next use rebuilds it; with
    ``give_up``, this process uses pypinyin from now on."""
    global _state
    with _state_lock:
        with contextlib.suppress(OSError):
            index.path.unlink(missing_ok=True)
        _state = (os.getpid(), None) if give_up else None


def _after_fork_in_child() -> None:
    """A lock held by another thread at the fork would never be released in the child."""
    global _state_lock
    _state_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def romanise(text: str) -> str:
    """``"".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))``, from the
    index when it can be used, else from pypinyin itself (already imported, or
    ``PYPINYIN_NO_PHRASES`` set, or an unusual argument, or no index)."""
    if (
        "pypinyin" in sys.modules
        or os.environ.get("PYPINYIN_NO_PHRASES")
        or not isinstance(text, str)
        or len(text) > MAX_CHARS
    ):
        return real_romanise(text)
    import sqlite3

    for attempt in range(2):
        index = _process_index()
        if index is None:
            break
        try:
            return index.romanise(text)
        except sqlite3.Error:  # damaged since it was opened: rebuilt once, then pypinyin
            _discard(index, give_up=attempt > 0)
    return real_romanise(text)
