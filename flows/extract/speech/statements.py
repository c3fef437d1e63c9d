"""Statements and speakers of a document: the entry point ``extract_speech``.

Rule-based and linear in the text: paragraphs are classified (heading,
credits/roster, interview label, prose); in prose, each reporting verb
outside quotation marks is read with the words just before it (its
"subject"), which may be a person (titles glued or not), a pronoun, or a
source that is not a person (a report, a group). A person's statement runs
from the start of the sentence that holds the frame (a quotation right
before the frame included) to the end of the paragraph or to the sentence
where another source takes over. Paragraphs with no source right after a
speaker's paragraph continue that speaker; a paragraph that only describes
them keeps their turn, one about someone else or a group ends it.

Labels: an interview label (王某: / 主持人: / 记者: / 问: 答:) opens the answer
in its paragraph, or, standing alone on its line, makes the paragraphs below
it that person's until the next label; a label line of titles and a name
(with or without a colon) followed by a short headline is the 代表通道 layout.
Names are known from guest lines (访谈嘉宾:…), titles (市人大代表王某) and
frames; a later 王代表 / 李县长 resolves to the one known person it fits, and
他/她 to the person in view that the pronoun fits. Titles printed elsewhere
(作为X,他… / 王某成了X) come from ``introductions``. A government work report
read out to an assembly is no one's speech.

All matching happens on a normalised copy of the text of the same length
(simplified characters, half-width punctuation, curly quotes), so offsets
are those of the input text.

The steps, each a module reading and updating one ``context.DocContext``:
``layout`` (what a paragraph is), ``labels`` (transcripts, 代表通道), ``cues`` and
``subjects`` (reporting verbs and the words before them), ``frames`` (who a
verb's frame names), ``spans`` (how far a statement runs, continuation),
``speakers`` (titles, organisation, region, pinyin).
"""

from __future__ import annotations

from flows.extract.speech.context import DocContext
from flows.extract.speech.cues import ProseIndex
from flows.extract.speech.frames import frames as read_frames
from flows.extract.speech.frames import learn_names
from flows.extract.speech.labels import (
    heading_person,
    in_label_turn,
    label_line,
    read_label,
    register_guests,
    register_roster,
)
from flows.extract.speech.layout import (
    find_outlet_at,
    house_outlet,
    is_credits,
    is_heading,
    is_headline_line,
    strip_dateline,
    work_report_at,
)
from flows.extract.speech.spans import attribute, continues, describes, mentioned_before, quote_owner
from flows.extract.speech.speakers import speakers, statements
from flows.extract.speech.text import Para, document_paragraphs, normalize_scan, opens_unclosed, orphan_close
from flows.extract.types import SpeechResult


def extract_speech(text: str, *, outlet: str | None = None) -> SpeechResult:
    """Statements (char offsets into ``text``) and their speakers, one per person per document.
    ``outlet`` (documents.outlet) names the paper that credits such as 本报记者 stand for,
    so that role-labelled questions (记者:, 问:) go to it."""
    if not text or not text.strip():
        return SpeechResult()
    ctx = _open(text, outlet)
    # Quotations, candidate reporting verbs and colon frames of each paragraph's prose
    # (norm[cs:p.end]): none of them depends on the names known, so they are found
    # once, for both readings below.
    proses = [ProseIndex.of(ctx.norm, cs, p.end) for p, cs in zip(ctx.paras, ctx.starts)]
    for p, cs, prose in zip(ctx.paras, ctx.starts, proses):  # learn the names that frames introduce anywhere
        learn_names(ctx, cs, p.end, prose)
    ctx.printed.clear()
    for i, (p, prose) in enumerate(zip(ctx.paras, proses)):
        _paragraph(ctx, i, p, prose)
    return SpeechResult(statements=statements(ctx), speakers=speakers(ctx))


def _open(text: str, outlet: str | None) -> DocContext:
    """The context of a document: normalised text, paragraphs (those before a work
    report read out, if any), where their prose starts, the outlet, and the names
    known from the start (roster and guest lines)."""
    norm, spaces = normalize_scan(text)
    paras = document_paragraphs(norm)
    report = work_report_at(norm)
    if report is not None:  # a report read out to an assembly is no one's speech: only what precedes it is read
        paras = [p for p in paras if p.end <= report]
    credited = find_outlet_at(norm)
    ctx = DocContext(
        text=text,
        norm=norm,
        paras=paras,
        starts=[strip_dateline(norm, p) for p in paras],
        outlet=credited[0] if credited else house_outlet(norm, text, outlet),
        outlet_at=credited[1] if credited else -1,
    )
    if spaces:  # a roster line holds white space other than a line break: none, no roster
        register_roster(ctx)
    register_guests(ctx)
    return ctx


