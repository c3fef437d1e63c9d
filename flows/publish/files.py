"""Files of a release: sha256 of a file, and JSON written for people and diffs."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_json_atomic(path: Path, data: Any) -> None:
    """Write ``path`` whole or not at all: a temporary file, flushed to disk, renamed over it."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(dumps(data))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def dumps(data: Any) -> str:
    """JSON for people and diffs: nested containers indented by two spaces, a
    container of plain values on one line (a manifest lists 10,000 inputs:
    ``json.dumps(indent=2)`` formats in pure Python and took 0.3 s)."""
    return _pretty(data, "") + "\n"


def _pretty(value: Any, indent: str) -> str:
    if isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values()):
        inner = indent + "  "
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        inner = indent + "  "
        return (
            "[\n"
            + ",\n".join(inner + (JSON.encode(v) if _flat(v) else _pretty(v, inner)) for v in value)
            + "\n"
            + indent
            + "]"
        )
    return JSON.encode(value)


def _flat(value: Any) -> bool:
    """A dict of plain values (a manifest's input record): one line."""
    return isinstance(value, dict) and not any(isinstance(v, (dict, list)) for v in value.values())


JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(..., ensure_ascii=False) builds one per call
