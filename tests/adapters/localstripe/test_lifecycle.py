"""The adapter starts localstripe on 127.0.0.1 in its own process and stops it,
also when the run fails or is interrupted; a missing or broken localstripe is
a BackendUnavailable that says what to do."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harness.adapters import BackendUnavailable, get_backend
from harness.adapters.localstripe import LocalstripeBackend, server
from harness.adapters.localstripe.server import port_open


def test_registered_under_its_name():
    backend = get_backend("localstripe")
    assert isinstance(backend, LocalstripeBackend) and backend.name == "localstripe"


def test_server_runs_on_localhost_and_is_gone_after_close():
    backend = LocalstripeBackend()
    with backend:
        url = urlsplit(backend.url)
        process = backend.server.process
        assert url.hostname == "127.0.0.1"
        assert port_open(url.port)
        assert process.poll() is None
        assert server.answers(backend.url)
    assert process.poll() is not None  # the child has exited
    assert not port_open(url.port)
    backend.close()  # idempotent


def test_server_stopped_when_the_run_is_interrupted():
    backend = LocalstripeBackend()
    with pytest.raises(KeyboardInterrupt):
        with backend:
            port = urlsplit(backend.url).port
            process = backend.server.process
            raise KeyboardInterrupt
    assert process.poll() is not None
    assert not port_open(port)


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(server, "installed", lambda: False)
    with pytest.raises(BackendUnavailable, match=r"pip install 'proration-harness\[localstripe\]'"):
        with LocalstripeBackend():
            pass


def test_a_server_that_does_not_come_up_is_unavailable(monkeypatch):
    monkeypatch.setattr(server, "WRAPPER", "import sys; print('boom: no app'); sys.exit(3)")
    backend = LocalstripeBackend()
    with pytest.raises(BackendUnavailable, match="exited at start.*boom: no app"):
        backend.start()
    assert backend.server is None


def test_url_option_uses_a_running_server_without_owning_it(localstripe, core_pack):
    with LocalstripeBackend(url=localstripe.url) as external:
        assert external.server is None and external.url == localstripe.url
        outcome = external.run(core_pack.scenario("signup-plain-first-period"))
        assert len(outcome.invoices) == 1
    assert server.answers(localstripe.url)  # not stopped by the borrowing adapter


def test_url_option_with_nothing_listening_is_unavailable():
    port = server.free_port()
    with pytest.raises(BackendUnavailable, match="no localstripe answers"):
        with LocalstripeBackend(url=f"http://127.0.0.1:{port}"):
            pass


def test_url_option_declares_the_server_time_zone(localstripe, core_pack):
    scenario = core_pack.scenario("upgrade-halfway")  # a UTC pack
    assert LocalstripeBackend(url=localstripe.url).unsupported(scenario) == ()
    reasons = LocalstripeBackend(url=localstripe.url, timezone="Europe/Paris").unsupported(scenario)
    assert len(reasons) == 1 and "timezone=UTC" in reasons[0]
