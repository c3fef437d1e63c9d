"""One input as a document: its bytes checked, decoded and cleaned into a ``Document``,
or a ``Rejection`` with the reason; and the stable ids every row is named by."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flows.extract.text.clean import clean_text
from flows.ingest.decode import decode
from flows.ingest.sidecar import SIDECAR_SUFFIX, parse_published, parse_sidecar


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


@dataclass(frozen=True)
class Payload:
    """An input as bytes: what a (possibly remote) worker needs to process it."""

    source: str
    raw: bytes
    meta: bytes | None  # the sidecar's bytes, if there is one


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
