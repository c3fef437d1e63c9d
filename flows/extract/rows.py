"""Extract: run the pure extractors on one document and turn their output into
table rows with stable ids. Rows are plain dicts keyed by the schema's columns."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypedDict

from flows.extract.coverage import SpanIndex, find_warnings
from flows.extract.numbers.numerals import fold
from flows.extract.numbers.quantities import extract_quantities
from flows.extract.speech.statements import extract_speech
from flows.extract.subjects import Subjects, reads_as_report
from flows.extract.text.document import DocContext, document_context
from flows.extract.types import Quantity, Speaker, Statement
from flows.ingest.document import Document, stable_id, stable_ids_after


class DocumentRow(TypedDict):
    doc_id: str
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    year: int | None
    jurisdiction: str | None
    url: str | None
    license: str | None
    language: str | None
    encoding: str
    sha256: str
    n_chars: int
    text: str
    fetched_at: str | None
    warc_record_id: str | None


class SpeakerRow(TypedDict):
    speaker_id: str
    name: str
    name_pinyin: str | None
    kind: str
    titles: list[str]
    organization: str | None
    region: str | None


class StatementRow(TypedDict):
    statement_id: str
    doc_id: str
    speaker_id: str
    text: str
    char_start: int
    char_end: int
    quote: str
    cue: str | None
    attribution: str
    section: str | None


class QuantityRow(TypedDict, total=False):
    """A row of ``goals`` (``goal_id``, ``target_year``) or ``facts`` (``fact_id``, ``year``)."""

    goal_id: str
    fact_id: str
    doc_id: str
    statement_id: str | None
    speaker_id: str | None
    text: str
    char_start: int
    char_end: int
    value: float
    value_high: float | None
    unit_text: str | None
    value_normalized: float
    value_high_normalized: float | None
    unit: str
    comparator: str
    measure: str
    direction: str | None
    metric: str | None
    subject: str | None
    target_year: int | None
    year: int | None
    horizon: str | None


class WarningRow(TypedDict):
    warning_id: str
    doc_id: str
    kind: str
    text: str
    char_start: int
    char_end: int
    message: str


#: a row of any published table (columns as in ``schemas.tables``)
Row = DocumentRow | SpeakerRow | StatementRow | QuantityRow | WarningRow

_NUMBER = re.compile(r"[0-9０-９.,，．〇零一二两三四五六七八九十百千万亿]+")
# where the number of a goal or fact begins in its span (its metric may hold numerals: 一刻钟)
_DIGITS = re.compile(r"[0-9０-９][0-9０-９.．]*")


@dataclass
class DocRows:
    """All rows one document contributes."""

    document: DocumentRow
    speakers: list[SpeakerRow] = field(default_factory=list)
    statements: list[StatementRow] = field(default_factory=list)
    goals: list[QuantityRow] = field(default_factory=list)
    facts: list[QuantityRow] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)


def speaker_id(speaker: Speaker) -> str:
    """One id per person across documents when name and titles agree."""
    return stable_id("p", speaker.kind, speaker.name, "、".join(speaker.titles))


def document_row(doc: Document, context: DocContext | None = None) -> DocumentRow:
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "year": doc.year,
        "jurisdiction": context.jurisdiction if context is not None else None,
        "url": doc.url,
        "license": doc.license,
        "language": doc.language,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "n_chars": doc.n_chars,
        "text": doc.text,
        "fetched_at": doc.fetched_at,
        "warc_record_id": doc.warc_record_id,
    }


def speaker_row(
    speaker: Speaker, sid: str | None = None, office: tuple[str | None, str | None] | None = None
) -> SpeakerRow:
    """``sid``: the speaker's id when already computed (``speaker_id(speaker)``); ``office``: the
    organization and region read from the titles in the document's view (``flows.extract.subjects``),
    when not the speech reader's."""
    organization, region = office if office is not None else (speaker.organization, speaker.region)
    return {
        "speaker_id": sid or speaker_id(speaker),
        "name": speaker.name,
        "name_pinyin": speaker.name_pinyin,
        "kind": speaker.kind,
        "titles": list(speaker.titles),
        "organization": organization,
        "region": region,
    }


def paragraph_at(text: str, offset: int) -> str:
    """The paragraph (text between blank lines) holding ``offset``."""
    start = text.rfind("\n\n", 0, offset + 1)
    end = text.find("\n\n", offset)
    return text[0 if start < 0 else start + 2 : len(text) if end < 0 else end]


