"""The schemas are the contract: every value the extractors can emit is allowed by them."""
from __future__ import annotations

import re

from flows.checks import find_warnings
from flows.extract.units import DENOMINATORS, UNITS
from schemas.tables import UNIT_PATTERN, column_specs, arrow_schema, MODELS


def test_every_unit_the_extractor_emits_is_in_the_schema() -> None:
    pattern = re.compile(UNIT_PATTERN)
    for unit in set(UNITS.values()):
        assert pattern.match(unit), unit
        for denominator in set(DENOMINATORS.values()):
            assert pattern.match(f"{unit}/{denominator}"), f"{unit}/{denominator}"


def test_every_column_has_a_description_and_an_arrow_type() -> None:
    for table in MODELS:
        specs = column_specs(table)
        assert specs and all(c.description for c in specs), table
        assert [f.name for f in arrow_schema(table)] == [c.name for c in specs]


def test_warnings_name_uncovered_quotes_and_figures() -> None:
    text = "“这是一段足够长的引语，没有人认领它，也没有说话人。”会上还提到，全年投资达到200亿元，增长8%。"
    found = find_warnings(text, statements=[], quantities=[])
    assert [(w.kind, text[w.char_start:w.char_end]) for w in found] == [
        ("unattributed_quote", "“这是一段足够长的引语，没有人认领它，也没有说话人。”"),
        ("figure_not_extracted", "200亿元"),
        ("figure_not_extracted", "8%"),
    ]
    covered = find_warnings(text, statements=[(0, 27)], quantities=[(35, 44), (45, 49)])
    assert covered == []
    assert find_warnings("推动“1+2+6+N”政策落实，建设5A级景区。", [], []) == []
