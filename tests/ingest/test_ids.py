"""Stable ids: the first 16 hex digits of the SHA-256 of the parts joined by U+001F,
whether hashed at once (``stable_id``) or after a shared head (``stable_ids_after``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.ingest.document import stable_id, stable_ids_after
from flows.ingest.sidecar import parse_published

PART = st.sampled_from(
    ["", "a", "\x1f", "d_0123456789abcdef", "国务院总理李强表示，今年增长5%左右。" * 9, "x\x1fy", "é", "𠀋", "1"]
) | st.text(max_size=8).filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))
PARTS = st.lists(PART, max_size=4)


@given(st.sampled_from(["s", "g", "f", "p", ""]), PARTS, PARTS)
def test_an_id_after_a_shared_head_is_the_plain_id(prefix: str, head: list[str], tail: list[str]) -> None:
    assert stable_ids_after(*head)(prefix, *tail) == stable_id(prefix, *head, *tail)


@given(PARTS)
def test_an_id_is_the_sha256_prefix_of_its_parts(parts: list[str]) -> None:
    assert stable_id("p", *parts) == "p_" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _outcome(f: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", f(*args)
    except Exception as exc:  # the very same error is expected
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        (("d_1", 5), ("a", "1")),  # not a str in the head
        (("d_1", "p"), ("a", 2)),  # not a str in the tail
        (("d_1", "p\ud800"), ("a", "1")),  # not encodable (lone surrogate) in the head
        (("d_1", "p"), ("a\udfff", "1")),  # ... in the tail
        (("d_1", "p"), ()),  # no tail: the joined input has no trailing separator
        ((), ("a", "1")),
    ],
)
def test_ids_after_a_shared_head_fail_as_the_plain_ids(head: tuple[Any, ...], tail: tuple[Any, ...]) -> None:
    assert _outcome(stable_ids_after(*head), "s", *tail) == _outcome(stable_id, "s", *head, *tail)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from([4, 7, 10]))
def test_the_publication_year_of_a_date_is_its_year(date: dt.date, length: int) -> None:
    text = f"{date.year:04d}-{date.month:02d}-{date.day:02d}"[:length]
    for _ in range(2):  # the second time from the cache
        assert parse_published(text, "a.meta.json") == date.year


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-29",
        "2024-13",
        "2024-3-05",
        " 2024",
        "0000",
        "",
        "2024-03-05T00",
        "abcd",
        "2024/03/05",
        "1999-1",
        "20x4",
    ],
)
def test_a_publication_date_that_is_not_yyyy_mm_dd_is_refused(value: str) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="is not YYYY, YYYY-MM or YYYY-MM-DD"):
            parse_published(value, "a.meta.json")


def test_full_width_digits_are_digits_as_for_strptime() -> None:
    assert parse_published("２０２４", "a.meta.json") == 2024
