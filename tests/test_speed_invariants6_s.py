"""The speech extractor's shortcuts (session 6) agree with the plain code they replace."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from flows.extract.speech import pinyin
from flows.extract.speech.pinyin import romanise_with
from flows.extract.speech.text import normalize

CORPUS = Path(__file__).parent / "corpus"
SEEDS = Path(__file__).parent.parent / "seeds"


def _texts() -> list[str]:
    paths = sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    assert len(paths) > 10
    return [p.read_text(encoding="utf-8") for p in paths]


# --- pinyin: buckets of entries kept in memory (PinyinIndex.romanise)


def test_bucket_romanise_matches_point_queries() -> None:
    index = pinyin._process_index()
    if index is None:
        pytest.skip("no pinyin index in this environment")
    rng = random.Random(66)
    strings: set[str] = set()
    for text in _texts():
        for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", normalize(text)):
            strings.update(run[i:i + n] for n in (1, 2, 3, 4, 6) for i in range(0, len(run) - n + 1, 3))
    chars = sorted({c for s in strings for c in s})
    strings.update("".join(rng.choice(chars + ["·", "a", " ", "1", "〇", "\uf900", "\ue815", "\U00020000"])
                           for _ in range(rng.randint(0, 8))) for _ in range(2000))
    assert len(strings) > 5000
    for s in sorted(strings):
        assert index.romanise(s) == romanise_with(s, index.hans, index.longest, index.fetch), s
