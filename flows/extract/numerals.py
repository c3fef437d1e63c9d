"""Number parsing for Chinese text: Arabic (with thousands separators and
decimals), full-width digits, and Chinese numerals (一千二百, 两千, 二〇三五,
三点五).

Everything here is pure and length-preserving where text is rewritten, so
offsets found in the rewritten text are offsets into the original.
"""
from __future__ import annotations

# One character in, one character out: offsets survive the translation.
_FULLWIDTH = {ord(c): ord(h) for c, h in zip("０１２３４５６７８９．％＋－～／：", "0123456789.%+-~/:")}
_FULLWIDTH[ord("∶")] = ord(":")
_FULLWIDTH[ord("\u00a0")] = ord(" ")

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)


def halfwidth(text: str) -> str:
    """Fold full-width digits and the few symbols numbers use (．％～／∶) to
    ASCII, one character for one, so positions are unchanged."""
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


def parse_number(s: str) -> float | None:
    """Arabic or Chinese numeral to float; None when unparsable."""
    s = halfwidth(s)
    if not s:
        return None
    if s[0].isdigit():
        try:
            return parse_arabic(s)
        except ValueError:
            return None
    return parse_cn(s)
