"""Snapshot and timing harness for the extractors: optimisations must not change
their output.

    python -m benchmarks.snapshot speech|numbers save FILE  [--bench DIR]
    python -m benchmarks.snapshot speech|numbers check FILE [--bench DIR]
    python -m benchmarks.snapshot speech|numbers time       [--bench DIR] [--runs 3]

``save``/``check`` run the extractor over seeds/*.txt, tests/corpus/*.txt and the
benchmark documents (made with ``python -m benchmarks.corpus DIR``), passing each
document's ``outlet`` (speech) or publication year (numbers) from NAME.meta.json,
and store / compare every result field by field (a pickle of ``dataclasses.asdict``).
``time`` prints the median milliseconds per benchmark document over ``--runs`` runs,
wall and CPU (the steadier figure on a shared machine); cleaning is done before timing.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from flows.extract.numbers.quantities import extract_quantities
from flows.extract.speech.statements import extract_speech
from flows.extract.text.clean import clean_text

ROOT = Path(__file__).resolve().parent.parent

Doc = tuple[str, str, dict[str, Any]]  # key, cleaned text, sidecar


def _meta(txt: Path) -> dict[str, Any]:
    meta = txt.with_suffix(".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def _speech(text: str, meta: dict[str, Any]) -> Any:
    return asdict(extract_speech(text, outlet=meta.get("outlet")))


def _numbers(text: str, meta: dict[str, Any]) -> Any:
    year = int(meta["published"][:4]) if meta.get("published") else None
    return [asdict(q) for q in extract_quantities(text, year)]


EXTRACTORS: dict[str, Callable[[str, dict[str, Any]], Any]] = {"speech": _speech, "numbers": _numbers}


def _load(paths: list[Path], base: Path) -> list[Doc]:
    return [(str(p.relative_to(base)), clean_text(p.read_text(encoding="utf-8")), _meta(p)) for p in paths]


def repo_docs() -> list[Doc]:
    """The seed documents and the test corpus."""
    return _load(sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/corpus/*.txt")), ROOT)


def bench_docs(bench: Path) -> list[Doc]:
    """The generated benchmark documents (in their subfolders)."""
    paths = sorted(bench.glob("**/*.txt"))
    if not paths:
        sys.exit(f"no benchmark documents in {bench}: run python -m benchmarks.corpus {bench} --docs 1000")
    return _load(paths, bench.parent)


def _check(expected: dict[str, Any], got: dict[str, Any]) -> int:
    """Print the first differences; the number of documents that differ."""
    bad = 0
    for key in sorted(set(expected) | set(got)):
        if expected.get(key) != got.get(key):
            bad += 1
            if bad <= 10:
                print(f"DIFF {key}\n  expected {expected.get(key)!r:.400}\n  got      {got.get(key)!r:.400}")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("extractor", choices=sorted(EXTRACTORS))
    ap.add_argument("command", choices=["save", "check", "time"])
    ap.add_argument("file", nargs="?", type=Path)
    ap.add_argument("--bench", type=Path, default=Path("/tmp/extractbench"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    run = EXTRACTORS[args.extractor]
    if args.command == "time":
        docs = bench_docs(args.bench)
        run(docs[0][1], docs[0][2])  # warm-up: imports, lazy word lists
        runs = []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            for _key, text, meta in docs:
                run(text, meta)
            runs.append(((time.perf_counter() - t0) * 1000 / len(docs), (time.process_time() - c0) * 1000 / len(docs)))
        each = ", ".join(f"{w:.3f}/{c:.3f}" for w, c in runs)
        print(
            f"{args.extractor}: {statistics.median(w for w, _ in runs):.3f} ms/document wall, "
            f"{statistics.median(c for _, c in runs):.3f} ms CPU (median of {args.runs} runs over "
            f"{len(docs)} documents; wall/CPU per run: {each})"
        )
        return 0
    if args.file is None:
        ap.error(f"{args.command} needs FILE")
    got = {key: run(text, meta) for key, text, meta in repo_docs() + bench_docs(args.bench)}
    if args.command == "save":
        args.file.write_bytes(pickle.dumps(got))
        print(f"saved {len(got)} documents to {args.file}")
        return 0
    bad = _check(pickle.loads(args.file.read_bytes()), got)
    print(f"{'IDENTICAL' if not bad else 'DIFFERENT'}: {len(got) - bad}/{len(got)} documents match")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
