"""Reporting frames: each candidate reporting verb of a paragraph read with the
words before it (``subjects``), giving who the frame names (a person, a pronoun,
or a source that is no person), where its sentence starts, and the names it
introduces; plus frames with no verb (刘小燕信心满满:“…”) and verbs whose subject
opens the sentence before a comma (她听后点头,说…).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from flows.extract.speech.context import DocContext
from flows.extract.speech.cues import SEG_BOUND, ProseIndex, opens_clause, segment_start
from flows.extract.speech.names import ends_with_title
from flows.extract.speech.speakers import alias_of
from flows.extract.speech.subjects import LEAD_STRIP, PRONOUNS, Subject, name_in, read_subject
from flows.extract.speech.text import orphan_close, sentence_start


class Frame(NamedTuple):
    """A reporting frame found in a paragraph (a named tuple: frames are never
    changed once made, and one is made per reporting verb)."""

    pos: int  # start of the sentence holding the frame
    kind: str  # "name" | "pronoun" | "block"
    name: str | None
    cue: tuple[int, int]
    subject_start: int
    also: tuple[str, ...] = ()  # co-speakers of a joint subject


def subject_at(ctx: DocContext, b: int, e: int) -> Subject | None:
    """``parse_subject`` of ``norm[b:e]`` with the names known now. A reading
    depends on them only through those printed in the segment (in their order),
    so it is cached on the segment and those names (see ``read_subject``):
    the second reading of a verb reuses the first unless a name printed there has
    been learned in between, and segments such as 他说 recur."""
    norm = ctx.norm
    seg = norm[b:e]
    known = ctx.known
    subj = read_subject(seg, tuple([name for name in known if name in seg]) if known else (), norm[b - 1 : b] == "”")
    if subj is None or subj.kind != "name":
        return subj  # no offsets to move
    also = tuple([(n, at + b) for n, at in subj.also]) if subj.also else ()
    full = alias_of(ctx, subj.name)
    if full:  # 王代表说 → the 王某 introduced earlier
        return Subject("name", full, norm.find(full), True, also)
    return Subject("name", subj.name, subj.name_start + b, subj.titled, also)


def learn_names(ctx: DocContext, cs: int, end: int, prose: ProseIndex) -> None:
    """Learn the names the frames of ``norm[cs:end]`` introduce, as ``frames``
    does, without making the frames: each subject is read in the same order
    with the same names known. Frames matter to the names learned only through
    colon frames (a colon near a verb's frame is no frame of its own), so a
    paragraph with colon frames is read in full."""
    if prose.colons:
        frames(ctx, cs, end, prose)
        return
    for cue in prose.cues:  # the cues do not overlap (one regex scan finds them)
        b = _joint_start(ctx, cs, cue.subject_start)
        subj = subject_at(ctx, b, cue.subject_end)
        if subj is not None and subj.kind == "name" and subj.name:
            for name, at in ((subj.name, subj.name_start), *subj.also):
                ctx.learn(name, at)


def frames(ctx: DocContext, cs: int, end: int, prose: ProseIndex) -> list[Frame]:
    """The frames of the prose ``norm[cs:end]``, whose index is ``prose``."""
    norm = ctx.norm
    spans, cues, colons, _colon = prose
    if not cues and not colons:
        return []
    out: list[Frame] = []
    for c0, c1, e, b in cues:
        if out and c0 < out[-1].cue[1]:
            continue
        b = _joint_start(ctx, cs, b)
        subj = subject_at(ctx, b, e)
        if subj is None and b == e and norm[b - 1 : b] == ",":
            subj = _clause_subject(ctx, cs, b, spans, out)
        if subj is None:
            continue
        pos = sentence_start(norm, b, cs, spans)
        orphan = orphan_close(norm, cs, b)
        if orphan is not None and orphan < b and subj.kind != "block":
            pos = cs  # the quotation closed here began at the paragraph start (or before)
        if subj.kind == "block" and not opens_clause(norm, pos, b):
            continue  # a group/document mentioned mid-sentence does not take over
        also = tuple([n for n, _ in subj.also]) if subj.also else ()
        out.append(Frame(pos, subj.kind, subj.name, (c0, c1), b, also))
        if subj.kind == "name" and subj.name:
            for name, at in ((subj.name, subj.name_start), *subj.also):
                ctx.learn(name, at)
    if colons:
        out.extend(_colon_frames(ctx, cs, colons, spans, out))
        out.sort(key=lambda f: f.cue[0])
    return out


def _clause_subject(
    ctx: DocContext, cs: int, b: int, spans: list[tuple[int, int]], found: list[Frame]
) -> Subject | None:
    """The subject of a verb that opens a clause after a comma (她听后点头,说…):
    the pronoun or known name that opens the sentence, when no frame of the
    sentence (``found``: the frames so far) has taken it already."""
    pos = sentence_start(ctx.norm, b, cs, spans)
    if found and found[-1].pos >= pos:
        return None
    head = ctx.norm[pos:b]
    if head[:1] in PRONOUNS and head[1:2] not in ("们", "的"):
        return Subject("pronoun", head[:1])
    for name in ctx.known:
        if head.startswith(name):
            return Subject("name", name, pos, False)
    return None


def _joint_start(ctx: DocContext, cs: int, b: int) -> int:
    """Move a subject's start back over co-subjects joined by "、"
    (省人大代表龙春梅、蒋国栋表示): each piece before a "、" must be a name,
    possibly with titles glued in front."""
    norm = ctx.norm
    while b - 1 > cs and norm[b - 1] == "、":
        run, piece = _last_piece(norm[max(cs, b - 40) : b - 1])
        a = b - 1 - run
        if not piece or ends_with_title(piece):
            break  # checked first: a bare title (市人大代表、…) needs no name lookup
        found = name_in(piece, ctx.known)
        if not found or not piece.endswith(found[0]):
            break
        b = a
    return b


@lru_cache(maxsize=8192)
def _last_piece(window: str) -> tuple[int, str]:
    """(length, text after any lead-in) of the run of characters outside SEG_BOUND that
    ends ``window``. Cached: ``_joint_start`` reads each subject twice (see ``learn_names``)."""
    a = segment_start(window, 0, len(window))
    return len(window) - a, LEAD_STRIP.sub("", window[a:])


def _colon_frames(
    ctx: DocContext, cs: int, colons: list[int], spans: list[tuple[int, int]], have: list[Frame]
) -> list[Frame]:
    """Frames with no verb, a name then a short description then a colon and a
    quotation: 刘小燕信心满满:“我们打算…”. ``colons`` are the offsets of the
    colons before a quotation, outside quotations, in the paragraph."""
    norm, out = ctx.norm, []
    taken = {f.cue[0] for f in have}
    for c in colons:
        if any(f.cue[0] <= c <= f.cue[1] + 1 for f in have):
            continue
        b = c
        while b > cs and c - b < 30 and norm[b - 1] not in SEG_BOUND:
            b -= 1
        seg = norm[b:c]
        for k in range(min(len(seg), 20), 1, -1):
            head = LEAD_STRIP.sub("", seg[:k])
            found = name_in(head, ctx.known) if len(seg) - k <= 8 else None
            if found and (found[0] in ctx.known or found[1]) and b not in taken:
                name = found[0]
                out.append(Frame(sentence_start(norm, b, cs, spans), "name", name, (c, c), b, ()))
                ctx.learn(name, b + seg.rfind(name, 0, k))
                break
    return out
