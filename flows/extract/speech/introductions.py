"""Where a document introduces the people it quotes, and with which titles.

A news text names a person's offices where it introduces them, and not always
right before the name: "作为某社区党委书记,他每天…" (the person named just
before), "苏某成了全国人大代表" (after the name, as a predicate), "作为某中心主任,
何某长期…". The speech extractor reads titles glued before a name, after it
("X代表") and in guest lines; this module reads these other introductions, on
the normalised text, so that every printed title reaches the speaker.

Pure functions over a normalised document (see ``speech_text.normalize``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flows.extract.speech import words
from flows.extract.speech.names import CJK, ends_with_title

# 作为<titles>,<subject>: the titles are the subject's (a pronoun: the person named last)
_AS_TITLE = re.compile(rf"作为([{CJK}A-Za-z0-9、()·]{{2,48}}?)\s*,\s*")
_BECOME_WORDS = words.BECOME_WORDS
_BECOME = words.either(_BECOME_WORDS)
# <name>成了/是/担任<titles> up to the end of the clause (当选为 before 当选)
_BECAME = re.compile(rf"(?:当选为|{_BECOME})([{CJK}A-Za-z0-9、()·]{{2,40}}?)(?=[,。;!?]|$)")
# the same after 他/她 opening a clause (2018年,她当选村党支部书记): the person named last
_PRONOUN_BECAME = re.compile(rf"[他她](?=(?:也|还|曾|已|先后|随后)?(?:{_BECOME}))")
_CLAUSE_BREAKS = ",。;!?”\n"  # what stands before a clause's first word (or the text start)
_PIECE_SEP = re.compile(r"、")
_DESCRIBING = words.DESCRIBING_WORDS


def _title_pieces(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the titles in the run ``norm[start:end]`` (split on 、), each ending
    with a position word; none unless every piece does."""
    out: list[tuple[int, int]] = []
    pos = start
    for piece in _PIECE_SEP.split(norm[start:end]):
        if not piece or not ends_with_title(piece) or len(piece) > 30 or "的" in piece or piece.startswith(_DESCRIBING):
            return []  # (作为一名在基层干了多年的干部: a description, not a title)
        out.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


def introduced_titles(norm: str, names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """Offsets of the titles that ``norm`` gives each of ``names`` in introductions
    other than a title glued to the name: 作为X,他/她/Name and Name成了/是/担任X."""
    names = [n for n in names if n]
    out: dict[str, list[tuple[int, int]]] = {}
    if not names:
        return out
    mentions: list[tuple[int, str]] = []  # (offset, name) of every mention, in order
    for n in names:
        i = norm.find(n)
        while i >= 0:
            mentions.append((i, n))
            i = norm.find(n, i + len(n))
    mentions.sort()
    for m in _AS_TITLE.finditer(norm):
        pieces = _title_pieces(norm, m.start(1), m.end(1))
        if not pieces:
            continue
        after = norm[m.end() : m.end() + 12]
        who = next((n for n in names if after.startswith(n)), None)
        if who is None and after[:1] in "他她" and after[1:2] != "们":
            before = [n for at, n in mentions if at < m.start()]  # the person named last
            who = before[-1] if before else None
        if who:
            out.setdefault(who, []).extend(pieces)
    for at, n in mentions:
        m = _BECAME.match(norm, at + len(n))
        if m:
            out.setdefault(n, []).extend(_title_pieces(norm, m.start(1), m.end(1)))
    for p in _PRONOUN_BECAME.finditer(norm):
        if p.start() > 0 and norm[p.start() - 1] not in _CLAUSE_BREAKS:
            continue
        k = p.end()
        while not norm.startswith(_BECOME_WORDS, k) and k < p.end() + 2:
            k += 1  # over 也/还/曾/已 …
        m = _BECAME.match(norm, k)
        before = [n for at, n in mentions if at < p.start()]
        if m and before:
            out.setdefault(before[-1], []).extend(_title_pieces(norm, m.start(1), m.end(1)))
    return out
