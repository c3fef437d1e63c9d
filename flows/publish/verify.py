"""Verify a release: every file re-hashed against ``SHA256SUMS``."""

from __future__ import annotations

import re
from pathlib import Path

from flows.errors import LianghuiError
from flows.publish.files import sha256_file


def read_sums(folder: Path) -> dict[str, str]:
    path = folder / "SHA256SUMS"
    if not path.exists():
        raise LianghuiError(f"{path} is missing")
    sums = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"^([0-9a-f]{64}) [ *](.+)$", line)
        if not m:
            raise LianghuiError(f"{path}:{n}: not a sha256sum line")
        sums[m[2]] = m[1]
    return sums


def verify_release(folder: Path) -> list[str]:
    """Problems found re-hashing every file against SHA256SUMS (empty: all good)."""
    problems = []
    sums = read_sums(folder)
    for name, digest in sorted(sums.items()):
        path = folder / name
        if not safe_name(name):
            problems.append(f"{name}: path leaves the release folder")
        elif not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: sha256 mismatch")
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name not in sums and path.name != "SHA256SUMS":
            problems.append(f"{path.name}: not listed in SHA256SUMS")
    return problems


def safe_name(name: str) -> bool:
    """A file name that stays inside the release folder."""
    return (
        bool(name)
        and "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and "\0" not in name
        and not name.startswith(".")
    )
