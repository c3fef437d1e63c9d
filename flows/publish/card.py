"""The dataset card (README.md of a release), generated from the schemas."""

from __future__ import annotations

from typing import Any

from flows.settings import TABLES
from schemas import column_specs, table_meta
from schemas.contract import TYPES


def render_card(version: str, counts: dict[str, int], rejected: list[dict[str, Any]], manifest: dict[str, Any]) -> str:
    out = [
        f"# lianghui {version}",
        "",
        "Statements (who said what), speakers, numeric goals and reported figures extracted from",
        'Chinese policy documents on the "two sessions" (两会). Every row of `statements`, `goals`',
        "and `facts` points at its document and character offsets: `documents.text[char_start:char_end] == text`.",
        "",
        "Each table is published as Parquet (zstd; column descriptions in the Arrow field metadata) and as",
        "CSV (UTF-8, header row, list columns as JSON arrays, empty cell = null). `datapackage.json` is the",
        "Frictionless Data Package descriptor; `SHA256SUMS` lists every file's checksum",
        "(`sha256sum -c SHA256SUMS`, or `lianghui verify " + version + "`); `manifest.json` records the inputs",
        "and the code that built this release.",
        "",
        "## Contents",
        "",
        "| table | rows | what a row is |",
        "| --- | ---: | --- |",
    ]
    for t in TABLES:
        out.append(f"| `{t}` | {counts[t]} | {table_meta(t)['description']} |")
    out += ["", f"Inputs: {len(manifest['inputs'])} files, {len(rejected)} rejected (see `rejected.csv`).", ""]
    if rejected:
        out += ["| rejected input | reason |", "| --- | --- |"]
        out += [f"| `{r['source']}` | {r['reason']} |" for r in sorted(rejected, key=lambda r: r["source"])]
        out.append("")
    out += [
        "## Loading",
        "",
        "```python",
        "import pandas as pd",
        'goals = pd.read_parquet("goals.parquet", dtype_backend="pyarrow")',
        "```",
        "```python",
        "import duckdb",
        "duckdb.sql(\"SELECT s.name, count(*) FROM 'statements.parquet' st JOIN 'speakers.parquet' s USING (speaker_id) GROUP BY 1\")",
        "```",
        "```python",
        "import polars as pl",
        'facts = pl.read_parquet("facts.parquet")',
        "```",
        "```r",
        'goals <- arrow::read_parquet("goals.parquet")',
        "```",
        "",
        "## Columns",
        "",
    ]
    for t in TABLES:
        meta = table_meta(t)
        out += [f"### `{t}`", "", meta["description"], "", f"Primary key: `{', '.join(meta['primary_key'])}`."]
        for fk in meta["foreign_keys"]:
            out.append(f"`{fk['fields'][0]}` refers to `{fk['reference']['resource']}.{fk['reference']['fields'][0]}`.")
        out += ["", "| column | type | null | description |", "| --- | --- | --- | --- |"]
        for c in column_specs(t):
            desc = c.description + (f" One of: {', '.join(c.enum)}." if c.enum else "")
            out.append(f"| `{c.name}` | {TYPES[c.arrow].card} | {'yes' if c.nullable else 'no'} | {desc} |")
        out.append("")
    out += ["## Measured accuracy", ""]
    if manifest.get("accuracy"):
        from flows.evaluate.score import render_accuracy

        out += [
            "This release's extractors, scored on hand-annotated gold files kept in the project repository",
            "(`flows/evaluate/gold_sets.json` lists them), matched as the annotation guidelines say. The",
            "held-out gold is the estimate for text nobody tuned for: it was written independently (from the",
            "guidelines and the text alone) and nobody changing the rules looked at it. Gold the rules were",
            "developed on scores higher by construction. A dash: the set has no such items.",
            "",
            render_accuracy(manifest["accuracy"]),
            "",
        ]
    else:
        out += ["No gold documents were available when this release was built.", ""]
    code = manifest["code"]
    out += [
        "## Provenance",
        "",
        f"Built by lianghui {code['package']} (extractor {code['extractor']}, source sha256 `{code['source_sha256'][:16]}…`,",
        f"pyarrow {code['pyarrow']}) from inputs whose combined sha256 is `{manifest['inputs_sha256'][:16]}…`.",
        *(
            [f"Libraries that shape the rows: {', '.join(f'{k} {v}' for k, v in code['libraries'].items())}."]
            if code.get("libraries")
            else []
        ),
        "The same inputs and code give byte-identical files. Meanings of the tables follow the project's",
        "annotation guidelines.",
        "",
    ]
    return "\n".join(out)
