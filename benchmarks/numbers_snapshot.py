"""Snapshot and timing harness for the numeric goals & facts extractor.

    python -m benchmarks.numbers_snapshot save FILE   [--bench DIR]
    python -m benchmarks.numbers_snapshot check FILE  [--bench DIR]
    python -m benchmarks.numbers_snapshot time        [--bench DIR] [--runs 3]

``save``/``check`` run ``extract_quantities`` over seeds/*.txt,
tests/corpus/*.txt and the benchmark documents (made with
``python -m benchmarks.corpus DIR``), passing the year of each document's
``published`` date from NAME.meta.json, and store / compare every Quantity
field by field (a pickle of ``dataclasses.asdict``). ``time`` prints the median
milliseconds per benchmark document over ``--runs`` runs (the cleaning is done
before timing).
"""
from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

from flows.extract.clean import clean_text
from flows.extract.numbers import extract_quantities

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BENCH = Path("/tmp/numbench")

Doc = tuple[str, str, int | None]  # key, cleaned text, doc_year


def _year(txt: Path) -> int | None:
    """The year of ``published`` in NAME.meta.json beside NAME.txt, or None."""
    meta = txt.with_suffix(".meta.json")
    if not meta.exists():
        return None
    published = json.loads(meta.read_text(encoding="utf-8")).get("published")
    return int(published[:4]) if published else None


def _load(paths: list[Path], base: Path) -> list[Doc]:
    """(key, cleaned text, year) for each file, keyed by its path relative to ``base``."""
    return [(str(p.relative_to(base)), clean_text(p.read_text(encoding="utf-8")), _year(p)) for p in paths]


def repo_docs() -> list[Doc]:
    """The seed documents and the test corpus."""
    paths = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/corpus/*.txt"))
    return _load(paths, ROOT)


def bench_docs(bench: Path) -> list[Doc]:
    """The generated benchmark documents (in their subfolders)."""
    paths = sorted(bench.glob("**/*.txt"))
    if not paths:
        sys.exit(f"no benchmark documents in {bench}: run python -m benchmarks.corpus {bench} --docs 1000")
    return _load(paths, bench.parent)


def results(docs: list[Doc]) -> dict[str, list[dict]]:
    """Every document's quantities as plain dicts."""
    return {key: [asdict(q) for q in extract_quantities(text, year)] for key, text, year in docs}


def _check(expected: dict[str, list[dict]], got: dict[str, list[dict]]) -> int:
    """Print the differences; the number of documents that differ."""
    bad = 0
    for key in sorted(set(expected) | set(got)):
        a, b = expected.get(key), got.get(key)
        if a == b:
            continue
        bad += 1
        if bad <= 10:
            print(f"DIFF {key}")
            xa, xb = a or [], b or []
            for i in range(max(len(xa), len(xb))):
                ra = xa[i] if i < len(xa) else None
                rb = xb[i] if i < len(xb) else None
                if ra != rb:
                    print(f"  [{i}]\n    expected {ra}\n    got      {rb}")
                    break
    return bad


def _time(docs: list[Doc], runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds per document of each of ``runs`` runs; the CPU
    time is the steadier figure on a shared machine."""
    per_doc = []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        for _key, text, year in docs:
            extract_quantities(text, year)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        per_doc.append((wall * 1000 / len(docs), cpu * 1000 / len(docs)))
    return per_doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["save", "check", "time"])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if args.command == "time":
        docs = bench_docs(args.bench)
        extract_quantities(docs[0][1], docs[0][2])  # warm-up: imports, compiled patterns
        runs = _time(docs, args.runs)
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        each = ", ".join(f"{w:.3f}/{c:.3f}" for w, c in runs)
        print(f"extract_quantities: {wall:.3f} ms/document wall, {cpu:.3f} ms CPU "
              f"(median of {args.runs} runs over {len(docs)} documents; wall/CPU per run: {each})")
        return 0
    if args.file is None:
        ap.error(f"{args.command} needs FILE")
    got = results(repo_docs() + bench_docs(args.bench))
    if args.command == "save":
        args.file.write_bytes(pickle.dumps(got))
        print(f"saved {len(got)} documents ({sum(len(r) for r in got.values())} quantities) to {args.file}")
        return 0
    expected = pickle.loads(args.file.read_bytes())
    bad = _check(expected, got)
    print(f"{'IDENTICAL' if not bad else 'DIFFERENT'}: {len(got) - bad}/{len(got)} documents match")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
