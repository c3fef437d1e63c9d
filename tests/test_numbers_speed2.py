"""More shortcuts taken for speed in flows.extract.numbers, each checked
against the plain version it replaces (see test_numbers_speed_invariants)."""
from __future__ import annotations

import random
import re

from flows.extract import numbers as N
from tests.test_numbers_speed_invariants import TEXTS, _chars_of, _first_atoms


def test_review_open_first_characters():
    from re import _parser

    atoms, nullable = _first_atoms(_parser.parse(N._REVIEW_OPEN.pattern, N._REVIEW_OPEN.flags))
    assert not nullable
    assert {c for atom in atoms for c in _chars_of(atom)} <= N._REVIEW_OPEN_FIRST


def test_plan_open_needs_its_words():
    # every alternative of the pattern holds one of the words
    for alt in re.sub(r"\(\?:[^()]*\)", "", N._PLAN_OPEN.pattern).split("|"):
        assert any(w in alt for w in N._PLAN_OPEN_WORDS), alt
    for t in TEXTS:
        for m in N._PLAN_OPEN.finditer(t):
            assert any(w in m.group(0) for w in N._PLAN_OPEN_WORDS)


def _subject_agent_plain(ix: N._Index, pos: int, sent: tuple[int, int]) -> str | None:
    """_subject_agent as it read before the per-document hit names."""
    a, b = sent
    x = next(N._agent_names(ix, a, pos, backward=True), None)
    if x is None:
        x = next(N._agent_names(ix, pos, b), None)
    if x is not None:
        return x
    para = N._agent_in(ix, ix.left(a, "\n", 2000), ix.right(b, "\n", 2000))
    if para:
        return min(para, key=lambda x: abs(x[0] - pos))[1]
    return None


def test_subject_agent_with_hit_names_equals_plain():
    rng = random.Random(11)
    for t in TEXTS:
        ix, plain = N._Index(t), N._Index(t)
        hits = [m.start() for m in N._AGENT_RE.finditer(t)]
        cands = list(range(0, len(t), 3)) + [h + d for h in hits for d in (-1, 0, 1, 2)]
        cands = [p for p in cands if 0 <= p < len(t)]
        for pos in rng.sample(cands, min(600, len(cands))):
            sent = ix.sentence(pos)
            for s in (sent, (max(0, sent[0] - rng.randrange(5)), sent[1]), (sent[0] + 1, sent[1])):
                if s[0] <= pos:
                    assert N._subject_agent(ix, pos, s) == _subject_agent_plain(plain, pos, s), (pos, s)


def test_cached_parse_cn():
    for s in ("一", "两千", "十五", "二〇三五", "三点五", "一亿二千万", "点", "万亿", ""):
        assert N._parse_cn(s) == N.parse_cn(s)
