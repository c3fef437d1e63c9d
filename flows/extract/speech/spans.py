"""Statement spans and continuation: a person's statement runs from the sentence
of its frame to the end of the paragraph, to where another source takes over or
to a sentence of third-person narration (``attribute``); a paragraph with no
source of its own may carry the previous speaker on (``continues``) or only
describe them (``describes``); a quotation may belong to the person named in the
sentence after it (``quote_owner``).
"""

from __future__ import annotations

import re

from flows.extract.speech import words
from flows.extract.speech.context import DocContext
from flows.extract.speech.cues import CUE_RE
from flows.extract.speech.frames import Frame
from flows.extract.speech.subjects import TITLE_THEN_SURNAME, bare_name, titled_mentions
from flows.extract.speech.text import OPEN_Q, SENTENCE_END, has_cjk, inside, quote_spans
from flows.extract.speech.words import either

_STOP = re.compile(r"[。!?]")  # a full stop, exclamation or question mark
_NARRATION = re.compile(
    rf"[。!?;]”?(?=(?:(?:{either(words.NARRATION_OPENERS)}),?"
    r"|[^,。!?;:“”\n]{1,8},)?[他她](?!们))"
)  # …。这些年,她一直为…奔走
# Verbs that report a person's intentions (他打算…, 她计划…): reported speech, not description
_INTENT = re.compile(either(words.INTENT_VERBS))
# A group as a subject in narration: 两人, 两位代表, 他们 (not right after 我: see _names_group)
_GROUP_SUBJECT = re.compile(either(words.GROUP_SUBJECTS))
_REPORTER_START = re.compile(rf"^(?:{either(words.REPORTER_OPENINGS)}|(?:图|上图|下图|左图|右图)\s*[:为]|\(完\)|来源)")
# A paragraph whose first clause gives a document or data as its source (报告显示, 数据表明,
# 公报指出): the reporter relaying it, not the previous speaker going on.
_DOC_SOURCE_START = re.compile(
    rf"^[^,。;:“]{{0,12}}?(?:{either(words.DOCUMENT_SOURCES)})(?:中|里|上)?(?:{either(words.SOURCE_VERBS)})"
)


def attribute(ctx: DocContext, cs: int, end: int, frames: list[Frame]) -> None:
    """Emit the statements of the prose ``norm[cs:end]`` from its ``frames``: each
    person's span from their frame's sentence to the next source's."""
    turns = ctx.turns
    cur: tuple[str, int, Frame, str] | None = None  # speaker, start, frame, attribution
    pieces: list[tuple[str, int, int, Frame, str]] = []
    para_speaker: str | None = None
    for f in frames:
        if f.kind == "name":
            who, how = f.name, "explicit"
        elif f.kind == "pronoun":
            who = para_speaker or mentioned_before(ctx, cs, f.subject_start) or turns.last_person
            who, how = turns.antecedent(f.name, who), "pronoun"
        else:
            who, how = None, "block"
        if who is not None:
            turns.last_person = who  # the antecedent of the next 他/她
        if cur and who == cur[0]:
            continue
        if cur:
            stop = max(f.pos, cur[1])
            if stop > cur[1]:
                pieces.append((cur[0], cur[1], stop, cur[2], cur[3]))
            cur = None
        if who is None:
            continue
        cur = (who, f.pos, f, how)
        para_speaker = who
    if cur:
        pieces.append((cur[0], cur[1], end, cur[2], cur[3]))
    last_end = -1
    for who, s, e, f, how in pieces:
        last_end = _narration_cut(ctx.norm, f.cue[1], e)
        for name in (who, *f.also):  # a joint subject: the same span for each person
            ctx.emit(s, last_end, name, how, cue=f.cue, frame=(f.subject_start, f.cue[1]))
    turns.prev_speaker = pieces[-1][0] if pieces and last_end == end else None
    turns.label_speaker = None


def _narration_cut(norm: str, after: int, end: int) -> int:
    """Where a statement stops before a sentence of third-person description
    (随后,他带领记者参观了园区。): a sentence opened by 他/她 with no reporting verb."""
    spans: list[tuple[int, int]] | None = None  # the quotations, found when first needed
    for m in _NARRATION.finditer(norm, after, end):
        s = m.end()
        if spans is None:
            spans = quote_spans(norm, after, end)
        if inside(m.end(), spans):
            continue
        sent_end = SENTENCE_END.search(norm, s, end)
        sentence = norm[s : sent_end.end()] if sent_end else norm[s:end]
        if not CUE_RE.search(sentence) and OPEN_Q not in sentence and not _INTENT.search(sentence):
            return s  # (a sentence quoting them, or giving their plans, still reports them)
    return end


