"""Interview transcripts and the 代表通道 layout: names known from the start
(guest lines 访谈嘉宾:…, roster lines "titles name"), interview labels (王某: /
主持人: / 记者: / 问: 答:) that open an answer or, alone on their line, make the
paragraphs below it that person's turn; a label line of titles and a name followed
by a short headline (代表通道); and the person a heading is about.
"""

from __future__ import annotations

import re

from flows.extract.speech import words
from flows.extract.speech.context import DocContext
from flows.extract.speech.cues import CUE_RE
from flows.extract.speech.frames import Frame
from flows.extract.speech.layout import OUTLET_NAME, is_headline_line, is_roster_line
from flows.extract.speech.names import (
    CJK,
    ends_with_title,
    is_person_name,
    split_title_prefix,
    split_titles,
    surname_of,
)
from flows.extract.speech.speakers import alias_of
from flows.extract.speech.subjects import PRONOUNS, name_in, strip_interposed
from flows.extract.speech.text import Para
from flows.extract.speech.words import either

_ROLE_LABELS = frozenset(words.ROLE_LABELS)
_ANSWER_LABELS = frozenset(words.ANSWER_LABELS)
_NON_LABELS = re.compile(rf"^(?:[\u4e00-\u9fff]{{0,4}}嘉宾|{either(words.NON_LABELS)})$")
LABEL = re.compile(rf"([{CJK}A-Za-z·、]{{1,24}}?)\s*:\s*")
# A label standing alone on its line: a longer run of titles (separated by 、 or ,) then a
# name, then the colon ("全国政协委员,中华老字号传承人苏某:"); only read where nothing follows
# the colon on the line, so that prose with a comma before a colon is never taken for one.
_ALONE_LABEL = re.compile(rf"([{CJK}A-Za-z·、,()]{{1,64}}?)\s*:[ \t]*(?=\n|$)")
_LONG_LABEL = re.compile(rf"([{CJK}A-Za-z·、,()]{{1,64}}?)\s*:")
_LABEL_SEP = re.compile(r"[、,]")
# A guest line of an interview: 访谈嘉宾:titles name;titles name (one line)
# (matched after a line break: searched in the text with one prepended, offsets one further)
_GUEST_LINE = re.compile(rf"\n[^\S\n]*[{CJK}]{{0,4}}(?:{either(words.GUEST_WORDS)})\s*:\s*([^\n]+)")
_GUEST_SEP = re.compile(r"[;|/]|\s{2,}")
_CLAUSE_END = re.compile(r"[。!?;…]")
_SUBTITLE_PERSON = re.compile(rf"(?:——|--|—)\s*(?:专访|访|记|对话)([{CJK}A-Za-z0-9、·()]{{2,40}})\s*$")


def register_roster(ctx: DocContext) -> None:
    """Names printed on guest lines ("市人大代表、沙坪坝区委书记 唐小平") are known from the start."""
    norm = ctx.norm
    for p in ctx.paras:
        for line in norm[p.start : p.end].split("\n"):
            hit = is_roster_line(line)
            if hit:
                ctx.known[hit[1]] = hit[1]


def register_guests(ctx: DocContext) -> None:
    """Names on a guest line (访谈嘉宾:省人大代表、某县县长王某;市政协委员、某院院长李某)
    are known from the start: their answers may be labelled with the bare name."""
    for m in _GUEST_LINE.finditer("\n" + ctx.norm):
        at = m.start(1) - 1
        for piece in _GUEST_SEP.split(m.group(1)):
            last = _LABEL_SEP.split(piece.strip())[-1]
            split = split_title_prefix(last) if last else None
            name = split[1] if split else (last if is_person_name(last, titled=True) and surname_of(last) else None)
            if name:
                ctx.learn(name, at + m.group(1).find(name))


