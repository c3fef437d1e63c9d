"""Developer loop: run the pure extractors on a seeds folder and score them
against gold, without Prefect or the release machinery.

    python -m flows.evaluate.devscore [SEEDS_DIR] [GOLD_DIR] [--verbose]

Writes minimal Parquet tables to a temporary folder and runs the shared scorer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.extract.numbers.quantities import extract_quantities
from flows.extract.speech.statements import extract_speech
from flows.extract.text.clean import clean_text
from flows.settings import PROJECT_ROOT as ROOT


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if not a.startswith("--")]
    seeds = Path(args[0]) if args else ROOT / "seeds"
    gold = Path(args[1]) if len(args) > 1 else ROOT.parent / "shared" / "eval" / "gold"
    docs, stmts, spk, goals, facts = [], [], {}, [], []
    for path in sorted(seeds.rglob("*.txt")):
        text = clean_text(path.read_bytes().decode("utf-8-sig"))
        meta_path = path.with_suffix(".meta.json")
        year, outlet = None, None
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            pub, outlet = meta.get("published"), meta.get("outlet")
            year = int(str(pub)[:4]) if pub else None
        doc_id = path.name
        docs.append({"doc_id": doc_id, "source": path.relative_to(seeds).as_posix(), "text": text})
        speech = extract_speech(text, outlet=outlet)
        for s in speech.speakers:
            spk[f"{doc_id}:{s.name}"] = {"speaker_id": f"{doc_id}:{s.name}", "name": s.name, "titles": list(s.titles)}
        for i, st in enumerate(speech.statements):
            stmts.append(
                {
                    "statement_id": f"{doc_id}:{i}",
                    "doc_id": doc_id,
                    "speaker_id": f"{doc_id}:{st.speaker}",
                    "char_start": st.char_start,
                    "char_end": st.char_end,
                }
            )
        for q in extract_quantities(text, year):
            sid = next(
                (
                    f"{doc_id}:{st.speaker}"
                    for st in speech.statements
                    if st.char_start <= q.char_start and q.char_end <= st.char_end
                ),
                None,
            )
            row = {
                "doc_id": doc_id,
                "speaker_id": sid,
                "char_start": q.char_start,
                "char_end": q.char_end,
                "value_normalized": q.value_normalized,
                "unit": q.unit,
                "comparator": q.comparator,
                "measure": q.measure,
                "direction": q.direction,
                "metric": q.metric,
                "subject": q.subject,
                "horizon": q.horizon,
                "text": text[q.char_start : q.char_end],
            }
            if q.kind == "goal":
                goals.append({**row, "target_year": q.year})
            else:
                facts.append({**row, "year": q.year})
    out = Path(tempfile.mkdtemp(prefix="devscore-"))
    schemas = {
        "documents": docs,
        "statements": stmts,
        "speakers": list(spk.values()),
        "goals": goals,
        "facts": facts,
    }
    for name, rows in schemas.items():
        pq.write_table(pa.Table.from_pylist(rows) if rows else _empty(name), out / f"{name}.parquet")
    cmd = [sys.executable, str(ROOT.parent / "shared" / "eval" / "score.py"), str(out), str(gold), "--brief"]
    if verbose:
        cmd.append("--verbose")
    return subprocess.call(cmd)


def _empty(name: str) -> pa.Table:
    cols = {
        "documents": ["doc_id", "source", "text"],
        "statements": ["statement_id", "doc_id", "speaker_id", "char_start", "char_end"],
        "speakers": ["speaker_id", "name"],
        "goals": ["doc_id", "char_start", "char_end", "value_normalized", "unit"],
        "facts": ["doc_id", "char_start", "char_end", "value_normalized", "unit"],
    }[name]
    return pa.table({c: pa.array([], pa.string()) for c in cols})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
