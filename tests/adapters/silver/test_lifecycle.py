"""The adapter owns its worker: started on enter, gone after close (also on
Ctrl-C), restarted after a crash, and a missing environment says what to run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from harness.adapters import BackendUnavailable
from harness.adapters.silver import SilverBackend, adapter as adapter_module
from harness.adapters.silver.client import WorkerCrashed
from harness.adapters.silver.environment import ENV_VAR, Environment
from harness.packs import load_pack
from harness.runner.core import Status, run_scenario

from tests.adapters.silver.conftest import VENV


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture(scope="module")
def core():
    return load_pack("scenario_packs/core")


def test_close_stops_the_worker(silver_env):
    backend = SilverBackend(venv=str(VENV))
    with backend:
        pid = backend.worker.pid
        assert not gone(pid)
    assert backend.worker is None and gone(pid)
    backend.close()  # idempotent


def test_ctrl_c_inside_a_run_stops_the_worker(silver_env):
    with pytest.raises(KeyboardInterrupt):
        with SilverBackend(venv=str(VENV)) as backend:
            pid = backend.worker.pid
            raise KeyboardInterrupt
    assert gone(pid)


def test_a_missing_environment_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    with pytest.raises(BackendUnavailable, match="prorata backends install silver"):
        with SilverBackend(venv=str(tmp_path / "no-venv")):
            pass


class FakeEnvironment(Environment):
    """A 'worker' that is a few lines of Python: says ready, then dies on the first request."""

    def worker_command(self) -> list[str]:
        script = ("import sys, json; print(json.dumps({'ready': True}), flush=True); "
                  "sys.stdin.readline(); print('silver exploded: out of cheese', file=sys.stderr, flush=True); "
                  "sys.exit(9)")
        return [sys.executable, "-c", script]


def test_a_crash_is_an_error_with_the_stderr_tail_and_the_next_scenario_restarts(core, monkeypatch):
    monkeypatch.setattr(adapter_module, "locate", lambda *a: FakeEnvironment(Path(sys.executable), Path(".")))
    with SilverBackend() as backend:
        first = run_scenario(core.scenario("upgrade-halfway"), backend)
        assert first.status is Status.ERROR
        assert "exited (code 9)" in first.error and "out of cheese" in first.error
        assert backend.worker is None  # dropped: the next run starts a new one
        second = run_scenario(core.scenario("upgrade-halfway"), backend)
        assert second.status is Status.ERROR and backend.starts == 2


def test_a_worker_that_cannot_start_makes_the_backend_unavailable(monkeypatch):
    class Broken(Environment):
        def worker_command(self):
            return [sys.executable, "-c", "import sys; print('no django here', file=sys.stderr); sys.exit(1)"]

    monkeypatch.setattr(adapter_module, "locate", lambda *a: Broken(Path(sys.executable), Path(".")))
    with pytest.raises(BackendUnavailable, match="no django here"):
        with SilverBackend():
            pass


def test_a_killed_worker_is_replaced_before_the_next_scenario(silver_env, core):
    with SilverBackend(venv=str(VENV)) as backend:
        old = backend.worker.pid
        backend.worker.process.kill()
        backend.worker.process.wait()
        result = run_scenario(core.scenario("signup-prorated-100-apr16"), backend, lint=False)
        assert result.status is Status.PASSED  # the amounts; its wording is the lint's (and the ledger's) business
        assert backend.worker.pid != old and backend.starts == 2
    assert gone(old)


def test_worker_crashed_is_not_a_backend_error_class():
    # a crash ends one scenario (an error result); only BackendUnavailable ends a run
    assert not issubclass(WorkerCrashed, BackendUnavailable)
