"""`--backend http`: the example backend served on 127.0.0.1 (started and
stopped by the test), and a small in-process server misbehaving on purpose."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness.adapters import BackendOptionError, BackendUnavailable, get_backend
from harness.adapters.contract import BackendCrashed, BackendTimeout, BackendUnreachable, HttpBackend
from harness.runner import Status, run_pack, run_scenario

from .helpers import EXPECTED, pick


def test_the_example_backend_served_over_http(core, served_example):
    with get_backend("http", {"url": served_example}) as backend:
        assert isinstance(backend, HttpBackend)
        run = run_pack(pick(core, *EXPECTED), backend)
    assert {result.id: result.status for result in run.results} == EXPECTED


class _Misbehaving(BaseHTTPRequestHandler):
    """One path per way an HTTP backend goes wrong; /ok answers properly."""

    seen: list[dict] = []
    release = threading.Event()

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.seen.append({"path": self.path, "type": self.headers["Content-Type"], "body": body})
        if self.path == "/slow":
            self.release.wait(30)
            return self._send(200, b'{"invoices": []}')
        if self.path == "/500":
            return self._send(500, b"Traceback (most recent call last):\n  File billing.py\nKeyError: 'pro'\n")
        if self.path == "/garbage":
            return self._send(200, b"<html>Welcome to nginx</html>")
        if self.path == "/number":
            return self._send(200, b'{"invoices": [{"date": "2026-04-01", "total": 10.0, "lines": []}]}')
        if self.path == "/not_supported":
            return self._send(200, b'{"not_supported": "no seats in our system"}')
        return self._send(200, b'{"invoices": [], "credit_notes": []}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the client gave up on /slow: writing the late answer fails, as it should


@contextmanager
def _server():
    _Misbehaving.seen = []
    _Misbehaving.release = threading.Event()
    server = _QuietServer(("127.0.0.1", 0), _Misbehaving)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        _Misbehaving.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def base_url():
    with _server() as url:
        yield url


def test_the_request_is_posted_as_json(core, base_url):
    run_scenario(core.scenario("upgrade-halfway"), HttpBackend(url=base_url + "/ok"))
    [seen] = _Misbehaving.seen
    assert seen["type"] == "application/json"
    assert seen["body"]["contract"] == "prorata.backend/1"
    assert seen["body"]["scenario"]["id"] == "upgrade-halfway"


@pytest.mark.parametrize(
    "path, words",
    [
        ("/500", ["answered HTTP 500", "response body (last 3 lines)", "KeyError: 'pro'"]),
        ("/garbage", ["is not JSON", "Welcome to nginx"]),
        ("/number", ["invoices[0].total", "JSON number 10.0"]),
    ],
)
def test_bad_answers_are_errors_of_that_scenario(core, base_url, path, words):
    backend = HttpBackend(url=base_url + path)
    failing = run_scenario(core.scenario("upgrade-halfway"), backend)
    assert failing.status is Status.ERROR
    for word in words:
        assert word in failing.error, failing.error
    backend.url = base_url + "/ok"  # the same adapter goes on with the next scenario
    assert run_scenario(core.scenario("lateral-change"), backend).status is Status.FAILED


def test_not_supported_over_http(core, base_url):
    result = run_scenario(core.scenario("seats-increase-immediately"), HttpBackend(url=base_url + "/not_supported"))
    assert result.status is Status.NOT_APPLICABLE and result.note == "no seats in our system"


def test_a_slow_answer_times_out(core, base_url):
    with pytest.raises(BackendTimeout, match="gave no answer within 0.5 s"):
        HttpBackend(url=base_url + "/slow", timeout="0.5").run(core.scenario("upgrade-halfway"))


def test_nothing_listening_at_first_is_unavailable_later_an_error(core):
    with _server() as url:
        backend = HttpBackend(url=url + "/ok")
        run_scenario(core.scenario("upgrade-halfway"), backend)
    # the server is gone now: after a first answer, that is one scenario's error
    with pytest.raises(BackendUnreachable, match="cannot reach .* any more"):
        backend.run(core.scenario("lateral-change"))
    # a fresh adapter that never got an answer: the backend is unavailable (the run stops)
    with pytest.raises(BackendUnavailable, match="start the service first"):
        HttpBackend(url=url + "/ok").run(core.scenario("upgrade-halfway"))


def test_http_errors_are_crashes(core, base_url):
    with pytest.raises(BackendCrashed, match="HTTP 500"):
        HttpBackend(url=base_url + "/500").run(core.scenario("upgrade-halfway"))


def test_url_is_checked():
    for bad in ("", "file:///etc/passwd", "127.0.0.1:8080", "http://"):
        with pytest.raises(BackendOptionError, match="needs a URL"):
            HttpBackend(url=bad)
    with pytest.raises(BackendOptionError, match="no option 'command'"):
        HttpBackend(url="http://127.0.0.1:9/", command="x")
