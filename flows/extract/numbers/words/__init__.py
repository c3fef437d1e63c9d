"""The word lists of the numbers extractor, one file each, read once at import.

``NAME.txt`` holds one entry a line (``word`` or ``word code``); ``#`` starts a
comment. The build's code version hashes ``*.py`` files only, so ``SHA256``
below is the digest of these files: edit a list, then run
``python -m flows.extract.numbers.words`` and paste the digest it prints
(``tests/extract/test_numbers.py`` fails until then), so that a changed list
is a changed code version and the extraction cache is not reused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).parent
SHA256 = "9c74adbc2488edb0a9369751bff48a73a3c50d448995804697bd3790673fd91c"


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


def digest() -> str:
    """sha256 over the names and bytes of every list."""
    h = hashlib.sha256()
    for path in sorted(HERE.glob("*.txt")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
