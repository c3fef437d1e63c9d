"""Reporting verbs (表示, 指出, 说 …) and what a paragraph's prose holds before any
name is known: its quotations, its candidate reporting verbs outside them (minus
nominal uses and 说/称 inside other words) with the stretch where each verb's
subject may stand, and the colons that open a quotation (``ProseIndex``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from flows.extract.speech import words
from flows.extract.speech.names import alternation, two_character_words
from flows.extract.speech.subjects import CJK_CHAR, LEAD_STRIP
from flows.extract.speech.text import SENTENCE_END, SENTENCE_MARKS, inside, quote_spans

CUE_RE = re.compile(alternation(words.CUE_VERBS) + "(?:说|道)?")
_SAY_NEXT = set(",:。“‘ !?;、\n") | {"道", "着", "出", "起", "过", "得", "了"}
_SAY_PREV_BAD = set("来所据听再话是虽要就还或")
_CHENG_NEXT_BAD = set("赞为号作呼道心职")
SEG_BOUND = set(",。;:!?“”‘’()《》\n 、【】[]")
_SEG_RUN = re.compile("[^" + "".join(map(re.escape, sorted(SEG_BOUND))) + "]*")  # characters outside SEG_BOUND
_COLON_QUOTE = re.compile(r":\s*“")


class Cue(NamedTuple):
    """A reporting verb that passed the checks that need no names, and the
    stretch before it where its subject may be printed."""

    start: int
    end: int
    subject_end: int  # where the subject ends (before an aside such as 张三(化名)说)
    subject_start: int  # the furthest back it begins (before co-subjects joined by 、)


class ProseIndex(NamedTuple):
    """What a paragraph's prose holds regardless of the names known."""

    spans: list[tuple[int, int]]  # top-level quotations
    cues: list[Cue]  # candidate reporting verbs, in order
    colons: list[int]  # colons that open a quotation (刘小燕信心满满:“…”), outside quotations
    colon: bool  # whether the prose holds a colon at all (``labels.read_label`` asks too)

    @classmethod
    def of(cls, norm: str, cs: int, end: int) -> ProseIndex:
        """The index of the prose ``norm[cs:end]``."""
        spans = quote_spans(norm, cs, end)
        colon = norm.find(":", cs, end) >= 0
        colons = (
            []
            if not colon  # most prose has no colon at all
            else [m.start() for m in _COLON_QUOTE.finditer(norm, cs, end) if not inside(m.start(), spans)]
        )
        return cls(spans, _cue_candidates(norm, cs, end, spans), colons, colon)


def _cue_candidates(norm: str, cs: int, end: int, spans: list[tuple[int, int]]) -> list[Cue]:
    """Reporting verbs in the prose ``norm[cs:end]`` outside quotations, minus
    nominal uses (张三提出的建议, 所介绍), 说/称 in other words, and 看来 outside 在X看来."""
    out: list[Cue] = []
    for m in CUE_RE.finditer(norm, cs, end):
        c0, c1 = m.start(), m.end()
        if spans and inside(c0, spans):
            continue
        word = m.group()
        if word.startswith("说") or word == "说道":
            nxt = norm[c1 : c1 + 1]
            if norm[c0 - 1 : c0] in _SAY_PREV_BAD:
                continue
            if nxt and nxt not in _SAY_NEXT and (norm[c0 - 1 : c0] != "," or in_word(norm[c1 - 1 : c1 + 1])):
                continue  # 说 glued to its object only right after a comma (她点头,说这正是…), never 说明
        if word.startswith("称") and (norm[c1 : c1 + 1] in _CHENG_NEXT_BAD or in_word(norm[c0 - 1 : c0 + 1])):
            continue  # 称赞, 称为; 职称, 名称, 简称: a word that holds 称 is no verb of saying
        if c1 == end or norm[c1] in SENTENCE_MARKS:
            # a verb that ends its sentence reports nothing of its own: it closes a quotation
            # ("…。”张三说。") or is no reporting verb at all (人民的向往和期盼。)
            q = max(norm.rfind("”", cs, c0), norm.rfind("’", cs, c0))
            if q < 0 or SENTENCE_END.search(norm, q, c0):
                # no comma in its sentence: from the last sentence end before it (or cs)
                last = max(norm.rfind(mark, cs, c0) for mark in SENTENCE_MARKS)
                if norm.find(",", last + 1 if last >= 0 else cs, c0) < 0:
                    continue
        if norm[c1 : c1 + 1] == "的" or norm[c0 - 1 : c0] in ("的", "所", "被"):
            continue  # nominal use: 张三提出的建议, 所介绍
        e = c0
        if norm[e - 1 : e] == ")":  # 张三(化名)说
            o = norm.rfind("(", max(cs, e - 40), e)
            if o > cs:
                e = o
        b = segment_start(norm, max(cs, e - 48), e)
        if word == "看来":
            if not _kanlai_frame(norm, cs, b):
                continue
            b += norm[b : b + 1] == "在"
        out.append(Cue(c0, c1, e, b))
    return out


def in_word(pair: str) -> bool:
    """Whether two characters make an everyday word (职称, 名称): then the second is
    part of that word, not a verb of its own."""
    return len(pair) == 2 and pair in two_character_words()


def segment_start(norm: str, lo: int, end: int) -> int:
    """Where the run of characters outside SEG_BOUND that ends at ``end`` begins,
    looking no further back than ``lo``: the character loop
    ``while a > lo and norm[a - 1] not in SEG_BOUND: a -= 1`` from ``a = end``,
    as one regex match over the window read backwards (its mirror image)."""
    return end - _SEG_RUN.match(norm[lo:end][::-1]).end()


# the longest stripped sentence-so-far that can open a clause: a lead-in word, or six characters
_LONGEST_OPENING = max(6, *map(len, words.LEAD_INS))


def opens_clause(norm: str, start: int, end: int) -> bool:
    """Whether a subject at ``end`` opens the sentence ``norm[start:end]`` so far: nothing
    before it, or only a lead-in such as 采访中, / 会上, / 对此, with no verb of saying.
    Read in place: copying a long sentence for each of its cues made a paragraph quadratic."""
    if not CJK_CHAR.search(norm, start, end):
        return True
    first, last = start, end  # the sentence so far without the spaces and commas around it
    while last > first and norm[last - 1] in " ,":
        last -= 1
    while first < last and norm[first] in " ,":
        first += 1
    if last - first > _LONGEST_OPENING:
        return False
    p = norm[first:last]
    if LEAD_STRIP.fullmatch(p):
        return True
    k = end  # the last character that is not white space: a comma closing the lead-in
    while k > start and norm[k - 1].isspace():
        k -= 1
    return k > start and norm[k - 1] == "," and len(p) <= 6 and not CUE_RE.search(p)


def _kanlai_frame(norm: str, cs: int, b: int) -> bool:
    """Whether 看来 closes a frame 在X看来: the clause before it opens with 在."""
    k = b
    while k > cs and norm[k - 1] not in ",。;:!?“”\n":
        k -= 1
    return norm[k : k + 1] == "在"
