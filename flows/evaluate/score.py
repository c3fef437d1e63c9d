"""Measure extraction accuracy against hand-made gold files (the format of the
project's annotation guidelines: speakers, statements with head/tail, goals
and facts with anchors). Used for the "Measured accuracy" section of every
release card and by ``lianghui evaluate``.

Matching follows the guidelines: a predicted statement matches a gold one when
its span overlaps the gold head (one prediction per gold item); a goal or fact
when its span overlaps the anchor and its normalized value and unit agree.
Optional gold items neither reward nor punish. A gold file with a ``scope``
(regions given by a ``from`` and a ``to`` anchor) was annotated only there:
predictions outside those regions are not counted.

Gold comes in sets (``flows/evaluate/gold_sets.json``): each names its gold
folder, its documents, whether the rules were tuned on it or it was written
independently (by someone who read only the guidelines and the text), and the
kind of each document (news, transcript, work report), so that release cards
report each separately."""

from __future__ import annotations

import fnmatch
import json
import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows.extract.rows import DocRows, QuantityRow, StatementRow, extract_document
from flows.ingest.document import Document
from flows.ingest.files import InputFile, ingest_one


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
    goal_fields: dict[str, Rate] = field(default_factory=lambda: {k: Rate() for k in GOAL_FIELDS})
    fact_fields: dict[str, Rate] = field(default_factory=lambda: {k: Rate() for k in FACT_FIELDS})

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
            "goal_fields": {k: r.value() for k, r in self.goal_fields.items()},
            "fact_fields": {k: r.value() for k, r in self.fact_fields.items()},
        }


#: Fields of matched goals and facts whose accuracy is reported, as the shared scorer does.
GOAL_FIELDS = ("comparator", "measure", "target_year", "metric", "subject", "speaker", "direction")
FACT_FIELDS = ("comparator", "year", "metric")


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


def scope_regions(folded: tuple[str, list[int]], gold: dict[str, Any], source: str) -> list[tuple[int, int]] | None:
    """The annotated regions of a gold file with a ``scope``; None: the whole document."""
    if not gold.get("scope"):
        return None
    regions = []
    for part in gold["scope"]:
        start, end = locate(folded, part["from"]), locate(folded, part["to"])
        if start is None or end is None:
            raise ValueError(f"{source}: scope anchor {part!r} not found in the document")
        regions.append((start[0], end[1]))
    return regions


def _in_scope(row: StatementRow | QuantityRow, regions: list[tuple[int, int]] | None) -> bool:
    return regions is None or any(a <= row["char_start"] < b for a, b in regions)


def _speaker_name(names: dict[str, Any], speaker_id: str | None) -> str:
    return fold(names[speaker_id]["name"])[0] if speaker_id in names else ""


def _field_checks(p: QuantityRow, g: dict[str, Any], kind: str, speaker: str) -> dict[str, bool]:
    """Which fields of a matched goal or fact agree with gold (the shared scorer's rules)."""
    if kind == "facts":
        return {
            "comparator": p["comparator"] == g.get("comparator"),
            "year": (p.get("year") or None) == (g.get("year") or None),
            "metric": _loose(p["metric"], g.get("metric")),
        }
    checks = {
        "comparator": p["comparator"] == g.get("comparator"),
        "measure": p["measure"] == g.get("measure"),
        "target_year": (p.get("target_year") or None) == (g.get("target_year") or None),
        "metric": _loose(p["metric"], g.get("metric")),
        "subject": _loose(p["subject"], g.get("subject")),
        "speaker": speaker == fold(g.get("speaker") or "")[0],
    }
    if "direction" in g:
        checks["direction"] = (p["direction"] or None) == (g["direction"] or None)
    return checks


def score_document(rows: DocRows, gold: dict[str, Any], s: Scores) -> None:
    """Add one document's matches to ``s``."""
    text = rows.document["text"]
    folded = fold(text)
    regions = scope_regions(folded, gold, gold.get("source", "?"))
    names = {r["speaker_id"]: r for r in rows.speakers}
    preds = sorted((r for r in rows.statements if _in_scope(r, regions)), key=lambda r: r["char_start"])
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
        found = sorted((r for r in getattr(rows, kind) if _in_scope(r, regions)), key=lambda r: r["char_start"])
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
            p = found[hit]
            fields = s.goal_fields if kind == "goals" else s.fact_fields
            for k, ok in _field_checks(p, g, kind, _speaker_name(names, p.get("speaker_id"))).items():
                fields[k].add(ok)
            if kind == "goals":
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


def _gold_files(gold_dirs: list[Path]) -> list[Path]:
    return sorted(p for d in gold_dirs if d.is_dir() for p in d.glob("*.json"))


def _score_file(path: Path, doc_folders: list[Path], s: Scores) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    doc_path = find_document(gold, doc_folders)
    if doc_path is None:
        raise FileNotFoundError(f"{path}: document {gold['source']!r} not found in {[str(f) for f in doc_folders]}")
    doc = ingest_one(InputFile(doc_path, doc_path.name))
    if not isinstance(doc, Document):
        raise ValueError(f"{doc_path}: rejected ({doc.reason})")
    try:
        score_document(extract_document(doc), gold, s)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    s.documents += 1


