"""The shortcuts taken for speed in flows.extract.numbers give exactly what the
plain regular expressions and scans give: first-character classes cover every
possible match start, index look-ups equal the scans, the whole-text agent
matches equal the per-slice ones, the rewritten look-behinds equal the
originals."""
from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pytest

from flows.extract import numbers as N
from flows.extract.clean import clean_text
from flows.extract.numerals import halfwidth, simplified

ROOT = Path(__file__).resolve().parent.parent

EDGE = (
    "到2030年底，全省地区生产总值增长5%左右。比2020年翻一番；11995年，12年来、近3年、未来五年内，"
    "“十四五”时期末，十五规划期间，今年以来去年上年前年同比增长了约3.5%，已经将近1200亿元。\n"
    "即将、必将、而已、不要、主要、要素、应对、应急、计划书。澄江县第十四届人大，澜州省政府工作报告。"
    "從２０２０年的45%提高到５０％，增長1,200萬元/人，三成多，3:1，４．５%—５%，1000—1200亿元。\n"
)


def _texts() -> list[str]:
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/corpus/*.txt"))
    texts = [simplified(halfwidth(clean_text(p.read_text(encoding="utf-8")))) for p in paths]
    return texts + [simplified(halfwidth(EDGE)), EDGE]


TEXTS = _texts()


# --------------------------------------------------------------------------- first characters

def _first_atoms(items) -> tuple[set, bool]:
    """(what a match of the parsed ``items`` can start with, can it be empty), as
    flows/extract/firstchars.py reads it; ("any",) when it may start anywhere."""
    from flows.extract import firstchars

    try:
        return firstchars._atoms(items)
    except firstchars._AnyStart:
        return {("any",)}, False


@lru_cache(maxsize=None)
def _unicode_digits() -> list[str]:
    digit = re.compile(r"\d")
    return [chr(c) for c in range(0x110000) if digit.match(chr(c))]


def _chars_of(atom) -> list[str]:
    kind = atom[0]
    if kind == "char":
        return [chr(atom[1])]
    if kind == "range":
        return [chr(c) for c in range(atom[1][0], atom[1][1] + 1)]
    if kind == "category" and atom[1].name == "CATEGORY_DIGIT":
        return _unicode_digits()
    raise AssertionError(f"cannot enumerate {atom}")


@pytest.mark.parametrize("rx, first", [
    (N._TIME_RE, N._TIME_FIRST_RE),
    (N._NUM_RE, N._NUM_FIRST_RE),
    (N._TIME_STRIP_RE, N._TIME_STRIP_FIRST_RE),
    (N._BASE_CMP_RE, N._BASE_CMP_FIRST_RE),
    (N._BASE_OF_RE, N._BASE_OF_FIRST_RE),
    (N._FROM_TO_RE, N._FROM_TO_FIRST_RE),
], ids=["time", "num", "time_strip", "base_cmp", "base_of", "from_to"])
def test_first_character_class_covers_every_match_start(rx, first):
    from re import _parser

    atoms, nullable = _first_atoms(_parser.parse(rx.pattern, rx.flags))
    assert not nullable, "the pattern must never match the empty string"
    assert ("any",) not in atoms
    missing = [c for atom in atoms for c in _chars_of(atom) if not first.fullmatch(c)]
    assert not missing, missing[:20]


def test_finditer_from_equals_finditer():
    for rx, first in ((N._TIME_RE, N._TIME_FIRST_RE), (N._NUM_RE, N._NUM_FIRST_RE)):
        for t in TEXTS:
            got = [(m.span(), m.groupdict()) for m in N._finditer_from(rx, first, t)]
            assert got == [(m.span(), m.groupdict()) for m in rx.finditer(t)]


def test_blank_out_equals_sub():
    for rx, first in ((N._TIME_STRIP_RE, N._TIME_STRIP_FIRST_RE), (N._BASE_CMP_RE, N._BASE_CMP_FIRST_RE),
                      (N._BASE_OF_RE, N._BASE_OF_FIRST_RE), (N._FROM_TO_RE, N._FROM_TO_FIRST_RE)):
        for t in TEXTS:
            for piece in re.split(r"[，。；\n]", t):
                want = rx.sub(lambda m: "　" * len(m.group(0)), piece)
                assert N._blank_out(rx, first, piece) == want


# --------------------------------------------------------------------------- rewritten patterns

_ORIGINAL_PATTERNS = {
    "_GOAL_STRONG": (
        r"力争|争取|确保|目标|预期(?!寿命)|计划|预计|(?<![即必])将(?![近其之来])|拟|(?<![主重需必只纲摘提首紧简想不])要(?![素求点闻害件领是])"
        r"|努力|力求|规划|年后|下一步|未来|明年|年内|奋斗|打算|准备(?![金好])|有望|希望|呼吁"
        r"|(?<![件条份个项的些、和及与])建议(?![书稿案和、与及]|\d|[一二三四五六七八九十两百千]+[件条项])"),
    "_FACT_STRONG": (
        r"(?<![而得业])已(?!经)|已经|现有|目前|当前|截至|截止|(?<![比较])去年|(?<![比较同])上年|(?<![比较])前年|过去|以来"
        r"|五年来|近年来|一年来"
        r"|同比|完成了|实现了|达到了|增长了|提高了|下降了|增加了|降低了|突破了|创历史"
        r"|共(?:收到|接待|受理|办理|举办|开展|签约|引进|完成|实现|征集|提交|提出|审议|通过)|(?<![为除])了(?=[约近超逾]?\d)"
        r"|创新高|获评|获批|荣获|位居|位列|居全国|居全省|居西部|建成了|现已"),
    "_AGENT_RE": (
        r"(?<![即必])将(?![近其之来])|已经|(?<![而得业])已|现有|(?<![主重需必只纲摘提首紧简想不])要(?![素求点闻害件领是])"
        r"|计划|力争|争取|拥有|共有|实现|应(?![对用急该当有])|全年|今年|去年|目前"),
    "_JURIS_ANY_RE": (
        r"(?<![居于占比较高低超])(?:全国|全省|全市|全县|全区|全州|我国|我省|我市|我县|我区|该市|该省|该县|该区|本市|本省)"),
    "_PRESENT_RE": r"(?<![而得业])已|目前|现有|当前|如今|现在",
}


@pytest.mark.parametrize("name", sorted(_ORIGINAL_PATTERNS))
def test_lookbehind_after_literal_equals_original(name):
    new, old = getattr(N, name), re.compile(_ORIGINAL_PATTERNS[name])
    for t in TEXTS:
        assert [m.span() for m in new.finditer(t)] == [m.span() for m in old.finditer(t)]
        for i in range(0, len(t), 7):
            a, b = new.match(t, i), old.match(t, i)
            assert (a and a.span()) == (b and b.span())


def test_places_from_hints_equal_finditer():
    for t in TEXTS:
        want = [(m.span(), m.groups()) for m in N._PLACE_RE.finditer(t)]
        assert [(m.span(), m.groups()) for m in N._place_matches(t)] == want


def test_drop_trail_word_equals_regex():
    samples = [w for w in N._TRAIL_WORDS] + ["地区生产总值" + w for w in N._TRAIL_WORDS]
    samples += [s + "\n" for s in samples[:20]] + ["", "增", "超过\n", "达到了"]
    for s in samples:
        assert N._drop_trail_word(s) == N._TRAIL_RE.sub("", s)


# --------------------------------------------------------------------------- index and agents

@pytest.mark.parametrize("stops", [N._SENT_END, N._PART_END, N._CLAUSE_END, "、", "\n", N._AGENT_STOPS, "的"])
def test_index_equals_scans(stops):
    for t in TEXTS:
        ix = N._Index(t)
        for pos in range(0, len(t), 5):
            for limit in (200, 400, 3000):
                assert ix.left(pos, stops, limit) == N._left(t, pos, stops, limit)
                assert ix.right(pos, stops, limit) == N._right(t, pos, stops, limit)
            for floor in (0, max(0, pos - 17), pos):
                seg_left = N._left(t[floor:], pos - floor, stops, 200) + floor
                assert ix.left(pos, stops, 200, floor=floor) == seg_left


def _agent_in_slow(t: str, a: int, b: int) -> list[tuple[int, str]]:
    """The original: match the slice, scan back for the words before each hit."""
    out = []
    seg = t[a:b]
    for m in N._AGENT_RE.finditer(seg):
        x = N._agent_name(seg[N._left(seg, m.start(), N._AGENT_STOPS):m.start()])
        if x is not None:
            out.append((a + m.start(), x))
    return out


def test_agents_from_whole_text_equal_slices():
    rng = random.Random(7)
    for t in TEXTS:
        ix = N._Index(t)
        bounds = list(range(0, len(t) + 1, 5)) + [m.start() for m in N._AGENT_RE.finditer(t)]
        for _ in range(400):
            a, b = sorted(rng.sample(bounds, 2))
            assert N._agent_in(ix, a, b) == _agent_in_slow(t, a, b), (a, b)
