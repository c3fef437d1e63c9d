"""Shortcuts taken for speed in flows.extract.numbers (sixth round), each
checked against the plain code it replaces, on the test corpus and on fuzzed
and hand-written strings."""
from __future__ import annotations

import random

from flows.extract import numbers as N
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
