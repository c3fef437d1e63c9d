"""First-character classes read off a pattern (flows/extract/text/firstchars.py): they hold
every character a match can start with, and refuse patterns that have none; positions of
characters found by str.find are those a character class finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.extract.text.firstchars import DIGITS_OR_MORE, char_positions, first_chars, first_class


@pytest.mark.parametrize(
    "pattern,chars",
    [
        (r"以上|以下|左右", "以左"),
        (r"(?:到|至)?(?:19|20)\d\d年", None),
        (r"^(?:过去一年|一年来)", "一过"),
        (r"(?<![比较])去年|上年", "上去"),
        (r"“[^”]{0,4}”|《[^》]*》", "《“"),
        (r"a*b", "ab"),
    ],
)
def test_first_chars(pattern, chars):
    rx = re.compile(pattern)
    cls = first_class(rx)
    if chars is not None:
        assert first_chars(rx) == "".join(sorted(chars))
    for text in ("以上", "到2030年", "2030年", "过去一年", "一年来", "上年", "“某某”", "《规划》", "aab", "b"):
        m = rx.match(text)
        if m is not None and m.end() > m.start():
            assert cls.match(text), (pattern, text)


@pytest.mark.parametrize("pattern", [r"a?", r".b", r"[^x]y", r"(?=a)", r"(?i:a)b"])
def test_patterns_with_no_first_class_are_refused(pattern):
    with pytest.raises(ValueError):
        first_class(re.compile(pattern))


def test_digit_class_holds_every_decimal_digit():
    """A first class stands for \\d with DIGITS_OR_MORE: it must hold every character \\d matches."""
    wide = re.compile("[" + DIGITS_OR_MORE + "]")
    assert all(wide.match(chr(c)) for c in range(0x110000) if chr(c).isdecimal())
    assert first_class(re.compile(r"\d+年")).pattern == "[" + DIGITS_OR_MORE + "]"


@given(st.text(alphabet="ab“”\n市县", max_size=60), st.text(alphabet="ab“”\n市县", min_size=1, max_size=4))
def test_char_positions_are_those_a_character_class_finds(text, chars):
    expected = [m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)]
    assert char_positions(text, "".join(dict.fromkeys(chars))) == expected
