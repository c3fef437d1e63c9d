"""Shortcuts taken for speed in flows.extract.numbers.quantities (sixth round), each
checked against the plain code it replaces, on the test corpus and on fuzzed
and hand-written strings."""
from __future__ import annotations

import random

from flows.extract.numbers import quantities as N
from tests.test_numbers_speed_invariants import TEXTS

# characters that make _RANGE_LOW_RE match or nearly match: digits (ASCII and
# not), the point, units and magnitudes, other ideographs, separators, spaces
# of several kinds, newlines and punctuation that stop a unit
_RANGE_ALPHABET = "0123456789٣５..%%万亿千百元人个年的增长至到至到——–-~  \u3000\n\t，。；a"


def _fuzz(seed: int, n: int, length: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_RANGE_ALPHABET) for _ in range(rng.randint(1, length))) for _ in range(n)]


def _lefts() -> list[str]:
    """The 30 characters before every number of the corpus, as _merge_ranges
    reads them, and every suffix of them."""
    out = []
    for t in TEXTS:
        for m in N._NUM_FIRST_RE.finditer(t):
            left = t[max(0, m.start() - 30):m.start()]
            out += [left[k:] for k in range(len(left))]
    return out


def test_range_low_hint_is_necessary():
    """_merge_ranges searches with _RANGE_LOW_RE only where
    _RANGE_LOW_HINT_RE finds something: wherever the first matches, the
    second does too."""
    matched = 0
    for left in _lefts() + _fuzz(61, 40000, 14) + ["1至", "5%—", "4.5%\u3000到\n", "1000亿元 — ", "3万亿—\n"]:
        if N._RANGE_LOW_RE.search(left):
            matched += 1
            assert N._RANGE_LOW_HINT_RE.search(left), left
    assert matched > 1000  # the fuzzed strings reach the pattern often enough to mean something


# characters for the span patterns: their words' characters, what their
# look-arounds test, digits, stops and runs of newlines
_SPAN_ALPHABET = ("将即必近其之来已而得业经现有要主重需必素求点是计划力争取拥共实应对用急全今去年目前国省市县区我该本居于占"
                  "了为除约超逾建议书案件条项一二十预期寿命准备金好截止同比月底以来过去十四五规划“”\"2020年，。、；：！？（）\n\n\n ")


def _paragraph_spans(t: str) -> list[tuple[int, int]]:
    """Every paragraph of ``t`` as a span, as _paragraphs_at gives it."""
    newlines = N._find_all(t, "\n")
    return N._paragraphs_at(newlines, len(t), list(range(len(t) + 1)))


def _span_results(t: str, spans: list[tuple[int, int]]) -> tuple:
    ix = N._Index(t, spans, N._find_all(t, "\n"))
    tps = N.find_time_phrases(t, 2025, spans)
    return (ix._all, N._agent_hits(ix), N._juris_hits(ix), tps, N._cues(t, tps, 2025, None, spans),
            [ix.frame(p) for p in range(0, len(t), 3)], [N._subject_agent(ix, p, ix.sentence(p)) for p in range(0, len(t), 5)])


def test_joined_spans_read_as_their_parts():
    """Every pattern read in spans finds in the joined spans what it finds
    in the spans one by one: on the corpus (every paragraph a span, and
    every other paragraph) and on fuzzed strings."""
    rng = random.Random(62)
    fuzz = ["".join(rng.choice(_SPAN_ALPHABET) for _ in range(rng.randint(1, 60))) for _ in range(6000)]
    joined_any = 0
    for t in TEXTS + fuzz:
        every = _paragraph_spans(t)
        for spans in (every, every[::2], every[1::3]):
            joined = N._join_adjacent(t, spans)
            joined_any += len(joined) < len(spans)
            assert _span_results(t, joined) == _span_results(t, spans), t
    assert joined_any > 1000
