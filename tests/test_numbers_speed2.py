"""More shortcuts taken for speed in flows.extract.numbers, each checked
against the plain version it replaces (see test_numbers_speed_invariants)."""
from __future__ import annotations

import random
import re

from flows.extract import numbers as N
from tests.test_numbers_speed_invariants import (
    TEXTS,
    _chars_of,
    _first_atoms,
    _unicode_digits,
)


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


def _fuzz_texts(tokens: list[str], n: int = 6000, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(tokens) for _ in range(rng.randrange(1, 8))) for _ in range(n)]


def test_time_start_finds_every_time_phrase_start():
    tokens = list("0123456789一二两三四五六七八九十〇年全明现上目前“”\"到至在截止今去过近最多累未本当如眼下来后内底初均比较同，。\n")
    tokens += ["20", "19", "2025", "二〇", "二〇二五", "十四五", "十五", "年", "截至", "截止到", "目前", "上年", "年底", "以来"]
    for t in TEXTS + _fuzz_texts(tokens):
        for k in range(len(t)):
            if N._TIME_RE.match(t, k):
                assert N._TIME_START_RE.match(t, k), (t, k)


def test_newlines_from_paragraph_lengths():
    from itertools import accumulate

    for t in TEXTS + ["", "\n", "\n\n", "a\n", "\na", "ab\n\ncd"]:
        paras = t.split("\n")
        assert list(accumulate(map((1).__add__, map(len, paras)), initial=-1))[1:-1] == N._find_all(t, "\n")
        assert N._section_modes(t, 2024, True, paras) == N._section_modes(t, 2024, True)


def test_para_cue_first_characters():
    from re import _parser

    # _TIME_START_RE's first class is wider than the characters its matches
    # start with (look-behinds test them again): its plain form, whose matches
    # test_speed_invariants4_n shows to be the same, is the one read here
    from tests.test_speed_invariants4_n import _TIME_START_PLAIN

    for rx in (N._PARA_CUE_RE, _TIME_START_PLAIN):
        atoms, nullable = _first_atoms(_parser.parse(rx.pattern, rx.flags))
        assert not nullable
        for atom in atoms:
            if atom[0] == "category":  # \d
                assert atom[1].name == "CATEGORY_DIGIT"
                continue
            assert set(_chars_of(atom)) <= N._PARA_CUE_FIRST, atom
    assert set(_unicode_digits()) == {chr(c) for c in range(0x110000) if chr(c).isdecimal()}


def test_code_characters_equal_regexes():
    import itertools

    chars = ["A", "z", "+", "＋", "·", "\n", "中", "1", " ", "Ａ"]
    assert N._CODE_CHARS == {c for c in map(chr, range(0x110000)) if N._CODE_AFTER_RE.match(c)}
    for n in range(5):
        for tup in itertools.product(chars, repeat=n):
            s = "".join(tup)
            assert (s[:1] in N._CODE_CHARS) == bool(N._CODE_AFTER_RE.match(s))
            got = s[-1:] in N._CODE_CHARS or s[-1:] == "\n" and s[-2:-1] in N._CODE_CHARS
            assert got == bool(N._CODE_BEFORE_RE.search(s)), s


def _classify_plain(cues, keys, pos, end, clause_a, part_a, sent_a, sent_b, mode, is_range, para_a=None, quote_at=None):
    """_classify as it read before the adjoining ranges were looked up at once."""
    quote_b = sent_b if quote_at is None or not end <= quote_at < sent_b else quote_at
    for tier in (0, 1):
        c, k = cues[tier], keys[tier]
        for a, b in ((clause_a, pos), (part_a, clause_a), (sent_a, part_a)):
            kind = N._last_cue(c, k, a, b)
            if kind:
                return kind
        kind = N._first_cue(c, k, end, quote_b)
        if kind:
            return kind
        if tier == 0 and para_a is not None and para_a < sent_a:
            kind = N._last_cue(cues[2], keys[2], para_a, sent_a)
            if kind:
                return kind
        if mode.kind:
            return mode.kind
    return "goal" if is_range else "fact"


def test_classify_equals_plain():
    rng = random.Random(9)
    for _ in range(20000):
        cues = tuple(sorted((rng.randrange(60), rng.choice(("goal", "fact"))) for _ in range(rng.randrange(4)))
                     for _ in range(3))
        keys = tuple([p for p, _ in c] for c in cues)
        sent_a, part_a, clause_a, pos = sorted(rng.randrange(50) for _ in range(4))
        if rng.random() < 0.2:
            sent_a, part_a, clause_a = (rng.randrange(50) for _ in range(3))  # not adjoining
        end = pos + rng.randrange(4)
        sent_b = end + rng.randrange(8)
        mode = N._Mode(rng.choice((None, "goal", "fact")), None, None)
        args = (cues, keys, pos, end, clause_a, part_a, sent_a, sent_b, mode, rng.random() < 0.5,
                rng.choice((None, rng.randrange(50))), rng.choice((None, rng.randrange(60))))
        # _classify reads the same values from the document's times and the position's frame
        times = N._Times([], [], cues, keys, None)
        frame = ((sent_a, sent_b), (part_a, sent_b), (clause_a, sent_b), clause_a, args[10])
        assert N._classify(times, frame, pos, end, mode, args[9], args[11]) == _classify_plain(*args), args


def test_scan_with_narrow_candidates_equals_first_characters(monkeypatch):
    tokens = list("0123456789一二两三四五六七八九十百千万亿零〇○点翻番%元个人年成:多余统进步体化的，。\n")
    tokens += ["百分之", "翻一番", "亿元", "万人", "多个", "1,200", "3:1", "—", "至", "个百分点"]
    texts = TEXTS + _fuzz_texts(tokens, n=8000, seed=13)
    narrow = [N._scan(t) for t in texts]
    monkeypatch.setattr(N, "_NUM_SCAN_RE", N._NUM_FIRST_RE)
    assert [N._scan(t) for t in texts] == narrow


def _paragraphs_at_plain(newlines: list[int], n: int, positions: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in positions:
        k = N.bisect_left(newlines, p)
        span = (newlines[k - 1] + 1 if k else 0, newlines[k] if k < len(newlines) else n)
        if not out or out[-1] != span:
            out.append(span)
    return out


def test_paragraphs_at_equals_plain():
    rng = random.Random(17)
    for t in TEXTS + ["", "\n", "ab\n\ncd\n"]:
        newlines = N._find_all(t, "\n")
        for _ in range(200):
            positions = sorted(rng.randrange(len(t) + 1) for _ in range(rng.randrange(12)))
            assert N._paragraphs_at(newlines, len(t), positions) == _paragraphs_at_plain(newlines, len(t), positions)
