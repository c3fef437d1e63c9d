"""Progress of long builds: documents done / total and rate, on a terminal
only (never in CI logs or when stderr is redirected)."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled if enabled is not None else (self.stream.isatty() and not os.environ.get("CI"))
        self.start = time.monotonic()

    def advance(self, n: int) -> None:
        self.done += n
        if self.enabled:
            rate = self.done / max(time.monotonic() - self.start, 1e-9)
            self.stream.write(f"\r{self.line(rate)}")
            self.stream.flush()

    def line(self, rate: float) -> str:
        return f"documents {self.done}/{self.total} ({rate:,.0f}/s)"

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
