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


def _measure_plain(pre: str, unit: str, t_after: str, growth_hint: bool) -> tuple[str, str | None, bool]:
    """_measure as it read before its cached part left out ``t_after``."""
    s = N._MEASURE_TRAIL_RE.sub("", pre.rstrip()[-16:])
    if N._TO_LEVEL_RE.search(s):
        return "level", None, True
    if unit not in N._GROWTH_UNITS and not growth_hint:
        m = N._AMOUNT_CHANGE_RE.search(pre.rstrip()[-8:])
        if m:
            return "growth", ("down" if m.group(1) in N._DOWN else "up"), False
    if unit in N._GROWTH_UNITS or growth_hint:
        m = N._RATE_VERB_RE.search(s)
        if m:
            return "growth", ("down" if m.group(1) in N._DOWN else "up"), False
        if N._GROWTH_AFTER_RE.match(t_after):
            return "growth", "up", False
        if growth_hint:
            return "growth", "up", False
    return "level", None, False


def test_measure_equals_plain():
    units = ("percent", "count", "CNY", "multiple", "percentage_point")
    afters = ("", "的增长", "以上的增速", "左右增幅", "，", "增长")
    for t in TEXTS:
        for m in N._NUM_RE.finditer(t):
            pre = t[max(0, m.start() - 20):m.start()]
            for unit in units:
                for hint in (False, True):
                    for after in afters + (t[m.end():m.end() + 6],):
                        assert N._measure(pre, unit, after, hint) == _measure_plain(pre, unit, after, hint)


def test_comparator_and_prefix_equal_plain():
    for t in TEXTS:
        for m in N._NUM_RE.finditer(t):
            for back in (4, 9, 20):
                pre = t[max(0, m.start() - back):m.start()]
                mp = N._PREFIX_CMP_RE.search(pre.rstrip()[-8:])
                for post, chinese in ((None, False), ("approx", True), ("range", False), ("ge", True)):
                    assert N._comparator_and_prefix(pre, post, chinese) == (
                        N._comparator_of(pre, post, chinese), N._PREFIX_CMP_MAP[mp.group(1)] if mp else None)


def test_shared_verb_search_in_place_equals_slice():
    rng = random.Random(3)
    for t in TEXTS:
        for _ in range(300):
            a, b = sorted(rng.sample(range(len(t) + 1), 2))
            m, ms = N._SHARED_VERB_RE.search(t, a, b), N._SHARED_VERB_RE.search(t[a:b])
            assert (m is None) == (ms is None)
            assert m is None or m.start() - a == ms.start()


def test_frame_paragraph_start_is_that_of_its_sentence():
    long_para = "前言。\n" + "全省经济，稳步增长" * 400 + "。增长5%。\n尾"
    for t in TEXTS + [long_para]:
        ix = N._Index(t)
        for pos in range(0, len(t), 7):
            sent, _, _, _, para_a = ix.frame(pos)
            if para_a > pos - 3000:
                assert para_a == ix.left(sent[0], "\n", 3000), pos
