"""The speech extractor's shortcuts agree with the plain code they replace."""
from __future__ import annotations

import random
import re
from pathlib import Path

from flows.extract.speech_text import (
    _PUNCT_MAP,
    _TRAD_CHARS,
    INLINE_SPACES,
    normalize,
    normalize_scan,
)

CORPUS = Path(__file__).parent / "corpus"
_INLINE = re.compile(r"[^\S\n]")


def _all_code_points() -> str:
    return "".join(map(chr, range(0x110000)))


def test_inline_spaces_are_what_the_regex_matches() -> None:
    everything = _all_code_points()
    assert set(_INLINE.findall(everything)) == set(INLINE_SPACES)
    assert len(INLINE_SPACES) == len(set(INLINE_SPACES))


def test_half_width_makes_no_white_space_and_removes_none() -> None:
    # normalize_scan reads white space in the normalised text off the raw one
    for key, value in _PUNCT_MAP.items():
        assert bool(_INLINE.match(key)) == bool(_INLINE.match(value)), key
        assert value != "\n" and key != "\n"


_ALPHABET = (
    list(_TRAD_CHARS) + list(_PUNCT_MAP) + list(INLINE_SPACES) + list("\n\n\n\"\"\"“”‘’「」『』")
    + list("说们个这来会国时为与对将发经业产区他她表示认为指出张三李四。,:;!?、()") + ["\r\n", "\u200b", "\ufeff"]
)

_ADVERSARIAL = [
    "",
    " ",
    "\n",
    "\n\n",
    "\u3000",
    "\xa0",
    "他說:「你好」",
    "「說」\u3000\n記者 張三",
    "說\t\n",
    "“他说”\n\n\"我们\"说",
    "＂他說＂\n\n＂我们＂",
    "全国人大代表、沙坪坝区委书记\u2003唐小平",
    "记者\u2028张三",
    "無關\u205f的文字",
    "a\x1cb\x1fc\x85d",
    "他说,没有任何空白或繁体字。",
    "們們們們們\u3000\u3000",
]


def _texts() -> list[str]:
    rng = random.Random(11)
    texts = list(_ADVERSARIAL)
    for _ in range(3000):
        texts.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))))
    texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    return texts


def test_normalize_scan_agrees_with_normalize() -> None:
    for text in _texts():
        norm, spaced = normalize_scan(text)
        assert norm == normalize(text), text
        assert spaced == bool(_INLINE.search(normalize(text))), text
