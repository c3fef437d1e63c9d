"""Sidecars (``x.meta.json`` beside ``x.txt``): the fields they may hold, and how
each value is checked before it is published."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "outlet", "published", "url", "license", "language", "fetched_at", "warc_record_id")
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


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(".txt")] + SIDECAR_SUFFIX)


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
