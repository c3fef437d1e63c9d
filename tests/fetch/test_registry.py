"""The source registry: the shipped one loads and enables nothing; bad entries are named."""

from __future__ import annotations

import pytest

from flows.fetch.registry import RegistryError, load_registry, parse_registry, select
from tests.conftest import SEEDS


def test_shipped_registry_has_every_kind_and_fetches_nothing() -> None:
    sources = load_registry(SEEDS / "sources.yaml")
    assert {s.kind for s in sources} == {"page-list", "feed", "sitemap", "urls", "corpus-file"}
    assert select(sources, None) == []  # make run stays offline
    assert select(sources, "reports-2026-csv")[0].mapping["outlet"] == "{province}人民政府"


def test_each_bad_entry_and_field_is_named() -> None:
    doc = {
        "sources": [
            {"name": "ok", "kind": "urls", "start": ["http://127.0.0.1:1/a"]},
            {"name": "no-kind", "start": ["http://127.0.0.1:1/"]},
            {"name": "ftp", "kind": "urls", "start": ["ftp://127.0.0.1/x"], "enabled": "yes"},
            {"name": "slow", "kind": "feed", "start": "http://127.0.0.1:1/f", "politeness": {"rate": 0, "speed": 3}},
            {"name": "csv", "kind": "corpus-file", "path": "x", "mapping": {"title": "t", "body": "b"}},
            {"name": "ok", "kind": "sitemap", "start": ["http://127.0.0.1:1/s"], "links": ["("]},
        ]
    }
    with pytest.raises(RegistryError) as err:
        parse_registry(doc, "sources.yaml")
    msg = str(err.value)
    for expected in (
        "entry 2 (no-kind): kind: None is not one of",
        "entry 3 (ftp): enabled: must be true or false",
        "entry 3 (ftp): start: 'ftp://127.0.0.1/x' is not an http(s) URL",
        "entry 4 (slow): politeness.speed: unknown field",
        "entry 4 (slow): politeness.rate: must be above 0",
        "entry 5 (csv): mapping.body: unknown field",
        "entry 5 (csv): mapping.text: required",
        "entry 6 (ok): links: '(' is not a regular expression",
    ):
        assert expected in msg, (expected, msg)
    assert "entry 1" not in msg


def test_unknown_source_name_is_one_line() -> None:
    sources = parse_registry({"sources": [{"name": "a", "kind": "urls", "start": "http://127.0.0.1:1/"}]}, "r")
    with pytest.raises(RegistryError, match="no source named 'b'"):
        select(sources, "b")


def test_cli_bad_registry_is_one_message_and_exit_1(tmp_path) -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - name: Bad\n    kind: web\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["fetch", "--registry", str(bad)])
    assert result.exit_code == 1
    assert "entry 1 (Bad): kind: 'web' is not one of" in result.output