def heading_person(ctx: DocContext, ptext: str, start: int) -> str | None:
    """The person a heading is about: a cross-head "市人大代表王某:脚步丈量社区"
    or a subtitle "——专访全国人大代表、某院院长王某" / "——记种茶大户王某"."""
    sub = _SUBTITLE_PERSON.search(ptext)
    m = LABEL.match(ptext)
    if sub:
        label, at = sub.group(1), sub.start(1)
    elif m:
        label, at = m.group(1), m.start(1)
    else:
        return None
    last = label.split("、")[-1]
    found = name_in(last, ctx.known)
    if found and last.endswith(found[0]):
        name = found[0]
        ctx.learn(name, start + at + label.rfind(name))
        return name
    return None


def _label_speaker(ctx: DocContext, label: str, pos: int, alone: bool = False) -> tuple[str, str] | None:
    """(speaker, kind) for an interview label, or None if it is no speech label."""
    if _NON_LABELS.match(label):
        return None
    if label in _ROLE_LABELS or label.endswith("记者"):
        name = ctx.outlet or label
        ctx.print_form(name, ctx.outlet_at if ctx.outlet else pos)
        return name, "outlet"
    if label in _ANSWER_LABELS:
        who = ctx.turns.interviewee or ctx.turns.last_person
        return (who, "person") if who else ("", "none")
    if OUTLET_NAME.search(label) and len(label) <= 12:
        ctx.print_form(label, pos)
        return label, "outlet"
    if label.endswith(")") and "(" in label:  # 王某(省人大代表、某县县长): titles after the name
        label = label[: label.index("(")]
    last = _LABEL_SEP.split(label)[-1]
    cue = CUE_RE.search(last)
    if cue and cue.end() == len(last) and cue.start() > 0:
        if not alone:
            return None  # "张三认为:…" is a frame, read as prose
        last = strip_interposed(last[: cue.start()])  # "张三说:" on its own
    found = name_in(last, ctx.known) or _introduced_name(ctx, last, pos)
    if found:
        name = found[0]
        full = alias_of(ctx, name)
        if full:  # 王县长: (the answer of) the 王某 introduced in the guest line
            ctx.print_form(full, ctx.norm.find(full))
            return full, "person"
        ctx.learn(name, pos + label.rfind(name))
        return name, "person"
    return None


def read_label(ctx: DocContext, p: Para, cs: int) -> bool:
    """Handle a paragraph opened by an interview label; True when handled. Asked only
    for prose that holds a colon (``ProseIndex.colon``): a label ends with one.
    A label may stand alone on its line (the answer follows in the next paragraphs),
    be followed on the next line by a short headline (代表通道: the speech follows),
    or open the answer itself."""
    turns, norm = ctx.turns, ctx.norm
    m = _ALONE_LABEL.match(norm, cs, p.end)
    if m and "\n" not in norm[cs : m.end()] and _titles_then_name(ctx, m.group(1)):
        label = m.group(1)
    else:
        m = LABEL.match(norm, cs, p.end)
        if not m or len(m.group(1)) >= 12:  # a longer label must be titles and a name
            long = _LONG_LABEL.match(norm, cs, p.end)
            if long and _titles_then_name(ctx, long.group(1)):
                m = long
        if not m or "\n" in norm[cs : m.end(1)]:
            return False
        label = m.group(1)
    after = norm.index(":", m.end(1)) + 1
    rest = norm[after : p.end].lstrip(" \t")
    after = p.end - len(rest)
    headline: tuple[int, int] | None = None  # a short headline on the line after the label
    speech = cs  # where the statement starts: the label opens it, unless it stands on its own line
    if rest.startswith("\n"):
        a = after + 1
        b = norm.find("\n", a, p.end)
        b = p.end if b < 0 else b
        if is_headline_line(norm[a:b].strip()):
            headline = (a, b)
            speech = b + 1 if b < p.end else p.end
        else:
            speech = a  # the answer on the next line
    who = _label_speaker(ctx, label, cs, alone=not rest.strip() or speech > cs)
    if who is None:
        return False
    name, kind = who
    if kind == "none":  # 答: with no interviewee in view: no one's answer, and no one goes on
        turns.label_speaker = turns.prev_speaker = None
        return True
    if headline is not None:
        turns.section = ctx.text[headline[0] : headline[1]].strip()
    if speech >= p.end or not rest.strip():
        turns.label_speaker, turns.label_count = name, 0
        ctx.kinds.setdefault(name, kind)
        turns.prev_speaker = None
        return True
    if speech == cs and not _CLAUSE_END.search(rest) and len(rest) < 48:
        return False  # a cross-head "Name: slogan"
    if speech > cs:  # label (and headline) on their lines, the speech below in the same paragraph
        turns.label_speaker, turns.label_count = name, 1
        ctx.kinds.setdefault(name, kind)
        ctx.emit(speech, p.end, name, "explicit", kind=kind, quote="direct")
        return True
    turns.label_speaker = None
    ctx.emit(cs, p.end, name, "explicit", kind=kind, quote="direct")
    if kind == "person":
        turns.last_person = name
    turns.prev_speaker = name if kind == "person" else None  # a question does not run on
    return True


