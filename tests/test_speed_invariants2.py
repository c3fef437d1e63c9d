"""The faster row and warning helpers agree with the plain definitions they replace."""
from __future__ import annotations

import random

from flows.extract.rows import _container, _containing
from flows.extract.coverage import SpanIndex
from flows.extract.types import Quantity


def _spans(rng: random.Random, n: int, width: int = 60) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        s = rng.randint(0, width)
        out.append((s, s + rng.randint(0, 25)))
    return out


def test_span_index_overlap_agrees_with_a_scan() -> None:
    rng = random.Random(7)
    for _ in range(3000):
        spans = _spans(rng, rng.randint(0, 8))
        index = SpanIndex(sorted(spans))
        for start, end in _spans(rng, 10, 80):
            assert index.overlap(start, end) == any(s < end and start < e for s, e in spans)
            assert bool(index.near(start, end)) == index.overlap(start, end)


def _quantity(start: int, end: int) -> Quantity:
    return Quantity("goal", start, end, 1.0, "", 1.0, "", "eq", "level")


def test_container_picks_the_statement_containing_does() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        spans = _spans(rng, rng.randint(0, 8))
        rows = [{"char_start": s, "char_end": e, "statement_id": str(i), "speaker_id": "p"}
                for i, (s, e) in enumerate(sorted(spans))]
        if rng.random() < 0.2:  # unsorted rows take the plain scan
            rng.shuffle(rows)
        best = _container(rows)
        for start, end in _spans(rng, 10, 80):
            q = _quantity(start, end)
            assert best(q) is _containing(q, rows)


def test_subject_window_walk_agrees_with_the_character_loop() -> None:
    from flows.extract.speech.statements import _SEG_BOUND, _SEG_RUN

    rng = random.Random(13)
    alphabet = "张三表示说,。、 \n()“”【】[]的"
    for _ in range(20000):
        norm = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 70)))
        cs = rng.randint(0, len(norm))
        e = rng.randint(cs, len(norm))
        b = e
        while b > cs and e - b < 48 and norm[b - 1] not in _SEG_BOUND:
            b -= 1
        lo = max(cs, e - 48)
        assert e - _SEG_RUN.match(norm[lo:e][::-1]).end() == b


def test_quote_marks_agree_with_a_scan() -> None:
    from flows.extract.speech.text import quote_marks

    rng = random.Random(17)
    for _ in range(5000):
        norm = "".join(rng.choice("“”甲,\n") for _ in range(rng.randint(0, 40)))
        offsets = [i for i, ch in enumerate(norm) if ch in "“”"]
        assert quote_marks(norm) == (offsets, "".join(norm[i] for i in offsets))


def test_quotations_agree_with_finditer() -> None:
    from flows.extract.coverage import _QUOTE, _quotations

    rng = random.Random(23)
    for _ in range(20000):
        text = "".join(rng.choice("“”「」『』\"甲\n") for _ in range(rng.randint(0, 60)))
        assert [m.span() for m in _quotations(text)] == [m.span() for m in _QUOTE.finditer(text)]


def test_statements_are_made_as_their_constructor_makes_them() -> None:
    from dataclasses import asdict, fields

    from flows.extract.speech.statements import extract_speech
    from flows.extract.types import Statement

    result = extract_speech("全国人大代表、市长张三表示,要加快发展。\n\n“我们有信心。”他说。")
    assert result.statements
    for st in result.statements:
        assert st == Statement(**asdict(st))
        assert list(vars(st)) == [f.name for f in fields(Statement)]
