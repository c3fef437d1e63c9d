"""Load: the input files of a build and their hashes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from flows.errors import LianghuiError
from flows.ingest.document import Rejection
from flows.ingest.files import HashMemo, InputFile, ReadAhead, Unreadable, discover, input_record
from flows.ingest.sidecar import SIDECAR_SUFFIX


class InputRecord(TypedDict):
    """What the manifest records of an input (``ingest.files.input_record``)."""

    source: str
    sha256: str | None
    meta_sha256: str | None


class RejectedRow(TypedDict):
    """An input that is not published, and why (a row of ``rejected.csv``)."""

    source: str
    sha256: str | None
    reason: str


@dataclass(frozen=True)
class Inputs:
    files: list[InputFile]
    orphans: list[Rejection]  # inputs rejected unread: sidecars without a document, files that cannot be read
    records: list[InputRecord]  # source, sha256, meta_sha256 of every document, in document order
    ahead: ReadAhead | None = None  # bytes read while hashing, for the batches (see ingest.files.ReadAhead)


def find_inputs(
    seeds_dir: Path,
    hashes: Path | None = None,
    discovered: Callable[[list[InputFile]], None] | None = None,
    read_ahead: int = 0,
    links_outside: bool = False,
) -> Inputs:
    """Load: the input files and their hashes, or a clear error when there are none.
    ``hashes``: a file remembering the hashes of unchanged files (see ``HashMemo``);
    ``discovered``: called with the files before they are hashed; ``read_ahead``:
    bytes of the files read for hashing to keep for their batches; ``links_outside``:
    read symbolic links to files outside the seeds folder (refused by default).
    A file that cannot be read (or whose sidecar cannot) is rejected with the reason."""
    if not seeds_dir.is_dir():
        raise LianghuiError(f"seeds folder {seeds_dir} does not exist")
    try:
        files, orphans = discover(seeds_dir, links_outside)
    except OSError as exc:
        raise LianghuiError(f"seeds folder {seeds_dir} cannot be read: {exc.strerror}") from None
    if not files and not any(o.source.endswith(".txt") for o in orphans):
        raise LianghuiError(no_documents(seeds_dir))
    if discovered is not None:
        discovered(files)
    memo = HashMemo(hashes) if hashes is not None else None
    ahead = ReadAhead(read_ahead) if read_ahead > 0 else None
    records: list[InputRecord] = []
    readable: list[InputFile] = []
    for f in files:
        try:
            records.append(input_record(f, memo, ahead))
        except Unreadable as exc:
            orphans.append(Rejection(f.source, None, str(exc)))
            if ahead is not None:
                ahead.take(str(f.path))  # its bytes, if they were kept before its sidecar failed
            continue
        readable.append(f)
    if memo is not None:
        memo.save()
    return Inputs(readable, sorted(orphans, key=lambda r: r.source), records, ahead)


def check_seeds(seeds_dir: Path) -> None:
    """A clear error unless the seeds folder exists and holds a document (``*.txt``):
    cheap, it stops at the first one (for the command line, before a build starts)."""
    if not seeds_dir.is_dir():
        what = "is not a folder" if seeds_dir.exists() else "does not exist"
        raise LianghuiError(f"seeds folder {seeds_dir} {what}")

    def unreadable(exc: OSError) -> None:
        raise LianghuiError(f"seeds folder {seeds_dir} cannot be read: {exc.strerror}: {exc.filename}")

    for _, _, names in os.walk(seeds_dir, onerror=unreadable):
        if any(n.endswith(".txt") for n in names):
            return
    raise LianghuiError(no_documents(seeds_dir))


def no_documents(seeds_dir: Path) -> str:
    only = any(seeds_dir.rglob("*" + SIDECAR_SUFFIX))
    return f"no documents (*.txt) found under {seeds_dir}" + (" (only sidecars *.meta.json)" if only else "")


def all_records(inputs: Inputs) -> list[InputRecord]:
    return inputs.records + [{"source": o.source, "sha256": None, "meta_sha256": None} for o in inputs.orphans]
