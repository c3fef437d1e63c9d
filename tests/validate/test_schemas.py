"""The schemas are the contract: every value the extractors can emit is allowed by them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.extract.coverage import find_warnings
from flows.extract.numbers.units import DENOMINATORS, UNITS
from schemas.tables import MODELS, UNIT_PATTERN, arrow_schema, column_specs


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
    assert [(w.kind, text[w.char_start : w.char_end]) for w in found] == [
        ("unattributed_quote", "“这是一段足够长的引语，没有人认领它，也没有说话人。”"),
        ("figure_not_extracted", "200亿元"),
        ("figure_not_extracted", "8%"),
    ]
    covered = find_warnings(text, statements=[(0, 27)], quantities=[(35, 44), (45, 49)])
    assert covered == []
    assert find_warnings("推动“1+2+6+N”政策落实，建设5A级景区。", [], []) == []


# ---------------------------------------------------------------- the models as plain data (schemas.contract)
def _specs_from_pandera(table: str) -> list[tuple]:
    """The columns read straight from the pandera schema (the reference)."""
    out = []
    for name, column in MODELS[table].to_schema().columns.items():
        checks = sorted((c.name, repr(sorted((c.statistics or {}).items()))) for c in column.checks)
        out.append(
            (name, column.metadata["arrow"], column.description, bool(column.nullable), bool(column.unique), checks)
        )
    return out


def test_the_cached_facts_are_the_models(tmp_path) -> None:
    from schemas import contract

    first = contract.load(tmp_path)  # read from the models, then written
    path = contract.cache_path(tmp_path)
    assert path.is_file() and first == contract.from_models()
    again = contract.load(tmp_path)  # read from the file
    assert again == first
    for table, facts in again.items():
        got = [
            (
                c.name,
                c.arrow,
                c.description,
                c.nullable,
                c.unique,
                sorted((k.name, repr(sorted(k.statistics.items()))) for k in c.checks),
            )
            for c in facts.columns
        ]
        assert got == _specs_from_pandera(table), table
        schema = MODELS[table].to_schema()
        assert facts.strict is True and facts.coerce is True and not facts.has_checks and not facts.has_index
        assert facts.meta == MODELS[table].Config.metadata and [c.name for c in facts.columns] == list(schema.columns)
    assert [f.name for f in arrow_schema("goals")] == [c.name for c in column_specs("goals")]


def test_a_damaged_cache_file_is_read_from_the_models_again(tmp_path) -> None:
    from schemas import contract

    path = contract.cache_path(tmp_path)
    for junk in (
        "{not json",
        '{"format": "other"}',
        '{"format": "' + contract.FORMAT + '", "tables": [{"name": "x"}]}',
    ):
        path.write_text(junk, encoding="utf-8")
        assert contract.load(tmp_path) == contract.from_models()
        assert contract.from_json(path.read_text(encoding="utf-8")) == contract.from_models()  # rewritten


def test_the_cache_key_follows_the_schema_source() -> None:
    from schemas import contract

    a = contract.cache_key([("tables.py", b"x = 1\n")])
    assert a == contract.cache_key([("tables.py", b"x = 1\n")])
    assert a != contract.cache_key([("tables.py", b"x = 2\n")])
    assert a != contract.cache_key([("other.py", b"x = 1\n")])
    assert contract.cache_key() == contract.cache_path(Path("/")).name[len("schemas-") : -len(".json")]


def test_column_specs_refuse_a_check_they_cannot_describe() -> None:
    from dataclasses import replace

    from schemas import contract

    goals = contract.from_models()["goals"]
    assert contract.specs_of(goals) == column_specs("goals")
    odd = contract.CheckFacts("str_length", {"min_value": 1}, True, False)
    broken = replace(goals, columns=(replace(goals.columns[0], checks=(odd,)), *goals.columns[1:]))
    with pytest.raises(ValueError, match="goals.goal_id: check 'str_length'"):
        contract.specs_of(broken)
    exclusive = contract.CheckFacts("in_range", {"min_value": 0, "max_value": 1, "include_min": False}, True, False)
    broken = replace(goals, columns=(replace(goals.columns[0], checks=(exclusive,)), *goals.columns[1:]))
    with pytest.raises(ValueError, match="in_range"):
        contract.specs_of(broken)
    untyped = replace(goals, columns=(replace(goals.columns[0], arrow=None), *goals.columns[1:]))
    with pytest.raises(ValueError, match="Arrow type None"):
        contract.specs_of(untyped)


def test_a_passing_batch_needs_no_pandera() -> None:
    """The process the workers are forked from imports the code and runs a batch
    through every stage (flows.build.workers.prepare_worker_server) without importing pandera, once the schema
    facts are cached (the first run on a machine writes them)."""
    import subprocess
    import sys

    probe = "import sys; from flows.build.workers import prepare_worker_server; prepare_worker_server(); print('pandera' in sys.modules, 'flows.validate.models' in sys.modules)"
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    assert out == ["False", "False"]
