"""Statement spans and continuation (``flows.extract.speech.spans``)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.extract.speech import words
from flows.extract.speech.spans import _names_group
from flows.extract.speech.words import either

# the definition: a group word not right after 我, as one pattern
GROUP_NOT_AFTER_WO = re.compile(rf"(?<!我)(?:{either(words.GROUP_SUBJECTS)})")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="".join(sorted(set("".join(words.GROUP_SUBJECTS)))) + "我们说,", max_size=16))
def test_names_group_is_a_group_word_not_right_after_wo(s: str) -> None:
    assert _names_group(s) == bool(GROUP_NOT_AFTER_WO.search(s))
