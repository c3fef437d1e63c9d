"""Measure extraction accuracy against hand-made gold files (the format of the
project's annotation guidelines: speakers, statements with head/tail, goals
and facts with anchors). Used for the "Measured accuracy" section of every
release card and by ``lianghui evaluate``.

Matching follows the guidelines: a predicted statement matches a gold one when
its span overlaps the gold head (one prediction per gold item); a goal or fact
when its span overlaps the anchor and its normalized value and unit agree.
Optional gold items neither reward nor punish."""

from __future__ import annotations

import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.extract.rows import DocRows, QuantityRow, StatementRow, extract_document
from flows.ingest.inputs import Document, InputFile, ingest_one


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Rate:
    ok: int = 0
    n: int = 0

    def add(self, good: bool) -> None:
        self.n += 1
        self.ok += bool(good)

    def value(self) -> float | None:
        return round(self.ok / self.n, 4) if self.n else None


@dataclass
class Scores:
    documents: int = 0
    statements: Tally = field(default_factory=Tally)
    speakers: Tally = field(default_factory=Tally)
    goals: Tally = field(default_factory=Tally)
    goals_strict: Tally = field(default_factory=Tally)
    facts: Tally = field(default_factory=Tally)
    attribution: Rate = field(default_factory=Rate)
    titles: Rate = field(default_factory=Rate)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "statements": self.statements.prf(),
            "attribution_accuracy": self.attribution.value(),
            "speakers": self.speakers.prf(),
            "title_recall": self.titles.value(),
            "goals": self.goals.prf(),
            "goals_strict": self.goals_strict.prf(),
            "facts": self.facts.prf(),
        }


def fold(text: str) -> tuple[str, list[int]]:
    """NFKC-folded text without white space, and each folded char's original offset."""
    out, where = [], []
    for i, ch in enumerate(text):
        for f in unicodedata.normalize("NFKC", ch):
            if not f.isspace():
                out.append(f)
                where.append(i)
    return "".join(out), where


def locate(folded: tuple[str, list[int]], snippet: str) -> tuple[int, int] | None:
    needle = fold(snippet)[0]
    k = folded[0].find(needle) if needle else -1
    return None if k < 0 else (folded[1][k], folded[1][k + len(needle) - 1] + 1)


def _overlaps(row: StatementRow | QuantityRow, span: tuple[int, int]) -> bool:
    return row["char_start"] < span[1] and span[0] < row["char_end"]


def _same(a: Any, b: Any) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _loose(pred: str | None, gold: str | None) -> bool:
    p, g = fold(pred or "")[0], fold(gold or "")[0]
    return (not p) if not g else bool(p) and (g in p or p in g)


def score_document(rows: DocRows, gold: dict[str, Any], s: Scores) -> None:
    """Add one document's matches to ``s``."""
    text = rows.document["text"]
    folded = fold(text)
    names = {r["speaker_id"]: r for r in rows.speakers}
    preds = sorted(rows.statements, key=lambda r: r["char_start"])
    used: set[int] = set()
    ignored: set[int] = set()
    for g in gold.get("statements", []):
        span = locate(folded, g["head"])
        hit = next((i for i, p in enumerate(preds) if span and i not in used and _overlaps(p, span)), None)
        if g.get("optional"):
            if hit is not None:
                ignored.add(hit)
            continue
        if hit is None:
            s.statements.fn += 1
            continue
        used.add(hit)
        s.statements.tp += 1
        s.attribution.add(fold(names[preds[hit]["speaker_id"]]["name"])[0] == fold(g["speaker"])[0])
    s.statements.fp += len(preds) - len(used) - len(ignored - used)

    quoted = {fold(names[p["speaker_id"]]["name"])[0]: names[p["speaker_id"]] for p in preds}
    optional = {fold(g["name"])[0] for g in gold.get("speakers", []) if g.get("optional")}
    wanted = {fold(g["name"])[0]: g for g in gold.get("speakers", []) if not g.get("optional")}
    for name, g in wanted.items():
        if name in quoted:
            s.speakers.tp += 1
            have = {fold(t)[0] for t in quoted[name]["titles"]}
            for t in g.get("titles", []):
                s.titles.add(fold(t)[0] in have)
        else:
            s.speakers.fn += 1
    s.speakers.fp += sum(1 for n in quoted if n not in wanted and n not in optional)

    for kind, tally, year in (("goals", s.goals, "target_year"), ("facts", s.facts, "year")):
        found = sorted(getattr(rows, kind), key=lambda r: r["char_start"])
        used_n: set[int] = set()
        ignored_n: set[int] = set()
        for g in gold.get(kind, []):
            span = locate(folded, g["anchor"])
            cands = [
                i
                for i, p in enumerate(found)
                if span
                and i not in used_n
                and _overlaps(p, span)
                and _same(p["value_normalized"], g["value_normalized"])
                and p["unit"] == g["unit"]
            ]
            named = [i for i in cands if _loose(found[i]["metric"], g.get("metric"))]
            hit = (named or cands or [None])[0]
            if g.get("optional"):
                if hit is not None:
                    ignored_n.add(hit)
                continue
            if hit is None:
                tally.fn += 1
                if kind == "goals":
                    s.goals_strict.fn += 1
                continue
            used_n.add(hit)
            tally.tp += 1
            if kind == "goals":
                p = found[hit]
                strict = p["comparator"] == g["comparator"] and p["measure"] == g["measure"] and p[year] == g.get(year)
                s.goals_strict.tp += strict
                s.goals_strict.fp += not strict
                s.goals_strict.fn += not strict
        extra = len(found) - len(used_n) - len(ignored_n - used_n)
        tally.fp += extra
        if kind == "goals":
            s.goals_strict.fp += extra


def find_document(gold: dict[str, Any], folders: list[Path]) -> Path | None:
    for folder in folders:
        hits = sorted(p for p in folder.rglob("*.txt") if p.as_posix().endswith(gold["source"]))
        if hits:
            return hits[0]
    return None


def evaluate(gold_dirs: list[Path], doc_folders: list[Path]) -> dict[str, Any] | None:
    """Scores of the current extractors on every gold file in ``gold_dirs``
    (documents looked up by file name in ``doc_folders``); None without gold."""
    files = sorted(p for d in gold_dirs if d.is_dir() for p in d.glob("*.json"))
    if not files:
        return None
    s = Scores()
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_path = find_document(gold, doc_folders)
        if doc_path is None:
            raise FileNotFoundError(f"{path}: document {gold['source']!r} not found in {[str(f) for f in doc_folders]}")
        doc = ingest_one(InputFile(doc_path, doc_path.name))
        if not isinstance(doc, Document):
            raise ValueError(f"{doc_path}: rejected ({doc.reason})")
        score_document(extract_document(doc), gold, s)
        s.documents += 1
    return s.as_dict()


def render_scores(scores: dict[str, Any]) -> str:
    """Markdown table of the scores."""
    lines = ["| measure | precision | recall | F1 |", "| --- | ---: | ---: | ---: |"]
    for key in ("statements", "speakers", "goals", "goals_strict", "facts"):
        v = scores[key]
        lines.append(f"| {key} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")
    lines += [
        "",
        f"Attribution accuracy (matched statements given to the right speaker): {scores['attribution_accuracy']}; "
        f"title recall: {scores['title_recall']}.",
    ]
    return "\n".join(lines)