def evaluate(gold_dirs: list[Path], doc_folders: list[Path]) -> dict[str, Any] | None:
    """Scores of the current extractors on every gold file in ``gold_dirs``
    (documents looked up by file name in ``doc_folders``); None without gold."""
    files = _gold_files(gold_dirs)
    if not files:
        return None
    s = Scores()
    for path in files:
        _score_file(path, doc_folders, s)
    return s.as_dict()


@dataclass(frozen=True)
class GoldSet:
    """Gold files and the folder of their documents (see gold_sets.json)."""

    name: str
    gold: Path
    documents: Path
    provenance: str  # "independent": written from the guidelines alone; "tuned": the rules were tuned on it
    kind: str  # the kind of document its files annotate, unless ``kinds`` says otherwise
    kinds: dict[str, list[str]] = field(default_factory=dict)  # kind -> file-name patterns of gold files
    note: str = ""

    def kind_of(self, gold_file: Path) -> str:
        return next(
            (k for k, pats in self.kinds.items() if any(fnmatch.fnmatch(gold_file.name, p) for p in pats)), self.kind
        )


GOLD_SETS_FILE = Path(__file__).with_name("gold_sets.json")


def load_gold_sets(path: Path = GOLD_SETS_FILE) -> list[GoldSet]:
    """The project's gold sets; folders are relative to the repository root."""
    from flows.settings import PROJECT_ROOT

    sets = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["sets"]:
        sets.append(
            GoldSet(
                name=entry["name"],
                gold=PROJECT_ROOT / entry["gold"],
                documents=(PROJECT_ROOT / entry["documents"]).resolve(),
                provenance=entry["provenance"],
                kind=entry["kind"],
                kinds=entry.get("kinds", {}),
                note=entry.get("note", ""),
            )
        )
    return sets


def evaluate_sets(sets: list[GoldSet]) -> dict[str, Any] | None:
    """Scores per gold set and document kind; a set whose documents are not on
    this machine is listed as unavailable. None when no set has gold files."""
    out = []
    for gs in sets:
        files = _gold_files([gs.gold])
        if not files:
            continue
        entry: dict[str, Any] = {"name": gs.name, "provenance": gs.provenance, "note": gs.note}
        if not gs.documents.is_dir():
            out.append({**entry, "available": False, "documents": len(files), "by_kind": {}})
            continue
        by_kind: dict[str, Scores] = {}
        for path in files:
            _score_file(path, [gs.documents], by_kind.setdefault(gs.kind_of(path), Scores()))
        out.append(
            {
                **entry,
                "available": True,
                "documents": len(files),
                "by_kind": {k: v.as_dict() for k, v in sorted(by_kind.items())},
            }
        )
    if not out:
        return None
    return {"documents": sum(e["documents"] for e in out if e["available"]), "sets": out}


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


def _cell(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


def render_accuracy(acc: dict[str, Any]) -> str:
    """Markdown tables of ``evaluate_sets``, one per provenance: held-out gold first, then gold the rules were
    developed on (written independently, then by the rules' authors)."""
    head = (
        "| gold set | kind | docs | statements F1 | attribution | speakers F1 | titles | goals F1 | goals strict F1 "
        "| goal subject | goal metric | goal year | facts F1 | fact metric | fact year |"
    )
    lines: list[str] = []
    for provenance, title in (
        ("held-out", "Held-out gold: written independently, never looked at while the rules were written"),
        ("independent", "Gold written independently, used while developing the rules"),
        ("tuned", "Gold written by the rules' authors (says only that nothing regressed)"),
    ):
        sets = [e for e in acc["sets"] if e["provenance"] == provenance]
        if not sets:
            continue
        lines += [f"**{title}**", "", head, "| --- | --- | ---: |" + " ---: |" * 12]
        for e in sets:
            if not e["available"]:
                lines.append(
                    f"| {e['name']} | – | {e['documents']} | documents not available where this was built |" + " |" * 11
                )
                continue
            for kind, v in e["by_kind"].items():
                gf, ff = v["goal_fields"], v["fact_fields"]
                cells = [
                    v["statements"]["f1"] if v["statements"]["tp"] + v["statements"]["fn"] else None,
                    v["attribution_accuracy"],
                    v["speakers"]["f1"] if v["speakers"]["tp"] + v["speakers"]["fn"] else None,
                    v["title_recall"],
                    v["goals"]["f1"] if v["goals"]["tp"] + v["goals"]["fn"] else None,
                    v["goals_strict"]["f1"] if v["goals_strict"]["tp"] + v["goals_strict"]["fn"] else None,
                    gf["subject"],
                    gf["metric"],
                    gf["target_year"],
                    v["facts"]["f1"] if v["facts"]["tp"] + v["facts"]["fn"] else None,
                    ff["metric"],
                    ff["year"],
                ]
                lines.append(f"| {e['name']} | {kind} | {v['documents']} | " + " | ".join(map(_cell, cells)) + " |")
        lines.append("")
    notes = [f"- {e['name']}: {e['note']}" for e in acc["sets"] if e.get("note")]
    return "\n".join(lines + notes)
