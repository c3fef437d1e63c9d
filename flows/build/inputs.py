"""Load: the input files of a build and their hashes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from flows.errors import LianghuiError
from flows.ingest.inputs import HashMemo, InputFile, ReadAhead, Rejection, discover, input_record


class InputRecord(TypedDict):
    """What the manifest records of an input (``ingest.inputs.input_record``)."""

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
    orphans: list[Rejection]
    records: list[InputRecord]  # source, sha256, meta_sha256 of every document, in document order
    ahead: ReadAhead | None = None  # bytes read while hashing, for the batches (see ingest.inputs.ReadAhead)


def find_inputs(
    seeds_dir: Path,
    hashes: Path | None = None,
    discovered: Callable[[list[InputFile]], None] | None = None,
    read_ahead: int = 0,
) -> Inputs:
    """Load: the input files and their hashes, or a clear error when there are none.
    ``hashes``: a file remembering the hashes of unchanged files (see ``HashMemo``);
    ``discovered``: called with the files before they are hashed; ``read_ahead``:
    bytes of the files read for hashing to keep for their batches."""
    if not seeds_dir.is_dir():
        raise LianghuiError(f"seeds folder {seeds_dir} does not exist")
    files, orphans = discover(seeds_dir)
    if not files:
        raise LianghuiError(f"no documents (*.txt) found under {seeds_dir}")
    if discovered is not None:
        discovered(files)
    memo = HashMemo(hashes) if hashes is not None else None
    ahead = ReadAhead(read_ahead) if read_ahead > 0 else None
    records: list[InputRecord] = [input_record(f, memo, ahead) for f in files]
    if memo is not None:
        memo.save()
    return Inputs(files, orphans, records, ahead)


def all_records(inputs: Inputs) -> list[InputRecord]:
    return inputs.records + [{"source": o.source, "sha256": None, "meta_sha256": None} for o in inputs.orphans]
