"""Our evaluator (release cards, ``lianghui evaluate``) agrees with the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS, SHARED

from flows.build.run import run_build
from flows.evaluate.score import evaluate, fold, locate
from flows.settings import load_settings


def test_fold_and_locate_ignore_width_and_space() -> None:
    text = "他说:“今年 增长５%。”"
    span = locate(fold(text), "增长5%")
    assert span is not None and text[span[0] : span[1]] == "增长５%"
    assert locate(fold(text), "下降") is None


def test_evaluator_matches_the_shared_scorer_on_the_seed(tmp_path: Path) -> None:
    release = run_build(load_settings(SEEDS, tmp_path / "data")).path
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(release), str(SHARED / "eval" / "gold")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    official = json.loads(out.stdout)
    ours = evaluate([ROOT / "tests" / "gold"], [SEEDS])
    assert ours is not None and ours["documents"] == 1
    for key in ("statements", "speakers", "goals", "goals_strict", "facts"):
        assert {k: ours[key][k] for k in ("tp", "fp", "fn")} == {k: official[key][k] for k in ("tp", "fp", "fn")}, key
    assert ours["attribution_accuracy"] == official["attribution_accuracy"]
    assert ours["title_recall"] == official["title_recall"]
    card = (release / "README.md").read_text(encoding="utf-8")
    assert "## Measured accuracy" in card and "| statements |" in card
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["accuracy"]["documents"] >= 1
