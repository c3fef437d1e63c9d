"""The stop-character index of a document (``flows.extract.numbers.index``)."""

from hypothesis import given
from hypothesis import strategies as st

from flows.extract.numbers.index import _AGENT_STOPS, _CLAUSE_END, _ITEM_END, _SENT_END, _Index

_STOP_SETS = ("\n", "、", _SENT_END, _CLAUSE_END, _ITEM_END, _AGENT_STOPS, "”（）", "年")
_TEXTS = st.text(alphabet="年市，,。；;：:、！？!?\n“”（）()ab", max_size=60)


@given(_TEXTS, st.sampled_from(_STOP_SETS))
def test_positions_are_those_of_a_scan_of_the_text(text: str, stops: str) -> None:
    assert _Index(text).positions(stops) == [i for i, c in enumerate(text) if c in stops]
