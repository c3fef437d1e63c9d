"""Every extractor and check takes time linear in the text (D7: 200,000 unclosed “ in
one document took a build 11 minutes: the quotation check restarted at every opening
mark and scanned to the end of the paragraph).

A document is run through the whole per-document work of a build
(``flows.build.batch.process_batch``: decode, clean, extract, check, validate) at a
size n and at 4n; linear work takes ~4 times as long, quadratic work 16 times. The
test fails above 6 times (the best of three runs each, in this process; n is chosen
so that the run at n takes a measurable time). The texts are pathological: unbalanced
quotation marks, long runs of one character, digits and separators, cue words, no
punctuation, repeated. Any generated text must also go through without an exception
or a validation failure."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flows.build.batch import BatchResult, process_batch
from flows.ingest.document import Payload

RATIO = 6.0  # allowed growth of the time for 4 times the text (linear: ~4, quadratic: 16)
MIN_SECONDS = 0.03  # the run at n takes at least this long (smaller times are mostly noise)
MAX_CHARS = 40_000  # n is at most this many characters (4n: 160,000)


def run(text: str) -> BatchResult:
    return process_batch([Payload("doc.txt", text.encode("utf-8"), None)])


def document(unit: str, chars: int) -> str:
    return "两会快讯\n\n" + unit * max(1, chars // len(unit))


def best_time(text: str, runs: int = 3, enough: float = 0.0) -> float:
    """The best of ``runs`` timings, stopping early at one of at most ``enough`` seconds.
    The garbage collector is off while timing: its full collections, triggered by the
    number of objects made, would charge one run the cost of every object alive."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start = time.perf_counter()
            run(text)
            best = min(best, time.perf_counter() - start)
            if best <= enough:
                break
    finally:
        gc.enable()
    return best


def growth(unit: str) -> tuple[int, float, float]:
    """(n, seconds at n, seconds at 4n) for ``unit`` repeated, n the smallest of
    1,000 × 2^k characters whose run takes MIN_SECONDS (or MAX_CHARS)."""
    n = 1000
    while True:
        base = best_time(document(unit, n))
        if base >= MIN_SECONDS or n >= MAX_CHARS:
            break
        n *= 2
    return n, base, best_time(document(unit, 4 * n), enough=RATIO * base)


def assert_linear(unit: str) -> None:
    n, small, large = growth(unit)
    if RATIO * small < large < 2 * RATIO * small:  # measured once more: the machine may have been busy
        small = best_time(document(unit, n))
        large = best_time(document(unit, 4 * n), enough=RATIO * small)
    assert large <= RATIO * small, (
        f"{unit!r} × {n // len(unit)} ({n} chars): {small:.3f} s; 4 times the text: {large:.3f} s "
        f"({large / small:.1f}x > {RATIO}x): superlinear"
    )


#: Named worst cases: each repeated to n and 4n characters.
CASES = {
    "unclosed opening marks": "“",  # D7: 200,000 of these took 11 minutes
    "opening mark and cue": "“他说",  # D7
    "opening mark and 40 characters": "“" + "推动经济社会高质量发展建设现代化产业体系" * 2,  # D7
    "unclosed corner brackets": "「",
    "unclosed straight quotes": '"',
    "closing marks only": "”",
    "marks on their own lines": "“\n",
    "one character": "字",
    "no punctuation": "政府工作报告提出今年发展主要预期目标",
    "a document and a cue, no punctuation": "政府工作报告提出",
    "a name and a cue, no punctuation": "代表李明表示",
    "straight quotes and colons": '"的:',  # found by the generated cases below: '的:\u3000"《\u3000'
    "straight quotes, cue and colon": '"表示:',
    "digits": "7",
    "full-width digits": "７",
    "digits and dots": "1.",
    "digits and commas": "1,",
    "percentages": "5%",
    "amounts": "1.5亿元",
    "magnitude words": "亿",
    "Chinese numerals": "一百",
    "goal cues": "力争增长5%",
    "years": "2025年",
    "cue and colon": "表示：",
    "cue words": "他说",
    "titles and names": "省长李建国",
    "a quotation with a figure": "“他说1.5亿元，",
}


@pytest.mark.parametrize("unit", list(CASES.values()), ids=list(CASES))
def test_a_repeated_pathological_unit_takes_linear_time(unit: str) -> None:
    assert_linear(unit)


#: What generated texts are made of: marks of every kind, cues, digits, units,
#: separators, Han characters, spaces and newlines.
PIECES = [
    "“", "”", "「", "」", "『", "』", '"', "‘", "’", "（", "）", "《", "》",
    "他说", "表示", "指出", "：", ":", "，", "。", "；", "、", "\n", " ", "\u3000",
    "1", "2", "0", "９", ".", ",", "％", "%", "亿", "万", "元", "个百分点", "年", "一", "十", "百",
    "增长", "力争", "达到", "目标", "左右", "以上", "代表", "县长", "李", "王", "字", "的",
]  # fmt: skip
units = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(units)
def test_a_repeated_generated_unit_takes_linear_time(unit: str) -> None:
    assert_linear(unit)


def _passes(text: str) -> None:
    batch = run(text)
    (result,) = batch.results
    assert not result.failures, result.failures
    assert (result.rejection is None) == (batch.segment.sources == ["doc.txt"])


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=400).map("".join))
@example("“" * 2000)
@example("1." * 2000 + "亿")
@example("\n".join(["“他说"] * 300))
def test_any_generated_text_goes_through_without_an_error(text: str) -> None:
    _passes("两会快讯\n\n" + text)
