"""Row assembly helpers."""
from __future__ import annotations

import random

from flows.extract.rows import Paragraphs, paragraph_at


def test_paragraphs_agree_with_paragraph_at_on_every_offset() -> None:
    rng = random.Random(1)
    texts = ["", "一段。", "甲\n\n乙", "\n\n开头空行", "结尾空行\n\n", "三个\n\n\n换行"]
    texts += ["".join(rng.choice("ab\n") for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    for text in texts:
        paragraphs = Paragraphs(text)
        for offset in range(len(text)):
            assert paragraphs.at(offset) == paragraph_at(text, offset), (text, offset)
