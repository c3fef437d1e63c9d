"""From archived bytes to a document's text: HTML main text (trafilatura; title and date,
the date found by htmldate inside trafilatura), PDF text layers (pdfminer.six), plain text.
Encodings: the HTTP header's charset, else the page's ``meta charset``, else detected
(UTF-8, then GB18030 (a superset of GB2312 and GBK), then Big5, then charset-normalizer)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
#: labels pages use for encodings whose superset decodes them the same
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs"}


class Unreadable(ValueError):
    """The bytes cannot be made into a document's text; the message says why."""


@dataclass(frozen=True)
class Converted:
    text: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    encoding: str | None


def kind_of(content_type: str, body: bytes, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    head = body[:1024].lstrip().lower()
    if ct == "application/pdf" or body[:5] == b"%PDF-" or url.lower().endswith(".pdf"):
        return "pdf"
    if "html" in ct or head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "html"
    if ct.startswith("text/plain"):
        return "text"
    return ct or "unknown"


def convert(content_type: str, body: bytes, url: str) -> Converted:
    kind = kind_of(content_type, body, url)
    if not body.strip():
        raise Unreadable("empty response")
    if kind == "html":
        return html_to_text(body, content_type)
    if kind == "pdf":
        return pdf_to_text(body)
    if kind == "text":
        text, enc = decode(body, content_type)
        return Converted(text, None, None, enc)
    raise Unreadable(f"content type {kind!r} is not HTML, PDF or plain text")


def decode(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Text and the encoding it was decoded from (declared first, then detected)."""
    declared = []
    m = _HEADER_CHARSET.search(content_type or "")
    if m:
        declared.append(m.group(1))
    m = _META_CHARSET.search(body[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", "replace"))
    for label in declared:
        name = _SUPERSET.get(label.lower(), label.lower())
        try:
            return body.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue  # a wrong declaration: detect instead
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", "replace"), "utf-8"
    for name in ("utf-8", "gb18030", "big5hkscs"):
        try:
            text = body.decode(name)
        except UnicodeDecodeError:
            continue
        if name != "gb18030" or not _misread(text):
            return text, name
        try:
            return body.decode("big5hkscs"), "big5hkscs"
        except UnicodeDecodeError:
            return text, name
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None:
        raise Unreadable("not text in any encoding tried (declared, UTF-8, GB18030, Big5, detected)")
    return str(best), best.encoding


def _misread(text: str) -> bool:
    """GB18030 decodes nearly any bytes: Big5 read as GB18030 gives characters outside GB2312
    (private use, rare ones) for a large share of its non-ASCII characters; Simplified text
    very few."""
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return False
    bad = 0
    for c in wide:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            bad += 1
    return bad > 0.2 * len(wide)


def html_to_text(body: bytes, content_type: str = "") -> Converted:
    import trafilatura

    html, enc = decode(body, content_type)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=False
    )
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise Unreadable("no main text found in the HTML page")
    title = (getattr(doc, "title", None) or "").strip() or None
    date = getattr(doc, "date", None) or None
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    return Converted(text, title, date if date and re.match(r"^\d{4}-\d{2}-\d{2}$", date) else None, enc)


def pdf_to_text(body: bytes) -> Converted:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(body))
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise Unreadable(f"PDF cannot be read: {exc}") from None
    blocks = re.split(r"\n\s*\n", text.replace("\x0c", "\n\n"))
    text = "\n".join(_join_lines(b.splitlines()) for b in blocks if b.strip())
    if not text:
        raise Unreadable("PDF has no text layer (a scan?)")
    return Converted(text, None, None, None)


def _join_lines(lines: list[str]) -> str:
    """The lines of one PDF text block as one paragraph: Chinese lines joined directly,
    Latin words with a space."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out
