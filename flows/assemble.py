"""Extract: run the pure extractors on one document and turn their output into
table rows with stable ids. Rows are plain dicts keyed by the schema's columns."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flows.checks import find_warnings
from flows.extract.numbers import extract_quantities
from flows.extract.speech import extract_speech
from flows.extract.types import Quantity, Speaker, Statement
from flows.ingest import Document, stable_id

Row = dict[str, Any]
_NUMBER = re.compile(r"[0-9０-９.,，．〇零一二两三四五六七八九十百千万亿]+")


@dataclass
class DocRows:
    """All rows one document contributes."""

    document: Row
    speakers: list[Row] = field(default_factory=list)
    statements: list[Row] = field(default_factory=list)
    goals: list[Row] = field(default_factory=list)
    facts: list[Row] = field(default_factory=list)
    warnings: list[Row] = field(default_factory=list)


def speaker_id(speaker: Speaker) -> str:
    """One id per person across documents when name and titles agree."""
    return stable_id("p", speaker.kind, speaker.name, "、".join(speaker.titles))


def document_row(doc: Document) -> Row:
    return {
        "doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "outlet": doc.outlet,
        "published": doc.published, "year": doc.year, "url": doc.url, "license": doc.license,
        "language": doc.language, "encoding": doc.encoding, "sha256": doc.sha256,
        "n_chars": doc.n_chars, "text": doc.text,
    }


def speaker_row(speaker: Speaker) -> Row:
    return {
        "speaker_id": speaker_id(speaker), "name": speaker.name, "name_pinyin": speaker.name_pinyin,
        "kind": speaker.kind, "titles": list(speaker.titles), "organization": speaker.organization,
        "region": speaker.region,
    }


def paragraph_at(text: str, offset: int) -> str:
    """The paragraph (text between blank lines) holding ``offset``."""
    start = text.rfind("\n\n", 0, offset + 1)
    end = text.find("\n\n", offset)
    return text[0 if start < 0 else start + 2:len(text) if end < 0 else end]


class Paragraphs:
    """``paragraph_at`` for many offsets of one text: the blank lines are found once."""

    _BREAK = re.compile(r"(?=\n\n)")

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in self._BREAK.finditer(text)]

    def at(self, offset: int) -> str:
        i = bisect.bisect_right(self.breaks, offset - 1) - 1
        j = bisect.bisect_left(self.breaks, offset)
        start = self.breaks[i] + 2 if i >= 0 else 0
        end = self.breaks[j] if j < len(self.breaks) else len(self.text)
        return self.text[start:end]


def statement_rows(doc: Document, statements: list[Statement], ids: dict[str, str],
                   paragraphs: Paragraphs | None = None) -> list[Row]:
    """Ids hash the document, the paragraph's text and the speaker: they survive
    span adjustments and edits elsewhere in the document."""
    paragraphs = paragraphs or Paragraphs(doc.text)
    seen: Counter[tuple[str, str]] = Counter()
    rows = []
    for st in sorted(statements, key=lambda s: (s.char_start, s.char_end)):
        span = doc.text[st.char_start:st.char_end]
        key = (paragraphs.at(st.char_start), st.speaker)
        seen[key] += 1
        rows.append({
            "statement_id": stable_id("s", doc.doc_id, *key, str(seen[key])),
            "doc_id": doc.doc_id, "speaker_id": ids[st.speaker], "text": span,
            "char_start": st.char_start, "char_end": st.char_end, "quote": st.quote, "cue": st.cue,
            "attribution": st.attribution, "section": st.section,
        })
    return rows


def _containing(q: Quantity, statements: list[Row]) -> Row | None:
    """The statement whose span holds the quantity (or, failing that, overlaps it most)."""
    best, best_overlap = None, 0
    for st in statements:
        overlap = min(q.char_end, st["char_end"]) - max(q.char_start, st["char_start"])
        if overlap > best_overlap:
            best, best_overlap = st, overlap
    return best


def quantity_rows(doc: Document, quantities: list[Quantity], statements: list[Row],
                  paragraphs: Paragraphs | None = None) -> tuple[list[Row], list[Row]]:
    paragraphs = paragraphs or Paragraphs(doc.text)
    goals: list[Row] = []
    facts: list[Row] = []
    seen: Counter[tuple[str, str]] = Counter()
    for q in sorted(quantities, key=lambda q: (q.char_start, q.char_end, q.metric or "")):
        span = doc.text[q.char_start:q.char_end]
        # the id hashes the paragraph and the number as printed (not the metric or the
        # span's edges), so a corrected metric or span shows as a changed row in diffs
        key = (paragraphs.at(q.char_start), _number_text(span))
        seen[key] += 1
        st = _containing(q, statements)
        row: Row = {
            "doc_id": doc.doc_id,
            "statement_id": st["statement_id"] if st else None,
            "speaker_id": st["speaker_id"] if st else None,
            "text": span, "char_start": q.char_start, "char_end": q.char_end,
            "value": float(q.value),
            "value_high": None if q.value_high is None else float(q.value_high),
            "unit_text": q.unit_text or None,
            "value_normalized": float(q.value_normalized),
            "value_high_normalized": None if q.value_high_normalized is None else float(q.value_high_normalized),
            "unit": q.unit, "comparator": q.comparator, "measure": q.measure, "direction": q.direction,
            "metric": q.metric, "subject": q.subject,
        }
        rid = stable_id("g" if q.kind == "goal" else "f", doc.doc_id, *key, str(seen[key]))
        if q.kind == "goal":
            goals.append({"goal_id": rid, **row, "target_year": q.year, "horizon": q.horizon})
        else:
            facts.append({"fact_id": rid, **row, "year": q.year, "horizon": q.horizon})
    return goals, facts


def _number_text(span: str) -> str:
    """The digits and numerals of a span (150, 一千二百, 4.5—5): what identifies the number."""
    found = _NUMBER.findall(span)
    return "|".join(found) if found else span


def extract_document(doc: Document) -> DocRows:
    """All rows of one document: pure function of the document."""
    speech = extract_speech(doc.text, outlet=doc.outlet)
    ids = {s.name: speaker_id(s) for s in speech.speakers}
    paragraphs = Paragraphs(doc.text)
    statements = statement_rows(doc, speech.statements, ids, paragraphs)
    goals, facts = quantity_rows(doc, extract_quantities(doc.text, doc.year), statements, paragraphs)
    return DocRows(
        document=document_row(doc),
        speakers=[speaker_row(s) for s in speech.speakers],
        statements=statements,
        goals=goals,
        facts=facts,
        warnings=warning_rows(doc, statements, goals + facts),
    )


def warning_rows(doc: Document, statements: list[Row], quantities: list[Row]) -> list[Row]:
    found = find_warnings(doc.text, [(r["char_start"], r["char_end"]) for r in statements],
                          [(r["char_start"], r["char_end"]) for r in quantities])
    seen: Counter[tuple[str, str]] = Counter()
    rows = []
    for w in found:
        span = doc.text[w.char_start:w.char_end]
        seen[(w.kind, span)] += 1
        rows.append({"warning_id": stable_id("w", doc.doc_id, w.kind, span, str(seen[(w.kind, span)])),
                     "doc_id": doc.doc_id, "kind": w.kind, "text": span, "char_start": w.char_start,
                     "char_end": w.char_end, "message": w.message})
    return rows