def mentioned_before(ctx: DocContext, cs: int, pos: int, titled_only: bool = False) -> str | None:
    """The last person named (with a title, or already known) in the paragraph before ``pos``."""
    if titled_only and not TITLE_THEN_SURNAME.search(ctx.norm, cs, pos):
        return None  # no titled mention (see titled_mentions), found without copying the text
    best: tuple[int, str] | None = None
    seg = ctx.norm[cs:pos]
    for at, cand in titled_mentions(seg):
        if best is None or at > best[0]:
            best = (at, cand)
    for name in () if titled_only else ctx.known:
        i = seg.rfind(name)
        if i >= 0 and (best is None or i > best[0]):
            best = (i, name)
    if best is None:
        return None
    ctx.learn(best[1], cs + best[0])
    return best[1]


def _names_group(s: str) -> bool:
    """Whether ``s`` names a group (``_GROUP_SUBJECT``) other than right after 我. (Checked
    after each match: a pattern opening with a look-behind is tried at every character.)"""
    m = _GROUP_SUBJECT.search(s)
    while m and m.start() > 0 and s[m.start() - 1] == "我":
        m = _GROUP_SUBJECT.search(s, m.start() + 1)
    return m is not None


def continues(ctx: DocContext, cs: int, end: int) -> bool:
    """Whether a paragraph with no source of its own carries on the previous speaker."""
    text = ctx.norm[cs:end].strip()
    if not has_cjk(text, 6) or _REPORTER_START.match(text) or _DOC_SOURCE_START.match(text):
        return False
    if text.endswith(("?", "?")) and not text.startswith(OPEN_Q):
        return False
    if text[:1] in "他她" and not text.startswith(OPEN_Q):
        return False
    prev = ctx.turns.prev_speaker or ""
    if prev and text.startswith(prev):
        return False
    if not text.startswith(OPEN_Q):
        # the reporter describing people: a known person named, or a group (两人, 两位代表,
        # 他们) as the subject of the first sentence, outside quotations
        first = _STOP.search(text)
        head = text[: first.end()] if first else text
        q = head.find(OPEN_Q)
        head = head if q < 0 else head[:q]
        if _names_group(head):
            return False
        for name in ctx.known:
            if name in head:
                return False
    return True


def describes(ctx: DocContext, cs: int, end: int, who: str) -> bool:
    """Whether a paragraph with no source is the reporter describing ``who`` (named,
    or as the 他/她 they were taken up by) and no one else: their reported speech may
    go on in the next paragraph (作为一名老干部,王某对社区了如指掌。/ “…”)."""
    text = ctx.norm[cs:end]
    if len(text) > 120 or _names_group(text) or OPEN_Q in text:
        return False
    if any(name in text for name in ctx.known if name != who and who not in name):
        return False
    pronoun = ctx.turns.gender.get(who)
    return who in text or (pronoun is not None and text.startswith(pronoun) and text[1:2] != "们")


def quote_owner(ctx: DocContext, cs: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """A paragraph opened by a quotation whose next sentence names a person
    without a reporting verb ("“…”说起草原,委员扎西顿珠打开了话匣子。"):
    the quotation is that person's (``spans``: the paragraph's quotations). Emits it
    and returns True."""
    norm = ctx.norm
    if not spans or spans[0][0] != cs or spans[0][1] >= end or not _STOP.search(norm, cs, spans[0][1]):
        return False
    q_end = spans[0][1]
    stop = SENTENCE_END.search(norm, q_end, end)
    s_end = stop.end() if stop else end
    if "“" in norm[q_end:s_end]:
        return False
    who = mentioned_before(ctx, q_end, s_end) or _name_after_quote(ctx, q_end, s_end)
    if not who:
        return False
    ctx.emit(cs, s_end, who, "explicit", quote="direct")
    turns = ctx.turns
    turns.last_person = who
    turns.prev_speaker = who if s_end >= end else None
    turns.pending = []
    return True


def _name_after_quote(ctx: DocContext, q_end: int, s_end: int) -> str | None:
    """A bare name right after a closing quotation mark and before a word of saying
    (“…。”张华说这话时…: 张华, never 张华说)."""
    norm = ctx.norm
    cue = CUE_RE.search(norm, q_end + 2, min(s_end, q_end + 5))
    if not cue:
        return None
    found = bare_name(norm[q_end : cue.start()])
    if not found:
        return None
    name = found[0]
    ctx.learn(name, q_end)
    return name
