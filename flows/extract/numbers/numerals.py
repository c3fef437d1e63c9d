"""Number parsing for Chinese text: Arabic (with thousands separators and
decimals), full-width digits, and Chinese numerals (一千二百, 两千, 二〇三五,
三点五).

Everything here is pure and length-preserving where text is rewritten, so
offsets found in the rewritten text are offsets into the original.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

# One character in, one character out: offsets survive the translation.
_FULLWIDTH = {ord(c): ord(h) for c, h in zip("０１２３４５６７８９．％＋－～／：", "0123456789.%+-~/:")}
_FULLWIDTH[ord("∶")] = ord(":")
_FULLWIDTH[ord("\u00a0")] = ord(" ")

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "亿": 100_000_000}


# Traditional characters folded to their simplified form, one character for one, so
# that cues, units and magnitudes (萬, 億, 個, 將, 達到 …) read the same in a 繁體
# paragraph: every CJK character that OpenCC's t2s conversion maps to one other
# character. Offsets survive: every pair is one character for one. Deriving the
# table takes OpenCC ~0.3 s, so it is kept per machine and OpenCC version in the
# user cache (``t2s-<version>.json``), and rebuilt when that file is missing or
# damaged; with no writable cache it is derived in the process.
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


def derive_t2s() -> dict[int, int]:
    """The table from OpenCC itself: each character converted alone."""
    import opencc

    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi)]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # a conversion across the separators: convert one by one
        convert = opencc.OpenCC("t2s").convert
        out = [convert(c) for c in chars]
    return {ord(a): ord(b) for a, b in zip(chars, out) if len(b) == 1 and a != b}


def _opencc_version() -> str | None:
    """The installed OpenCC's version, from its dist-info folder's name beside the package
    (``importlib.metadata.version`` scans every installed distribution: ~0.1 s)."""
    import opencc

    site = Path(opencc.__file__).resolve().parent.parent
    for name in os.listdir(site):
        if name.startswith("opencc_python_reimplemented-") and name.endswith(".dist-info"):
            return name[len("opencc_python_reimplemented-") : -len(".dist-info")]
    return None


def _t2s_cache_path() -> Path | None:
    try:
        from flows.settings import user_cache_dir

        version = _opencc_version()
        return user_cache_dir() / f"t2s-{version}.json" if version else None
    except Exception:  # no home, no readable site-packages: derive in the process
        return None


@functools.cache
def t2s_table() -> dict[int, int]:
    """``derive_t2s()``, read from the user cache when it is there."""
    path = _t2s_cache_path()
    if path is not None:
        try:
            pairs = json.loads(path.read_text(encoding="utf-8"))
            table = {int(k): int(v) for k, v in pairs.items()}
            if table:
                return table
        except (OSError, ValueError, AttributeError, TypeError):
            pass
    table = derive_t2s()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({str(k): v for k, v in sorted(table.items())}), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return table


def _any_of(table: dict[int, int]) -> re.Pattern[str]:
    """A pattern finding any character that ``table`` maps: a C-speed test that
    lets texts with nothing to fold skip ``str.translate`` (slow with a dict)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")


@functools.cache
def _trad_any() -> re.Pattern[str]:
    return _any_of(t2s_table())


@functools.cache
def _fold_any() -> re.Pattern[str]:
    return _any_of({**t2s_table(), **_FULLWIDTH})


_FULLWIDTH_ANY = _any_of(_FULLWIDTH)


def needs_folding(text: str) -> bool:
    """False when neither ``halfwidth`` nor ``simplified`` would change
    ``text`` (one scan for both)."""
    return _fold_any().search(text) is not None


def simplified(text: str) -> str:
    """Fold the traditional characters that matter around figures to their
    simplified form, one character for one (offsets unchanged)."""
    if _trad_any().search(text) is None:
        return text
    return text.translate(t2s_table())


def fold(text: str) -> str:
    """Matching form: Simplified characters, half-width digits; same length as ``text``
    (the two tables share no character, so the order of the folds does not matter)."""
    return halfwidth(simplified(text)) if needs_folding(text) else text


def halfwidth(text: str) -> str:
    """Fold full-width digits and the few symbols numbers use (．％～／∶) to
    ASCII, one character for one, so positions are unchanged."""
    if _FULLWIDTH_ANY.search(text) is None:
        return text
    return text.translate(_FULLWIDTH)


def parse_arabic(s: str) -> float:
    """'1,200' -> 1200.0, '196.5' -> 196.5 (thousands separators dropped)."""
    return float(s.replace(",", "").replace("，", ""))


def parse_cn(s: str) -> float | None:
    """Parse a Chinese numeral: 一千二百 -> 1200, 两千 -> 2000, 十五 -> 15,
    二〇三五 -> 2035, 三点五 -> 3.5, 一亿二千万 -> 120000000.

    Returns None when ``s`` is not a well-formed numeral.
    """
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_cn(whole) if whole else 0.0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    if any(c not in CN_DIGITS and c not in CN_UNITS and c not in CN_BIG for c in s):
        return None
    if len(s) > 1 and all(c in CN_DIGITS for c in s):
        # digit-by-digit form: 二〇三五 -> 2035
        return float("".join(str(CN_DIGITS[c]) for c in s))
    total = 0.0
    section = 0.0
    number = 0.0
    seen_digit = False
    for c in s:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
            seen_digit = True
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            if not seen_digit:
                number = 1  # 十五 -> 15, 千 -> 1000
            section += number * unit
            number = 0
            seen_digit = False
        else:  # 万 / 亿
            big = CN_BIG[c]
            if not seen_digit and section == 0 and number == 0 and total == 0:
                number = 1
            if big == 100_000_000:
                total = (total + section + number) * big
            else:
                total += (section + number) * big
            section = 0
            number = 0
            seen_digit = False
    return float(total + section + number)