def _paragraph(ctx: DocContext, i: int, p: Para, prose: ProseIndex) -> None:
    """Read paragraph ``i``: a heading, credits, a label, a labelled turn, or prose."""
    turns, norm = ctx.turns, ctx.norm
    ptext = norm[p.start : p.end]
    cs = ctx.starts[i]
    if cs > p.start:  # a dateline opens a new article
        turns.last_person = None
        turns.prev_speaker = None
    if prose.colon and read_label(ctx, p, cs):  # a label ends with a colon: most prose has none
        return
    credits = is_credits(ptext)
    if is_heading(ptext) and not credits:
        _heading(ctx, i, p, ptext)
        return
    if credits:
        turns.prev_speaker = None
        return
    frames = read_frames(ctx, cs, p.end, prose) if turns.label_speaker is None or prose.cues else []
    if turns.label_speaker and in_label_turn(ctx, cs, p.end, frames):
        how = "explicit" if turns.label_count == 0 else "continuation"
        kind = ctx.kinds.get(turns.label_speaker, "person")
        ctx.emit(cs, p.end, turns.label_speaker, how, kind=kind, quote="direct")
        turns.label_count += 1
        return
    turns.label_speaker = None
    has_source = False  # a person (by name or pronoun) among the frames
    for f in frames:  # (a loop: a generator expression costs a frame per paragraph)
        if f.kind != "block":
            has_source = True
            break
    if not has_source and quote_owner(ctx, cs, p.end, prose.spans):
        return
    if not frames and opens_unclosed(norm, cs, p.end) and not turns.prev_speaker:
        turns.pending.append(Para(cs, p.end))  # a quotation that runs on into later paragraphs
        return
    if frames:
        if turns.pending and orphan_close(norm, cs, p.end) is not None:
            first = next((f for f in frames if f.kind != "block"), None)
            who = first.name if first and first.kind == "name" else (turns.last_person if first else None)
            for q in turns.pending if who else []:
                ctx.emit(q.start, q.end, who, "continuation", quote="direct")
        turns.pending = []
        attribute(ctx, cs, p.end, frames)
    elif turns.prev_speaker and continues(ctx, cs, p.end):
        ctx.emit(cs, p.end, turns.prev_speaker, "continuation")
        turns.pending = []
    else:
        if not (turns.prev_speaker and not frames and describes(ctx, cs, p.end, turns.prev_speaker)):
            turns.prev_speaker = None  # (a sentence describing the speaker does not end their turn)
        turns.pending = []
    if not has_source:
        introduced = mentioned_before(ctx, cs, p.end, titled_only=True)
        if introduced:  # a person introduced by the reporter is the antecedent of a later 他/她 or 答:
            turns.last_person = introduced


def _heading(ctx: DocContext, i: int, p: Para, ptext: str) -> None:
    """A heading: a new section, maybe a 代表通道 label line or headline, maybe a new
    article (pronouns and 答: look no further back), maybe about a person."""
    turns = ctx.turns
    turns.section = ctx.text[p.start : p.end]
    turns.prev_speaker = None
    if turns.label_speaker and turns.label_count == 0 and is_headline_line(ptext):
        return  # 代表通道: label line, then a short headline, then the speech
    turns.label_speaker = None
    if i > 0 and "\n" not in ptext and label_line(ctx, ptext, p.start):
        return  # 代表通道 with no colon: 交通运输部部长唐某 on its own line
    nxt = ctx.paras[i + 1] if i + 1 < len(ctx.paras) else None
    head = heading_person(ctx, ptext, p.start)
    if (
        i == 0
        or "\n" in ptext
        or head
        or nxt is None
        or ctx.starts[i + 1] > nxt.start
        or is_credits(ctx.norm[nxt.start : nxt.end])
    ):
        turns.last_person = None  # a new article: pronouns and 答: look no further back
        turns.interviewee = None
    if head:
        turns.last_person = head
        turns.interviewee = head
