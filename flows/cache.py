"""Per-document extraction cache: a document whose bytes, sidecar, name and
code are unchanged is read back instead of processed again. Only results that
passed validation are stored. Entries live under ``data/.cache/extract/``."""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any


class ExtractCache:
    def __init__(self, folder: Path | None, code: str) -> None:
        self.folder, self.code = folder, code

    def key(self, record: dict[str, Any]) -> str:
        raw = "\0".join([self.code, record["source"], str(record["sha256"]), str(record.get("meta_sha256"))])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def _path(self, record: dict[str, Any]) -> Path:
        assert self.folder is not None
        k = self.key(record)
        return self.folder / k[:2] / f"{k}.pickle"

    def has(self, record: dict[str, Any]) -> bool:
        return self.folder is not None and self._path(record).is_file()

    def get(self, record: dict[str, Any]) -> Any | None:
        if self.folder is None:
            return None
        path = self._path(record)
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            path.unlink(missing_ok=True)  # a damaged or stale entry is recomputed
            return None

    def put(self, record: dict[str, Any], value: Any) -> None:
        if self.folder is None:
            return
        path = self._path(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
