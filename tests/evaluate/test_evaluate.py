"""Our evaluator (release cards, ``lianghui evaluate``) agrees with the shared scorer,
scores only the annotated regions of a scoped gold file, and reports held-out and
independently written gold apart from gold the rules were tuned on, per document kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEEDS, SHARED, write_doc

from flows.build.run import run_build
from flows.evaluate.score import evaluate, evaluate_sets, fold, load_gold_sets, locate, render_accuracy
from flows.settings import load_settings

COUNTS = ("statements", "speakers", "goals", "goals_strict", "facts")


def shared_scores(release: Path, gold: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), str(release), str(gold)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout)


def assert_same_scores(ours: dict, official: dict) -> None:
    for key in COUNTS:
        assert {k: ours[key][k] for k in ("tp", "fp", "fn")} == {k: official[key][k] for k in ("tp", "fp", "fn")}, key
    assert ours["attribution_accuracy"] == official["attribution_accuracy"]
    assert ours["title_recall"] == official["title_recall"]
    for k, v in ours["goal_fields"].items():
        assert v == official["goal_fields"][k], k
    for k, v in ours["fact_fields"].items():
        assert v == official["fact_fields"][k], k


def test_fold_and_locate_ignore_width_and_space() -> None:
    text = "他说:“今年 增长５%。”"
    span = locate(fold(text), "增长5%")
    assert span is not None and text[span[0] : span[1]] == "增长５%"
    assert locate(fold(text), "下降") is None


def test_evaluator_matches_the_shared_scorer_on_the_seed(tmp_path: Path) -> None:
    release = run_build(load_settings(SEEDS, tmp_path / "data")).path
    ours = evaluate([ROOT / "tests" / "gold"], [SEEDS])
    assert ours is not None and ours["documents"] == 1
    assert_same_scores(ours, shared_scores(release, SHARED / "eval" / "gold"))
    card = (release / "README.md").read_text(encoding="utf-8")
    assert "## Measured accuracy" in card and "| gold set | kind |" in card
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in manifest["accuracy"]["sets"]} >= {"seed", "news formats", "work reports 2026"}


def test_evaluator_matches_the_shared_scorer_on_independent_news(tmp_path: Path) -> None:
    news = ROOT / "tests" / "independent" / "news"
    release = run_build(load_settings(news, tmp_path / "data")).path
    ours = evaluate([news / "gold"], [news])
    assert ours is not None and ours["documents"] == len(list((news / "gold").glob("*.json")))
    assert_same_scores(ours, shared_scores(release, news / "gold"))


def test_scoped_gold_counts_only_rows_inside_its_regions(tmp_path: Path) -> None:
    text = "示例市政府工作报告\n\n去年全市新建学校12所。\n\n今年全市新开工项目30个,新建公园8个。\n"
    write_doc(tmp_path / "docs", "scoped.txt", text, {"title": "示例市政府工作报告", "published": "2026-01-20"})
    gold = {
        "source": "scoped.txt",
        "published_year": 2026,
        "scope": [{"from": "今年全市新开工", "to": "新建公园8个。"}],
        "speakers": [],
        "statements": [],
        "goals": [
            {"anchor": "项目30个", "value": 30, "unit_text": "个", "value_normalized": 30, "unit": "count",
             "comparator": "eq", "measure": "level", "metric": "新开工项目", "subject": "示例市", "target_year": 2026},
        ],
        "facts": [],
    }  # fmt: skip
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "scoped.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    scores = evaluate([tmp_path / "gold"], [tmp_path / "docs"])
    assert scores is not None
    # the 12 schools before the scope are not counted against us; the 8 parks inside it are
    assert scores["facts"]["fp"] == 0
    assert scores["goals"]["tp"] == 1 and scores["goals"]["fp"] == 1
    gold["scope"] = [{"from": "没有这段文字", "to": "新建公园8个。"}]
    (tmp_path / "gold" / "scoped.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    try:
        evaluate([tmp_path / "gold"], [tmp_path / "docs"])
    except ValueError as exc:
        assert "scoped.json" in str(exc) and "scope anchor" in str(exc)
    else:
        raise AssertionError("a scope anchor missing from the document must be an error")


def test_gold_sets_separate_independent_from_tuned_gold_by_document_kind() -> None:
    sets = load_gold_sets()
    assert {s.provenance for s in sets} == {"held-out", "independent", "tuned"}
    acc = evaluate_sets(sets)
    assert acc is not None
    by_name = {e["name"]: e for e in acc["sets"]}
    assert by_name["work reports 2026"]["available"], "../shared/corpus/reports-2026/txt is missing"
    assert by_name["held-out work reports 2026"]["available"]
    assert set(by_name["held-out news"]["by_kind"]) == {"news", "transcript"}
    assert set(by_name["news formats"]["by_kind"]) == {"news", "transcript"}
    assert set(by_name["work reports 2026"]["by_kind"]) == {"work report"}
    card = render_accuracy(acc)
    held, independent = card.index("Held-out gold"), card.index("Gold written independently")
    tuned = card.index("Gold written by the rules' authors")
    assert held < card.index("| held-out news | transcript |") < independent
    assert independent < card.index("| news formats | transcript |") < tuned < card.index("| seed | news |")


def test_a_gold_set_without_its_documents_is_listed_as_unavailable(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "x.json").write_text('{"source": "x.txt"}', encoding="utf-8")
    sets_file = tmp_path / "sets.json"
    sets_file.write_text(
        json.dumps({"sets": [{"name": "far", "gold": str(tmp_path / "gold"), "documents": str(tmp_path / "nowhere"),
                              "provenance": "independent", "kind": "work report"}]}),
        encoding="utf-8",
    )  # fmt: skip
    acc = evaluate_sets(load_gold_sets(sets_file))
    assert acc is not None and acc["sets"][0]["available"] is False
    assert "documents not available" in render_accuracy(acc)
