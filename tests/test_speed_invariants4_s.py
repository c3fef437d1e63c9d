"""The speech extractor's shortcuts (session 5) agree with the plain code they replace."""
from __future__ import annotations

import pickle
import random
import re
from dataclasses import asdict
from pathlib import Path

from flows.extract.names import CJK, ends_with_title, is_person_name, split_titles
from flows.extract.speech import (
    _PROSE_ENDS,
    _ROSTER_LINE,
    _SPACE,
    _ProseIndex,
    _speaker,
    extract_speech,
    is_roster_line,
)
from flows.extract.speech_text import (
    normalize,
    paragraphs,
    quote_spans,
    sentence_start,
)
from flows.extract.types import Speaker, SpeechResult, Statement

CORPUS = Path(__file__).parent / "corpus"
SEEDS = Path(__file__).parent.parent / "seeds"


def _corpus_norms() -> list[str]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    assert len(paths) > 10
    return [normalize(p.read_text(encoding="utf-8")) for p in paths]


# --- frozen dataclasses filled through __dict__ (no object.__setattr__ per field)


def _same_object(made: object, plain: object) -> None:
    assert type(made) is type(plain)
    assert made == plain and hash(made) == hash(plain)
    assert list(vars(made).items()) == list(vars(plain).items())  # same fields, same order
    assert asdict(made) == asdict(plain)  # type: ignore[call-overload]
    assert pickle.loads(pickle.dumps(made)) == plain


def test_speaker_is_the_dataclass_speaker() -> None:
    _same_object(_speaker("张三", ("市长",), "某市", "某市", "Zhang San", "person"),
                 Speaker(name="张三", titles=("市长",), organization="某市", region="某市",
                         name_pinyin="Zhang San", kind="person"))
    _same_object(_speaker("重庆日报", (), None, None, None, "outlet"), Speaker(name="重庆日报", kind="outlet"))


def test_extract_speech_results_are_the_dataclasses() -> None:
    """Every result of the corpus equals the one rebuilt with the dataclass constructors."""
    checked = 0
    for norm in _corpus_norms():
        result = extract_speech(norm)
        plain = SpeechResult(
            statements=[Statement(**vars(st)) for st in result.statements],
            speakers=[Speaker(**vars(sp)) for sp in result.speakers],
        )
        assert list(vars(result)) == list(vars(plain))
        assert result.statements == plain.statements and result.speakers == plain.speakers
        for made, built in zip(result.statements + result.speakers, plain.statements + plain.speakers):
            _same_object(made, built)
        checked += len(result.speakers)
    assert checked > 20


def test_prose_index_says_whether_the_prose_holds_a_colon() -> None:
    # _Doc._paragraph asks _label only when it does (_label looked with str.find itself)
    with_colon = 0
    for norm in _corpus_norms():
        for p in paragraphs(norm):
            for cs in (p.start, min(p.end, p.start + 5)):
                colon = _ProseIndex.of(norm, cs, p.end).colon
                assert colon == (norm.find(":", cs, p.end) >= 0)
                with_colon += colon
    assert with_colon > 20


# --- is_roster_line: lines ending with prose punctuation are no roster lines


def _plain_is_roster_line(line: str) -> tuple[str, str] | None:
    """is_roster_line before the shortcut (verbatim)."""
    line = line.strip()
    if not _SPACE.search(line, max(1, len(line) - 10), len(line) - 2):
        return None
    m = _ROSTER_LINE.fullmatch(line)
    if m and split_titles(m.group(1)) and ends_with_title(m.group(1)) and is_person_name(m.group(2), titled=True):
        return m.group(1), m.group(2)
    return None


def test_prose_ends_are_no_name_characters() -> None:
    name_char = re.compile(rf"[{CJK}·]")
    for end in _PROSE_ENDS:
        assert len(end) == 1 and not name_char.fullmatch(end)


def test_is_roster_line_agrees_with_the_plain_code() -> None:
    lines: list[str] = []
    for norm in _corpus_norms():
        for p in paragraphs(norm):
            ptext = norm[p.start:p.end]
            lines.append(ptext)
            lines.extend(ptext.split("\n"))
    rng = random.Random(47)
    pieces = ["市人大代表", "、", "沙坪坝区委书记", " ", "  ", "唐小平", "张三", "·", "。", "”", "!", "?", ")", ";",
              ",", ":", "…", "\n", "记者", "说", "a"]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    titles = ["市人大代表", "市人大代表、沙坪坝区委书记", "全国政协委员", "某公司董事长", "村民", "记者"]
    names = ["唐小平", "张三", "欧阳晓东", "买买提·艾力", "扎西顿珠", "发展"]
    ends = ["", " ", "。", "”", ")", ",", ":", "…", "!", "\n"]
    lines += [rng.choice(titles) + rng.choice([" ", "  ", ""]) + rng.choice(names) + rng.choice(ends)
              for _ in range(5000)]
    found = 0
    for line in lines:
        got = is_roster_line(line)
        assert got == _plain_is_roster_line(line), line
        found += got is not None
    assert found > 500


# --- sentence_start: a loop finds the quotation closed at a mark (was a generator)


def _plain_sentence_start(norm: str, pos: int, floor: int, spans: list[tuple[int, int]]) -> int:
    """speech_text.sentence_start before the change (verbatim)."""
    i = pos
    while i > floor:
        ch = norm[i - 1]
        if ch == "”":
            q = next((s for s, e in spans if e == i), None)
            if q is not None and q >= floor:
                i = q
                continue
        if ch in set("。!?;…\n"):
            break
        i -= 1
    while i < pos and norm[i] in " ,、":
        i += 1
    return i


def test_sentence_start_agrees_with_the_plain_code() -> None:
    rng = random.Random(53)
    alphabet = list("“”“”。!?;…\n ,、张三说好的") + ["“他说。”", "”,"]
    jumps = 0
    for _ in range(20000):
        norm = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        floor = rng.randint(0, len(norm))
        pos = rng.randint(floor, len(norm))
        spans = quote_spans(norm, floor, len(norm))
        got = sentence_start(norm, pos, floor, spans)
        assert got == _plain_sentence_start(norm, pos, floor, spans), (norm, pos, floor)
        jumps += any(got <= s and e <= pos for s, e in spans)  # stepped over a quotation
    assert jumps > 100
