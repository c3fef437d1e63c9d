"""The tests' API helper retries what Prefect's own client retries (429/502/503)
and nothing else, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from conftest import api_request


class Flaky(BaseHTTPRequestHandler):
    plan: ClassVar[list[int]] = []
    seen: ClassVar[list[int]] = []

    def do_POST(self) -> None:
        status = self.plan.pop(0) if self.plan else 200
        self.seen.append(status)
        body = b'{"ok": true}' if status == 200 else b'{"exception_message": "Service Unavailable"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass


@pytest.fixture
def flaky() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Flaky.plan, Flaky.seen = [], []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api"
    finally:
        server.shutdown()
        server.server_close()


def test_retries_503_until_the_server_answers(flaky: str) -> None:
    Flaky.plan = [503, 503]
    response = api_request("POST", f"{flaky}/x", json={})
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert Flaky.seen == [503, 503, 200]


def test_gives_up_after_the_last_attempt_and_returns_the_answer(flaky: str) -> None:
    Flaky.plan = [503] * 5
    response = api_request("POST", f"{flaky}/x", attempts=2, json={})
    assert response.status_code == 503
    assert Flaky.seen == [503, 503]


def test_does_not_retry_other_errors(flaky: str) -> None:
    Flaky.plan = [500]
    response = api_request("POST", f"{flaky}/x", json={})
    assert response.status_code == 500 and Flaky.seen == [500]
