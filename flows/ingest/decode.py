"""Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with one, or
GB18030; refused with the reason when the bytes are not text or decode to
implausible Chinese."""

from __future__ import annotations

import re
from functools import lru_cache

_MAX_BAD_CHAR_SHARE = 0.01
#: control characters (Cc) but tab, line feed, carriage return and form feed; private use (Co);
#: surrogates (Cs); the replacement character
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]")
#: a decoded text whose Han characters are less than this share common ones is refused as
#: implausible Chinese (bytes in another encoding read as GB18030, such as Shift-JIS). Real
#: documents (seeds/, tests/corpus/, the 25 reports of 2026) score 0.992 or more; Shift-JIS
#: Japanese read as GB18030 scores 0.13-0.22
MIN_COMMON_HAN_SHARE = 0.8
#: fewer Han characters than this are too few to measure
_MIN_HAN_MEASURED = 10


def decode(raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM or GB18030.

    Returns ``(text, encoding)``; raises ``ValueError`` with a reason when the
    bytes are empty, not text, or decode to implausible Chinese (see
    ``MIN_COMMON_HAN_SHARE``). Byte positions count from 0 in the file."""
    if not raw.strip():
        raise ValueError("empty file")
    utf8_error: int | None = None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not text: invalid UTF-8 at byte {exc.start + 3}") from None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ValueError(f"not text: invalid UTF-16 at byte {exc.start}") from None  # counts the BOM
    else:
        if b"\x00" in raw:
            raise ValueError(f"not text: NUL byte at byte {raw.index(0)} and no UTF-16 byte-order mark")
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            utf8_error = exc.start
            try:
                text, encoding = raw.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as gb:
                # name the error of the encoding that read further: that is the one the file is in
                if utf8_error >= gb.start:
                    raise ValueError(f"not text: invalid UTF-8 at byte {utf8_error}") from None
                raise ValueError(f"not text: invalid GB18030 at byte {gb.start}") from None
    suspects = _suspects().findall(text)
    bad = len(_BAD_CHARS.findall("".join(suspects)))
    if bad > _MAX_BAD_CHAR_SHARE * len(text):
        raise ValueError(f"not text: {bad} control or private-use characters in {len(text)} ({encoding})")
    if not text.strip():
        raise ValueError("empty file")
    if len(suspects) == bad:
        return text, encoding  # every Han character is a common one: plausible, whatever their number
    common, han = common_han(text)
    if han >= _MIN_HAN_MEASURED and common < MIN_COMMON_HAN_SHARE * han:
        also = f"; not UTF-8 either (invalid at byte {utf8_error})" if utf8_error is not None else ""
        raise ValueError(
            f"not text: implausible Chinese as {encoding}: {common} of {han} Han characters are common ones "
            f"({common / han:.0%}, fewer than {MIN_COMMON_HAN_SHARE:.0%}){also}"
        )
    return text, encoding


# the Han blocks: CJK extension A, unified ideographs, compatibility ideographs, the supplementary planes
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))


def _char_class(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    return "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ranges) + "]"


_HAN = re.compile(_char_class(_HAN_BLOCKS))


_HAN_RUNS = re.compile(_char_class(_HAN_BLOCKS) + "+")


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The common Han characters: GB 2312 level 1 (3,755 simplified) and Big5 level 1
    (5,401 traditional), read from Python's own codecs."""
    chars: set[str] = set()
    for codec, rows, cells in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for row in rows:
            for cell in cells:
                if codec == "big5" and (row, cell) > (0xC6, 0x7E):
                    continue
                try:
                    chars.add(bytes((row, cell)).decode(codec))
                except UnicodeDecodeError:
                    continue
    return frozenset(c for c in chars if _HAN.match(c))


@lru_cache(maxsize=1)
def _rare_han() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Han characters outside ``_common_han`` (the gaps it leaves in each Han block): the
    pattern of one, and of a run of them."""
    common = sorted(map(ord, _common_han()))
    gaps: list[tuple[int, int]] = []
    for lo, hi in _HAN_BLOCKS:
        k = lo
        for cp in (c for c in common if lo <= c <= hi):
            if cp > k:
                gaps.append((k, cp - 1))
            k = cp + 1
        if k <= hi:
            gaps.append((k, hi))
    rare = _char_class(gaps)
    return re.compile(rare), re.compile(rare + "+")


@lru_cache(maxsize=1)
def _suspects() -> re.Pattern[str]:
    """One character that ``_BAD_CHARS`` or the rare Han pattern matches: what ``decode``
    looks for, in one pass over the text (a character is tried against one class)."""
    rare, _ = _rare_han()
    return re.compile(_BAD_CHARS.pattern[:-1] + rare.pattern[1:])


def common_han(text: str) -> tuple[int, int]:
    """(common Han characters, all Han characters) in a text, counted by runs (a list of
    single characters costs several times more)."""
    han = sum(map(len, _HAN_RUNS.findall(text)))
    _, rare_runs = _rare_han()
    return han - sum(map(len, rare_runs.findall(text))), han
