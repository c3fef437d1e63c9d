"""Digests of every extractor's output, per document and table: a safety net for
changes that must not change what the build extracts (restructuring, speed-ups).

For every document under the corpora below, the document goes through the very
batch processing a build runs (ingest, clean, extract, validate, into a segment),
and each table's rows of that document are hashed (sha256 of one JSON line per row).
Only digests are stored, never the text.

    python -m tests.digests            # compare with tests/digests.json (exit 1 on a difference)
    python -m tests.digests --update   # rewrite tests/digests.json (after an intended change)

``tests/test_digests.py`` runs the comparison in the test suite."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: name in the digest file -> folder (the shared corpus lives beside the repository)
CORPORA = {
    "seeds": ROOT / "seeds",
    "tests/corpus": ROOT / "tests" / "corpus",
    "../shared/corpus/reports-2026/txt": ROOT.parent / "shared" / "corpus" / "reports-2026" / "txt",
}
DIGESTS = Path(__file__).resolve().parent / "digests.json"
TABLES = ("documents", "speakers", "statements", "goals", "facts", "warnings")


def _sha256(lines: list[str]) -> str:
    return hashlib.sha256("".join(line + "\n" for line in lines).encode("utf-8")).hexdigest()


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=repr)


def corpus_digests(folder: Path) -> dict[str, dict[str, Any]]:
    """source -> table -> sha256 (and row count) of that document's rows, or its rejection
    or validation failures."""
    from flows.build.batch import process_batch
    from flows.ingest.files import discover, read_payload

    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder {folder} is missing: the digests cover it, so they cannot be checked")
    files, orphans = discover(folder)
    batch = process_batch([read_payload(f) for f in files])
    position = {s: i for i, s in enumerate(batch.segment.sources)}
    out: dict[str, dict[str, Any]] = {}
    for r in batch.results:
        entry: dict[str, Any] = {}
        if r.rejection is not None:
            entry["rejection"] = _sha256([_line(r.rejection)])
        if r.failures:
            entry["failures"] = _sha256([_line(f) for f in r.failures])
        if r.source in position:
            i = position[r.source]
            for t in TABLES:
                start, stop = batch.segment.rows(t, i)
                rows = batch.segment.tables[t].slice(start, stop - start).to_pylist()
                entry[t] = {"rows": len(rows), "sha256": _sha256([_line(row) for row in rows])}
        out[r.source] = entry
    for o in orphans:
        out[o.source] = {"orphan": _sha256([_line({"source": o.source, "reason": o.reason})])}
    return dict(sorted(out.items()))


def compute() -> dict[str, dict[str, dict[str, Any]]]:
    return {name: corpus_digests(folder) for name, folder in CORPORA.items()}


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """One line per corpus, document or table whose digest differs."""
    out = []
    for corpus in sorted(set(expected) | set(actual)):
        e, a = expected.get(corpus, {}), actual.get(corpus, {})
        for source in sorted(set(e) | set(a)):
            if source not in a:
                out.append(f"{corpus}/{source}: missing now")
            elif source not in e:
                out.append(f"{corpus}/{source}: new document")
            else:
                for table in sorted(set(e[source]) | set(a[source])):
                    if e[source].get(table) != a[source].get(table):
                        out.append(f"{corpus}/{source}: {table} {e[source].get(table)} -> {a[source].get(table)}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help=f"rewrite {DIGESTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    actual = compute()
    if args.update:
        DIGESTS.write_text(json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS.relative_to(ROOT)}: {sum(map(len, actual.values()))} documents")
        return 0
    diff = differences(json.loads(DIGESTS.read_text(encoding="utf-8")), actual)
    print("\n".join(diff) if diff else "digests unchanged")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
