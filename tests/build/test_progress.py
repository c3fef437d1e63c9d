"""Progress lines on a terminal; silence in CI logs and redirected output."""

from __future__ import annotations

import io

from flows.build.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    p = Progress(10, stream=out)
    p.advance(4)
    p.advance(6)
    p.close()
    lines = out.getvalue().split("\r")
    assert lines[1].startswith("documents 4/10 (") and lines[2].startswith("documents 10/10 (")
    assert out.getvalue().endswith("/s)\n")


def test_quiet_in_ci_and_when_redirected(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CI", "true")
    out = Tty()
    p = Progress(3, stream=out)
    p.advance(3)
    p.close()
    assert out.getvalue() == ""
    monkeypatch.delenv("CI")
    redirected = io.StringIO()
    q = Progress(3, stream=redirected)
    q.advance(3)
    q.close()
    assert redirected.getvalue() == ""