class Paragraphs:
    """``paragraph_at`` for many offsets of one text: the blank lines are found once."""

    def __init__(self, text: str) -> None:
        self.text = text
        # every offset where a blank line begins, overlapping ones included ("\n\n\n" gives
        # two): str.find, where a regex lookahead would be tried at every character
        breaks: list[int] = []
        k = text.find("\n\n")
        while k >= 0:
            breaks.append(k)
            k = text.find("\n\n", k + 1)
        self.breaks = breaks
        self._cut: dict[int, str] = {}  # paragraph text by the number of breaks before it
        self._ids: dict[tuple[str, str], Callable[..., str]] = {}

    def at(self, offset: int) -> str:
        # the breaks before ``offset`` are those at most offset - 1 (bisect_right(offset - 1)
        # equals bisect_left(offset) on integers): the paragraph lies between break j - 1 and j
        j = bisect.bisect_left(self.breaks, offset)
        cut = self._cut.get(j)
        if cut is None:
            breaks = self.breaks
            cut = self._cut[j] = self.text[
                breaks[j - 1] + 2 if j else 0 : breaks[j] if j < len(breaks) else len(self.text)
            ]
        return cut

    def ids(self, doc_id: str, paragraph: str) -> Callable[..., str]:
        """``stable_ids_after(doc_id, paragraph)``, made once per paragraph: the statement,
        goal and fact ids of a paragraph all hash the document's id and the paragraph first."""
        key = (doc_id, paragraph)
        ids = self._ids.get(key)
        if ids is None:
            ids = self._ids[key] = stable_ids_after(doc_id, paragraph)
        return ids


def statement_rows(
    doc: Document, statements: list[Statement], ids: dict[str, str], paragraphs: Paragraphs | None = None
) -> list[StatementRow]:
    """Ids hash the document, the paragraph's text and the speaker: they survive
    span adjustments and edits elsewhere in the document."""
    paragraphs = paragraphs or Paragraphs(doc.text)
    text, doc_id, at, hashed = doc.text, doc.doc_id, paragraphs.at, paragraphs.ids
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for st in sorted(statements, key=lambda s: (s.char_start, s.char_end)):
        key = (paragraph := at(st.char_start), st.speaker)
        n = seen[key] = seen.get(key, 0) + 1
        rows.append(
            {
                "statement_id": hashed(doc_id, paragraph)(
                    "s", st.speaker, str(n)
                ),  # stable_id("s", doc_id, *key, str(n))
                "doc_id": doc_id,
                "speaker_id": ids[st.speaker],
                "text": text[st.char_start : st.char_end],
                "char_start": st.char_start,
                "char_end": st.char_end,
                "quote": st.quote,
                "cue": st.cue,
                "attribution": st.attribution,
                "section": st.section,
            }
        )
    return rows


def _containing(q: Quantity, statements: list[StatementRow]) -> StatementRow | None:
    """The statement whose span holds the quantity (or, failing that, overlaps it most)."""
    best, best_overlap = None, 0
    for st in statements:
        overlap = min(q.char_end, st["char_end"]) - max(q.char_start, st["char_start"])
        if overlap > best_overlap:
            best, best_overlap = st, overlap
    return best


def _container(statements: list[StatementRow]) -> Callable[[Quantity], StatementRow | None]:
    """``_containing`` for many quantities of one document's statement rows: when they are
    sorted by start (as ``statement_rows`` makes them), only those that may overlap a
    quantity are compared, in the same order (the others overlap it by 0 or less, and the
    best must overlap by more), so the same one wins."""
    starts = [st["char_start"] for st in statements]
    if starts != sorted(starts):
        return lambda q: _containing(q, statements)
    index = SpanIndex([(st["char_start"], st["char_end"]) for st in statements])

    def best(q: Quantity) -> StatementRow | None:
        found, most = None, 0
        q0, q1 = q.char_start, q.char_end
        for k in index.near(q0, q1):
            st = statements[k]
            # min(q1, e) - max(q0, s), spelt out: min(a, b) is b if b < a else a, max(a, b)
            # is b if b > a else a (what the builtins return, without their call)
            e, s = st["char_end"], st["char_start"]
            overlap = (e if e < q1 else q1) - (s if s > q0 else q0)
            if overlap > most:
                found, most = st, overlap
        return found

    return best


