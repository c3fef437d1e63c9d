"""A document's boundaries, found once: the per-document index the other steps share.

``_Index(text)`` holds the positions of the stop characters (sentence, part,
clause and item ends, newlines), and answers by bisection: where the clause,
sentence or paragraph around a position starts and ends (``left``, ``right``,
``frame``), so that no rule scans the text again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import compress

_SENT_END = "。！？!?\n"

_PART_END = _SENT_END + "；;"

_CLAUSE_END = _PART_END + "，,：:"

_ITEM_END = _CLAUSE_END + "、"

_match_start = re.Match.start


@cache
def _stop_class(stops: str) -> re.Pattern[str]:
    """A pattern matching any one of the characters of ``stops``."""
    return re.compile("[" + re.escape(stops) + "]")


@cache
def _char_set(stops: str) -> frozenset[str]:
    """The characters of ``stops`` as a set (for fast membership tests)."""
    return frozenset(stops)


_AGENT_STOPS = "，,。；;：:、！？!?\n“”（）()"

# every stop character _Index is asked about: sentence, part, clause, item and agent stops
_ALL_STOPS = frozenset(_ITEM_END + _AGENT_STOPS)

_INNER_STOPS = _ALL_STOPS - {"\n"}  # what one scan of the text finds (newlines are split out)
_INNER_STOPS_RE = re.compile("[" + re.escape("".join(sorted(_INNER_STOPS))) + "]")


def _find_all(t: str, c: str) -> list[int]:
    """Every position of the character ``c`` in ``t``, in order."""
    out = []
    i = t.find(c)
    while i >= 0:
        out.append(i)
        i = t.find(c, i + 1)
    return out


class _Index:
    """One document's stop characters (sentence ends, clause commas, 、,
    newlines …), their positions sorted, so that the sentence, clause or
    paragraph around any position is found by bisection instead of a scan.
    Also memoizes the agents of ranges asked for more than once.

    With ``spans`` (sorted, disjoint paragraphs, each ending before its
    newline) only the stop characters inside them are indexed, and newlines
    everywhere: the answers are then those for the whole text for positions
    inside the spans, for every stop set that holds the newline, and for
    other sets (、) up to the start of the paragraph. Agents and jurisdiction
    words are then matched in the spans only."""

    __slots__ = (
        "t",
        "_all",
        "_all_chars",
        "_newlines",
        "_positions",
        "agents",
        "sent_agents",
        "agent_hits",
        "hit_names",
        "juris",
        "spans",
    )

    def __init__(self, t: str, spans: list[tuple[int, int]] | None = None, newlines: list[int] | None = None) -> None:
        self.t = t
        self.spans = spans
        # one scan for every stop character but the newline (of the spans only,
        # when given); each stop set is picked out of it
        self._all = [
            m.start()
            for a, b in (spans if spans is not None else ((0, len(t)),))
            for m in _INNER_STOPS_RE.finditer(t, a, b)
        ]
        self._all_chars = list(map(t.__getitem__, self._all))
        self._newlines = newlines if newlines is not None else _find_all(t, "\n")
        self._positions: dict[str, list[int]] = {}
        self.agents: dict[tuple[int, int], list[tuple[int, str]]] = {}  # by paragraph range
        self.sent_agents: dict[tuple[int, int], list[tuple[int, str]]] = {}  # the same, by sentence
        self.agent_hits: tuple[list[int], list[int]] | None = None  # see _agent_hits
        self.hit_names: list[str | None | object] = []  # see _agent_hits
        self.juris: tuple[list[int], list[str]] | None = None  # see _juris_hits

    def positions(self, stops: str) -> list[int]:
        """Sorted positions of the characters of ``stops`` in the text."""
        got = self._positions.get(stops)
        if got is None:
            if stops == "\n":
                got = self._newlines  # (what the merge below gives)
            elif (chars := _char_set(stops)) <= _ALL_STOPS:
                if chars >= _INNER_STOPS:
                    got = self._all  # every stop of the one scan: nothing to pick out (lists here are never changed)
                else:
                    # (a frozenset's __contains__: a str's, called through its slot wrapper, costs several times more)
                    got = list(compress(self._all, map(chars.__contains__, self._all_chars)))
                if "\n" in stops:
                    got = sorted(got + self._newlines)  # two sorted runs: merged
            else:
                got = list(map(_match_start, _stop_class(stops).finditer(self.t)))
            self._positions[stops] = got
        return got

    def left(self, pos: int, stops: str, limit: int = 200, floor: int = 0) -> int:
        """Not looking before ``floor``: the index right after the last stop character in [max(floor, pos - limit), pos),
        else that lower bound."""
        lo = max(floor, pos - limit)
        idx = self._positions.get(stops)
        if idx is None:  # (not ``or``: an empty list would be computed again at every call)
            idx = self.positions(stops)
        k = bisect_left(idx, pos) - 1
        return idx[k] + 1 if k >= 0 and idx[k] >= lo else lo

    def right(self, pos: int, stops: str, limit: int = 300) -> int:
        """The first stop character in
        [pos, pos + limit), else the end of that window (or of the text)."""
        hi = min(len(self.t), pos + limit)
        idx = self._positions.get(stops)
        if idx is None:  # (not ``or``: an empty list would be computed again at every call)
            idx = self.positions(stops)
        k = bisect_left(idx, pos)
        return idx[k] if k < len(idx) and idx[k] < hi else hi

    def frame(self, pos: int) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int], int, int]:
        """(sentence, ；-part, clause, start of the 、-item, start of the
        paragraph) around ``pos``, each part clipped to the one it lies in."""
        # (conditional expressions rather than min/max calls: this runs once per quantity)
        t = self.t
        got = self._positions
        n = len(t)
        # the sentence: left(pos, _SENT_END, 400), right(pos, _SENT_END, 400)
        idx = got.get(_SENT_END)
        if idx is None:
            idx = self.positions(_SENT_END)
        k = bisect_left(idx, pos)
        lo, hi = (pos - 400 if pos > 400 else 0), (pos + 400 if pos + 400 < n else n)
        a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        b = idx[k] if k < len(idx) and idx[k] < hi else hi
        while a < pos and t[a] in '”’"」 ':
            a += 1
        # the ；-part within it: left/right(pos, _PART_END, 400)
        idx = got.get(_PART_END)
        if idx is None:
            idx = self.positions(_PART_END)
        k = bisect_left(idx, pos)
        pa = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        pb = idx[k] if k < len(idx) and idx[k] < hi else hi
        pa, pb = (pa if pa > a else a), (pb if pb < b else b)
        # the clause within that: left/right(pos, _CLAUSE_END, 200)
        idx = got.get(_CLAUSE_END)
        if idx is None:
            idx = self.positions(_CLAUSE_END)
        k = bisect_left(idx, pos)
        lo, hi = (pos - 200 if pos > 200 else 0), (pos + 200 if pos + 200 < n else n)
        ca = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        cb = idx[k] if k < len(idx) and idx[k] < hi else hi
        ca, cb = (ca if ca > pa else pa), (cb if cb < pb else pb)
        # the 、-item: left(pos, "、", 200)
        idx = got.get("、")
        if idx is None:
            idx = self.positions("、")
        k = bisect_left(idx, pos)
        item_a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        # the paragraph: left(pos, "\n", 3000)
        idx = self._newlines
        k = bisect_left(idx, pos)
        lo = pos - 3000 if pos > 3000 else 0
        para_a = idx[k - 1] + 1 if k and idx[k - 1] >= lo else lo
        return (a, b), (pa, pb), (ca, cb), (item_a if item_a > ca else ca), para_a

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence around ``pos``; a closing quote after 。 stays with it."""
        t = self.t
        a = self.left(pos, _SENT_END, 400)
        while a < pos and t[a] in '”’"」 ':
            a += 1
        return a, self.right(pos, _SENT_END, 400)
