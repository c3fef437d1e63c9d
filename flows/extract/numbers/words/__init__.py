"""The word lists of the numbers extractor, one file each, read once at import.

``NAME.txt`` holds one entry a line (``word`` or ``word code``); ``#`` starts a
comment. The build's code version hashes these files with the modules
(``flows.publish.versions.code_files``), so an edited list is new code and the
extraction cache is not reused.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def words(name: str) -> tuple[str, ...]:
    """The entries of ``NAME.txt``, in the order written."""
    out = []
    for line in (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The ``word code`` entries of ``NAME.txt``, in the order written."""
    return tuple((w, c) for w, c in (entry.split() for entry in words(name)))