def quantity_rows(
    doc: Document, quantities: list[Quantity], statements: list[StatementRow], paragraphs: Paragraphs | None = None
) -> tuple[list[QuantityRow], list[QuantityRow]]:
    paragraphs = paragraphs or Paragraphs(doc.text)
    text, doc_id, at, hashed = doc.text, doc.doc_id, paragraphs.at, paragraphs.ids
    containing = _container(statements)
    goals: list[QuantityRow] = []
    facts: list[QuantityRow] = []
    seen: dict[tuple[str, str], int] = {}
    for q in sorted(quantities, key=lambda q: (q.char_start, q.char_end, q.metric or "")):
        span = text[q.char_start : q.char_end]
        # the id hashes the paragraph and the number as printed (not the metric or the
        # span's edges), so a corrected metric or span shows as a changed row in diffs
        key = (paragraph := at(q.char_start), number := _number_text(span))
        n = seen[key] = seen.get(key, 0) + 1
        st = containing(q)
        goal = q.kind == "goal"
        row: QuantityRow = {  # the id first, then the columns both tables share, then year and horizon
            # stable_id("g" if goal else "f", doc_id, *key, str(n))
            "goal_id" if goal else "fact_id": hashed(doc_id, paragraph)("g" if goal else "f", number, str(n)),
            "doc_id": doc_id,
            "statement_id": st["statement_id"] if st else None,
            "speaker_id": st["speaker_id"] if st else None,
            "text": span,
            "char_start": q.char_start,
            "char_end": q.char_end,
            "value": float(q.value),
            "value_high": None if q.value_high is None else float(q.value_high),
            "unit_text": q.unit_text or None,
            "value_normalized": float(q.value_normalized),
            "value_high_normalized": None if q.value_high_normalized is None else float(q.value_high_normalized),
            "unit": q.unit,
            "comparator": q.comparator,
            "measure": q.measure,
            "direction": q.direction,
            "metric": q.metric,
            "subject": q.subject,
        }
        row["target_year" if goal else "year"] = q.year
        row["horizon"] = q.horizon
        (goals if goal else facts).append(row)
    return goals, facts


@lru_cache(maxsize=8192)
def _number_text(span: str) -> str:
    """The digits and numerals of a span (150, 一千二百, 4.5—5): what identifies the number.
    Cached: the same figures (5%, 3000万元) are printed in many documents."""
    found = _NUMBER.findall(span)
    return "|".join(found) if found else span


def extract_document(doc: Document) -> DocRows:
    """All rows of one document: pure function of the document."""
    speech = extract_speech(doc.text, outlet=doc.outlet)
    sids = [speaker_id(s) for s in speech.speakers]  # hashed once for the map and the rows
    ids = {s.name: sid for s, sid in zip(speech.speakers, sids)}
    paragraphs = Paragraphs(doc.text)
    statements = statement_rows(doc, speech.statements, ids, paragraphs)
    context = document_context(doc.text, doc.title, doc.outlet, doc.year, doc.source)
    folded = fold(doc.text)  # the matching form both readers of figures use
    quantities = extract_quantities(doc.text, doc.year, context, folded)
    goals, facts = quantity_rows(doc, quantities, statements, paragraphs)
    subjects = None
    if not context.is_report and not reads_as_report(doc.text) and (speech.speakers or goals or facts):
        subjects = Subjects(doc.text, speech.speakers, context.jurisdiction, folded)
        with_subjects(subjects, {sid: s.name for s, sid in zip(speech.speakers, sids)}, statements, goals + facts)
    return DocRows(
        document=document_row(doc, context),
        speakers=[
            speaker_row(s, sid, subjects.organization_and_region(s) if subjects and s.kind == "person" else None)
            for s, sid in zip(speech.speakers, sids)
        ],
        statements=statements,
        goals=goals,
        facts=facts,
        warnings=warning_rows(doc, statements, goals + facts),
    )


def with_subjects(
    subjects: Subjects, names: dict[str, str], statements: list[StatementRow], quantities: list[QuantityRow]
) -> None:
    """Set the subject of each goal and fact of a news document (``flows.extract.subjects``):
    inside a statement the speaker's office is the default; a place or body in the clause
    overrides it; a reporter's figure has the place its sentence names, else the place of the
    session the document reports on, else none. ``names``: the speakers' names by speaker id."""
    spans = {st["statement_id"]: (st["char_start"], st["char_end"]) for st in statements}
    for row in quantities:
        # the figure's own number: the last printed in its span (a year may come first: 到2027年…达到90%)
        found = list(_DIGITS.finditer(row["text"])) or list(_NUMBER.finditer(row["text"]))
        at = row["char_start"] + (found[-1].start() if found else 0)
        sid, stid = row.get("speaker_id"), row.get("statement_id")
        row["subject"] = subjects.subject(
            at, names.get(sid) if sid else None, spans.get(stid) if stid else None, row["subject"]
        )


def warning_rows(doc: Document, statements: list[StatementRow], quantities: list[QuantityRow]) -> list[WarningRow]:
    found = find_warnings(
        doc.text,
        [(r["char_start"], r["char_end"]) for r in statements],
        [(r["char_start"], r["char_end"]) for r in quantities],
    )
    seen: Counter[tuple[str, str]] = Counter()
    rows = []
    for w in found:
        span = doc.text[w.char_start : w.char_end]
        seen[(w.kind, span)] += 1
        rows.append(
            {
                "warning_id": stable_id("w", doc.doc_id, w.kind, span, str(seen[(w.kind, span)])),
                "doc_id": doc.doc_id,
                "kind": w.kind,
                "text": span,
                "char_start": w.char_start,
                "char_end": w.char_end,
                "message": w.message,
            }
        )
    return rows
