"""The faster row and warning helpers agree with the plain definitions they replace."""
from __future__ import annotations

import random

from flows.assemble import _container, _containing
from flows.checks import SpanIndex
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
