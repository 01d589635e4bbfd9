"""`--backend command`: the example backend through the runner, and each way a
command can fail reported for its scenario while the run goes on."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from harness.adapters import BackendOptionError, BackendUnavailable, get_backend
from harness.adapters.contract import BackendTimeout, CommandBackend, ContractError
from harness.runner import Status, run_pack, run_scenario

from .helpers import EXPECTED, example_command, pick


def test_the_example_backend_runs_through_the_runner(core):
    with get_backend("command", {"command": example_command()}) as backend:
        assert isinstance(backend, CommandBackend)
        run = run_pack(pick(core, *EXPECTED), backend)
    assert {result.id: result.status for result in run.results} == EXPECTED
    results = {result.id: result for result in run.results}
    [difference] = results["downgrade-next-period"].differences
    assert "2026-04-16" in str(difference) and "not expected" in str(difference)
    assert "rounding" in str(results["rounding-half-even-signup"].differences[0])
    assert results["change-anchor-prorated"].note == "this system keeps the billing anchor of a subscription fixed"
    upgrade = results["upgrade-halfway"].outcome.invoices[1]
    assert upgrade.lines[0].description.startswith("Unused time on 1 x Basic")


@pytest.mark.parametrize(
    "mode, words",
    [
        ("not_json", ["is not JSON", "<html>oops</html>", "stderr (last 1 line)", "fake backend got upgrade-halfway"]),
        ("silent", ["the response is empty"]),
        ("crash", ["exited with status 3", "stderr (last 20 lines)", "ZeroDivisionError: division by zero",
                   "log line 29", "log line 11"]),
        ("number", ["invoices[0].lines[1].amount", "JSON number 10.5"]),
        ("wrong_shape", ["invoices: expected a list of documents"]),
        ("error", ["the backend reported an error: subscription 42 not found", "database is locked"]),
    ],
)
def test_a_failing_scenario_is_an_error_and_the_next_one_runs(core, fake, mode, words):
    backend = CommandBackend(command=fake({"upgrade-halfway": mode, "default": "empty"}))
    run = run_pack(pick(core, "upgrade-halfway", "lateral-change"), backend)
    failing, following = run.results
    assert failing.status is Status.ERROR
    for word in words:
        assert word in failing.error, failing.error
    assert "log line 10" not in failing.error  # only the last 20 lines of stderr
    # the next scenario ran: the fake issued nothing, so the expected invoices are missing
    assert following.status is Status.FAILED and following.outcome is not None


def test_the_stderr_tail_keeps_its_lines(core, fake):
    backend = CommandBackend(command=fake({"default": "crash"}))
    with pytest.raises(ContractError) as raised:
        backend.run(core.scenario("upgrade-halfway"))
    message = str(raised.value)
    assert message.splitlines()[0].endswith("exited with status 3")
    assert message.splitlines()[-1] == "  | ZeroDivisionError: division by zero"
    assert len(message.splitlines()) == 22


def test_not_supported_is_not_applicable(core, fake):
    result = run_scenario(core.scenario("upgrade-halfway"), CommandBackend(command=fake({"default": "not_supported"})))
    assert result.status is Status.NOT_APPLICABLE and result.note == "we never prorate"


def test_x_keys_are_ignored_and_the_request_arrives_whole(core, fake):
    result = run_scenario(core.scenario("upgrade-halfway"), CommandBackend(command=fake({"default": "echo"})))
    assert result.status is Status.FAILED and result.outcome.documents == ()


def _gone(pid: int) -> bool:
    """Not running: no such process, or a zombie waiting for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")


def _wait_for(condition, seconds: float = 10.0) -> bool:
    """Poll `condition` (a killed process is reaped asynchronously); bounded, never hangs."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _wait_gone(pid: int) -> bool:
    return _wait_for(lambda: _gone(pid))


def test_a_timeout_kills_the_process_and_its_children(core, fake, tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))  # env passes through to the command
    backend = CommandBackend(command=fake({"default": "sleep"}), timeout="4")
    with pytest.raises(BackendTimeout) as raised:
        backend.run(core.scenario("upgrade-halfway"))
    assert "gave no answer within 4 s and was killed" in str(raised.value)
    assert "thinking hard" in str(raised.value)
    assert _wait_gone(int(pid_file.read_text()))


def test_ctrl_c_kills_the_process(core, fake, tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("FAKE_PID_FILE", str(pid_file))
    started: list[subprocess.Popen] = []
    real = subprocess.Popen.communicate

    def interrupted(self, input=None, timeout=None):
        if input is None:  # the reaping after the kill
            return real(self, input, timeout)
        started.append(self)  # the exchange: deliver the request, let it start its child, then Ctrl-C
        self.stdin.write(input)
        self.stdin.close()
        self.stdin = None
        _wait_for(lambda: pid_file.exists() and pid_file.read_text().endswith("\n"))
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        CommandBackend(command=fake({"default": "sleep"})).run(core.scenario("upgrade-halfway"))
    assert started and started[0].returncode is not None
    assert _wait_gone(int(pid_file.read_text()))


def test_a_command_that_cannot_start_makes_the_backend_unavailable(core, tmp_path):
    with pytest.raises(BackendUnavailable, match="cannot start command `no-such-billing-tool --x`"):
        CommandBackend(command="no-such-billing-tool --x").run(core.scenario("upgrade-halfway"))
    script = tmp_path / "bill.sh"
    script.write_text("#!/bin/sh\n")
    os.chmod(script, 0o644)  # not executable
    with pytest.raises(BackendUnavailable, match="ermission denied"):
        CommandBackend(command=str(script)).run(core.scenario("upgrade-halfway"))


def test_options_are_checked():
    with pytest.raises(BackendOptionError, match="needs the program to run"):
        CommandBackend()
    with pytest.raises(BackendOptionError, match="cannot split"):
        CommandBackend(command="python3 'unclosed")
    with pytest.raises(BackendOptionError, match="timeout must be a positive number"):
        CommandBackend(command="true", timeout="soon")
    with pytest.raises(BackendOptionError, match="no option 'url'"):
        CommandBackend(command="true", url="http://127.0.0.1:1/")
    assert CommandBackend(command="python3 -c 'print(1)'").argv == ["python3", "-c", "print(1)"]
