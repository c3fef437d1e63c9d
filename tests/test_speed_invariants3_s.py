"""The speech extractor's shortcuts agree with the plain code they replace."""
from __future__ import annotations

import random
import re
from pathlib import Path

from flows.extract.pinyin import _UNION_MAX, PinyinIndex, _process_index
from flows.extract.speech import (
    _NARRATION,
    _SEG_BOUND,
    _segment_start,
)
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
        norm, spaces = normalize_scan(text)
        assert norm == normalize(text), text
        assert spaces == set(_INLINE.findall(normalize(text))), text


def _fetch_by_in_list(index: PinyinIndex, keys: list[str]) -> dict[str, tuple[int, str | None]]:
    """The plain query: one IN list of every key."""
    sql = f"SELECT key, kind, syllables FROM entry WHERE key IN ({','.join('?' * len(keys))})"
    return {key: (kind, py) for key, kind, py in index._db.execute(sql, keys)} if keys else {}


def test_fetch_by_point_look_ups_agrees_with_an_in_list() -> None:
    index = _process_index()
    assert index is not None  # pypinyin is installed for the tests
    rng = random.Random(5)
    pool = list("晓东欧阳司马张三李四重庆长孙行银") + ["晓东", "重庆", "欧阳", "长孙", "银行", "不是词语", "", "'", "%", "?", "a"]
    present = 0
    for _ in range(400):
        keys = [rng.choice(pool) for _ in range(rng.randint(0, _UNION_MAX + 8))]
        if rng.random() < 0.7:
            keys = list(dict.fromkeys(keys))  # romanise_with passes distinct keys
        got = index.fetch(keys)
        assert got == _fetch_by_in_list(index, list(dict.fromkeys(keys)))
        present += bool(got)
    assert present > 300  # most sets hold keys of the index


def test_joint_start_window_agrees_with_the_character_loop() -> None:
    rng = random.Random(17)
    alphabet = "张三李四、代表说,。 \n()“”【】[]的"
    for _ in range(20000):
        norm = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 90)))
        cs = rng.randint(0, len(norm) - 1)
        b = rng.randint(cs + 1, len(norm))
        a = b - 1  # _Doc._joint_start's loop before _segment_start
        while a > cs and b - a < 40 and norm[a - 1] not in _SEG_BOUND:
            a -= 1
        assert _segment_start(norm, max(cs, b - 40), b - 1) == a


def test_narration_needs_he_or_she_before_the_end() -> None:
    # _Doc._narration_cut returns at once when norm[after:end] holds no 他/她
    rng = random.Random(29)
    alphabet = list("他她们。!?;”,随后说表示张三") + ["随后,他", "。他", "。”她"]
    for _ in range(20000):
        norm = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        after = rng.randint(0, len(norm))
        end = rng.randint(after, len(norm))
        if "他" not in norm[after:end] and "她" not in norm[after:end]:
            assert _NARRATION.search(norm, after, end) is None, (norm, after, end)


def test_next_space_found_by_find_when_the_space_is_the_only_white_space() -> None:
    # _Doc._register_roster(spaces_only=True) finds the next white space with str.find
    checked = 0
    for text in _texts():
        norm, spaces = normalize_scan(text)
        if spaces != {" "}:
            continue
        for pos in range(len(norm) + 1):
            m = _INLINE.search(norm, pos)
            assert (m.start() if m else -1) == norm.find(" ", pos), (norm, pos)
        checked += 1
    assert checked > 20
