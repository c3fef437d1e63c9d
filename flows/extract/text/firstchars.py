"""First characters of a regular expression, derived from the pattern itself;
and the positions of a few characters, found by ``str.find``.

The extractors find candidates for a costly pattern with a one-character class
first (``first.search(t, pos)`` runs in C and skips the text between
candidates), then try the pattern only there. That class must hold every
character a match can start with; written by hand it drifts from the pattern
it shadows. ``first_class(rx)`` reads it off the parsed pattern at import time:
literals, character classes (ranges, categories such as ``\\s`` kept as such,
``\\d`` as ``DIGITS_OR_MORE``), branches, groups and repeats; zero-width items
(``^``, look-arounds) are skipped. A pattern whose match can be empty, or start
with any character (``.``, a negated class, a back reference), has no such
class: ``ValueError``.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

# A class body holding every \d character and a few more. For a character outside it the
# regex engine rejects it in one table look-up, where \d costs a look-up in the Unicode
# database for each character of the text (every CJK character). Every decimal digit of
# the Unicode database lies in these ranges (tests/extract/test_firstchars.py checks
# every code point); a first class may hold more than the pattern starts with.
DIGITS_OR_MORE = r"0-9\u0660-\u1fff\ua620-\uabff\uff10-\uff19\U00010000-\U0010ffff"

_CATEGORY_CLASS = {"CATEGORY_DIGIT": DIGITS_OR_MORE, "CATEGORY_SPACE": r"\s", "CATEGORY_WORD": r"\w"}


class _AnyStart(Exception):
    """A match may start with any character."""


def _atoms(items: list) -> tuple[set[tuple], bool]:
    """(what a match of the parsed ``items`` can start with, whether it can be empty)."""
    atoms: set[tuple] = set()
    for op, av in items:
        if op is C.LITERAL:
            atoms.add(("char", av))
            return atoms, False
        if op is C.IN:
            for iop, iav in av:
                if iop is C.NEGATE:
                    raise _AnyStart
                if iop is C.LITERAL:
                    atoms.add(("char", iav))
                elif iop is C.RANGE:
                    atoms.add(("range", iav))
                elif iop is C.CATEGORY and iav.name in _CATEGORY_CLASS:
                    atoms.add(("category", iav))
                else:
                    raise _AnyStart
            return atoms, False
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero width
        if op is C.BRANCH:
            nullable = False
            for alt in av[1]:
                a, n = _atoms(alt)
                atoms |= a
                nullable = nullable or n
            if not nullable:
                return atoms, False
            continue
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                raise _AnyStart  # inline flags (?i) change what a character matches
            a, n = _atoms(av[3])
            atoms |= a
            if not n:
                return atoms, False
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            a, n = _atoms(av[2])
            atoms |= a
            if av[0] > 0 and not n:
                return atoms, False
            continue
        raise _AnyStart  # ANY, NOT_LITERAL, GROUPREF, anything else
    return atoms, True


def first_atoms(rx: re.Pattern[str]) -> set[tuple]:
    """What a match of ``rx`` can start with: ("char", code point), ("range", (lo, hi)),
    ("category", the parser's category code, such as CATEGORY_DIGIT)."""
    if rx.flags & re.IGNORECASE:
        raise ValueError(f"{rx.pattern!r}: case-insensitive patterns are not supported")
    try:
        atoms, nullable = _atoms(_parser.parse(rx.pattern, rx.flags))
    except _AnyStart:
        raise ValueError(f"{rx.pattern!r}: a match may start with any character") from None
    if nullable:
        raise ValueError(f"{rx.pattern!r}: a match may be empty")
    return atoms


def first_chars(rx: re.Pattern[str]) -> str:
    """Every character a match of ``rx`` can start with, sorted (no ranges nor categories)."""
    atoms = first_atoms(rx)
    out: set[str] = set()
    for kind, value in atoms:
        if kind == "char":
            out.add(chr(value))
        elif kind == "range":
            out.update(chr(c) for c in range(value[0], value[1] + 1))
        else:
            raise ValueError(f"{rx.pattern!r}: a match may start with any character of {value}")
    return "".join(sorted(out))


def class_body(atoms: set[tuple]) -> str:
    """The inside of a character class (``[...]``) matching exactly ``atoms``."""
    parts = []
    for kind, value in sorted(atoms, key=lambda a: (a[0], str(a[1]))):
        if kind == "char":
            parts.append(re.escape(chr(value)))
        elif kind == "range":
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        else:
            parts.append(_CATEGORY_CLASS[value.name])
    return "".join(parts)


def first_class(rx: re.Pattern[str]) -> re.Pattern[str]:
    """A one-character pattern matching every character a match of ``rx`` can start with."""
    return re.compile("[" + class_body(first_atoms(rx)) + "]")


def char_positions(t: str, chars: str) -> list[int]:
    """Sorted positions in ``t`` of any of the characters ``chars``: one
    ``str.find`` run per character, which skips text far faster than a regex
    character class does (worth it for characters that are rare in the text)."""
    out: list[int] = []
    find = t.find
    for c in chars:
        i = find(c)
        while i >= 0:
            out.append(i)
            i = find(c, i + 1)
    if len(chars) > 1:
        out.sort()
    return out
