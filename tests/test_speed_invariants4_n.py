"""Shortcuts taken for speed in flows.extract.numbers.quantities (fourth round), each
checked against the plain code it replaces, on the test corpus and on fuzzed
and hand-written strings."""
from __future__ import annotations

import random
import re

from flows.extract.numbers import quantities as N
from tests.test_numbers_speed_invariants import TEXTS

# --------------------------------------------------------------------------- the patterns as they read before

_NUM_SCAN_PLAIN = re.compile(r"[\d百翻" + N._CN + r"](?:(?<=[\d百翻万亿])|(?="
                             + N._class_of(set(N._CN) | {"点"} | N._AFTER_NUMBER) + "))")
_TIME_START_PLAIN = re.compile(r"[\d一二两三四五六七八九年全明现“\"十到至截在今去上过前近最多累未本目当如眼下]"
                               r"(?:(?<=\d)(?=\d*年)|(?<=[一二两三四五六七八九])(?=年)|(?<=二)(?=〇)|(?<=年)(?=[初均内底])"
                               r"|(?<=[全明上])(?=年)|(?<=现)(?=[有已])|(?<=目)(?=前)|(?<=[“\"])(?=十)"
                               r"|(?<=[到至在])(?=(?:19|20)\d\d|二〇)|(?<=[十截今去过前近最多累未本当如眼下]))")

# every decimal digit of the running interpreter's Unicode database (what \d matches)
_ALL_DIGITS = [chr(c) for c in range(0x110000) if chr(c).isdecimal()]

# characters the fuzzed strings are made of: the first characters of both
# patterns, what they look ahead for, ASCII and non-ASCII digits (Arabic-Indic,
# Devanagari, fullwidth, Vai, mathematical bold: in and out of the BMP), other
# characters of the ranges _DIGITS_OR_MORE adds (Greek-free Arabic letters,
# Hangul, emoji, a non-BMP CJK ideograph) and ordinary CJK text and punctuation
_ALPHABET = ("0123456789百翻零〇○一二两三四五六七八九十千万亿点年成:余多元%个人亿倍"
             "全明现“\"到至截在今去上过前近最多累未本目当如眼下初均内底有已〇"
             "٠١٢٣४५６７꘠꘡𝟎𝟏𝟗ابت가나😀𠀀\u0700\u1fff\uabff\ua61f\uff1a\uff0c\U00010000"
             "的地区生产总值增长，。；、\n ")


def _fuzz(seed: int, n: int, length: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, length))) for _ in range(n)]


def _starts(rx: re.Pattern[str], t: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(t)]


def test_digits_or_more_covers_every_decimal_digit():
    """_DIGITS_OR_MORE holds every \\d character (all code points of this
    interpreter's Unicode database, in and out of the BMP)."""
    cls = re.compile("[" + N._DIGITS_OR_MORE + "]")
    assert _ALL_DIGITS, "no decimal digits found"
    missing = [hex(ord(c)) for c in _ALL_DIGITS if not cls.match(c)]
    assert not missing
    # and it leaves out the characters of Chinese text: CJK ideographs, their punctuation
    assert not any(cls.match(c) for c in "的一万，。；：（）“”、《》〇\u3000\u4e00\u9fff")


def test_num_scan_re_matches_as_before():
    """_NUM_SCAN_RE, its first character from the wider class, matches
    exactly where (and what) the plain pattern matches: on the corpus, on
    every decimal digit, and on fuzzed strings."""
    texts = list(TEXTS) + _fuzz(41, 3000, 40)
    texts += ["".join(_ALL_DIGITS[i:i + 40]) + "万元" for i in range(0, len(_ALL_DIGITS), 40)]
    texts += [d + nxt for d in _ALL_DIGITS[::7] for nxt in ("年", "点", "x", "")]
    for t in texts:
        assert _starts(N._NUM_SCAN_RE, t) == _starts(_NUM_SCAN_PLAIN, t), t
        for pos in range(0, len(t), 5):
            got, want = N._NUM_SCAN_RE.search(t, pos), _NUM_SCAN_PLAIN.search(t, pos)
            assert (got and got.span()) == (want and want.span()), (t, pos)
    assert sum(len(_starts(N._NUM_SCAN_RE, t)) for t in texts) > 1000


def test_time_start_re_matches_as_before():
    """_TIME_START_RE likewise, in whole texts and in spans (as _matches_in calls it)."""
    texts = list(TEXTS) + _fuzz(42, 3000, 40)
    texts += ["".join(_ALL_DIGITS[i:i + 40]) + "年" for i in range(0, len(_ALL_DIGITS), 40)]
    for t in texts:
        assert _starts(N._TIME_START_RE, t) == _starts(_TIME_START_PLAIN, t), t
        rng = random.Random(len(t))
        for _ in range(3):
            a = rng.randint(0, len(t))
            b = rng.randint(a, len(t))
            assert [m.span() for m in N._TIME_START_RE.finditer(t, a, b)] == \
                [m.span() for m in _TIME_START_PLAIN.finditer(t, a, b)]
    assert sum(len(_starts(N._TIME_START_RE, t)) for t in texts) > 1000


def test_scan_and_time_phrases_as_before(monkeypatch):
    """_scan and find_time_phrases give the same with the plain patterns
    (the whole path, non-BMP characters and non-ASCII digits included)."""
    texts = list(TEXTS) + _fuzz(43, 1500, 60)
    got = [([vars(r) for r in N._scan(t)], N.find_time_phrases(t, 2024)) for t in texts]
    monkeypatch.setattr(N, "_NUM_SCAN_RE", _NUM_SCAN_PLAIN)
    monkeypatch.setattr(N, "_TIME_START_RE", _TIME_START_PLAIN)
    want = [([vars(r) for r in N._scan(t)], N.find_time_phrases(t, 2024)) for t in texts]
    assert got == want
    assert sum(len(g[0]) for g in got) > 500 and sum(len(g[1]) for g in got) > 200


# --------------------------------------------------------------------------- _Index.positions


def _positions_plain(t: str, spans: list[tuple[int, int]] | None, stops: str) -> list[int]:
    """The stop positions as _Index.positions read before (a str's __contains__)."""
    from itertools import compress

    all_ = [m.start() for a, b in (spans if spans is not None else ((0, len(t)),))
            for m in N._INNER_STOPS_RE.finditer(t, a, b)]
    chars = list(map(t.__getitem__, all_))
    newlines = N._find_all(t, "\n")
    if stops == "\n":
        return newlines
    got = list(compress(all_, map(stops.__contains__, chars)))
    return sorted(got + newlines) if "\n" in stops else got


def test_index_positions_and_frames_as_before():
    """positions() with the frozenset look-ups, and asked again for a set
    with no position (no longer recomputed), equal the plain lists; frame()
    gives the same as when every list is computed afresh."""
    texts = list(TEXTS) + _fuzz(44, 800, 80)
    sets = (N._SENT_END, N._PART_END, N._CLAUSE_END, "、", N._AGENT_STOPS, "\n")
    for t in texts:
        for spans in (None, [(0, len(t))] if t else None):
            ix = N._Index(t, spans)
            for stops in sets + sets:  # twice: the cached lists too
                assert ix.positions(stops) == _positions_plain(t, spans, stops), (t, stops)
            fresh = N._Index(t, spans)
            for pos in range(len(t)):
                assert ix.frame(pos) == fresh.frame(pos)
                fresh._positions.clear()  # each list computed again for the next position
    empty = N._Index("没有停顿的一段文字")
    assert empty.positions("、") == [] and empty.frame(3)[3] == 0
    assert empty._positions["、"] == []