def _introduced_name(ctx: DocContext, label: str, pos: int) -> tuple[str, bool] | None:
    """A bare label (高山:) that is a name printed after a title earlier in the
    document (本期嘉宾是省人大代表高山): a name, even when also a common word."""
    if not 2 <= len(label) <= 4 or not surname_of(label):
        return None
    norm = ctx.norm
    i = norm.find(label, 0, pos)
    while i >= 0:
        if i > 0 and ends_with_title(norm[max(0, i - 12) : i]):
            return label, True
        i = norm.find(label, i + 1, pos)
    return None


def in_label_turn(ctx: DocContext, cs: int, end: int, frames: list[Frame]) -> bool:
    """Whether a paragraph under a label on its own line is the labelled person's
    speech: not when it has a source of its own or speaks of them in the third
    person (a cross-head's write-up: 王某说…, 他每天…)."""
    who = ctx.turns.label_speaker or ""
    if any(f.kind != "block" for f in frames):
        return False
    if ctx.kinds.get(who) == "person":
        text = ctx.norm[cs:end]
        if who in text or (text[:1] in PRONOUNS and text[1:2] != "们"):
            return False
    return True


def label_line(ctx: DocContext, ptext: str, start: int) -> bool:
    """A heading that is only titles and a name (交通运输部部长唐某, 全国人大代表、
    某村党支部书记刘某): the person whose speech follows. Starts label mode."""
    if not _titles_then_name(ctx, ptext) or _LABEL_SEP.split(ptext)[-1] == ptext and not split_title_prefix(ptext):
        return False
    last = _LABEL_SEP.split(ptext)[-1]
    split = split_title_prefix(last)
    name = split[1] if split else last
    ctx.learn(name, start + ptext.rfind(name))
    turns = ctx.turns
    turns.label_speaker, turns.label_count = name, 0
    ctx.kinds.setdefault(name, "person")
    return True


def _titles_then_name(ctx: DocContext, label: str) -> bool:
    """Whether a label is a run of titles (separated by 、 or ,) ending with a
    titled name: 全国政协委员,某研究所所长李某 / 交通运输部部长唐某."""
    if label.endswith(")") and "(" in label:  # 王某(省人大代表、某县县长)
        name, titles = label[:-1].split("(", 1)
        return bool(split_titles(titles)) and (name in ctx.known or is_person_name(name, titled=True))
    pieces = _LABEL_SEP.split(label)
    if any(not ends_with_title(piece) for piece in pieces[:-1]):
        return False
    last = pieces[-1]
    split = split_title_prefix(last) if last else None
    return split is not None or (len(pieces) > 1 and (last in ctx.known or is_person_name(last)))
