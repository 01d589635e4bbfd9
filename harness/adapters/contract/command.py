"""`--backend command`: any program that reads one JSON request on stdin and
prints one JSON response on stdout, started once per scenario.

One process per scenario keeps scenarios independent (no state leaks from
one to the next) and makes the contract trivial to implement in any
language. The process runs in a session of its own so a timeout or Ctrl-C
kills it together with anything it started (a shell script's children)."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess

from harness.adapters.base import BackendOptionError
from harness.adapters.contract.base import ContractBackend
from harness.adapters.contract.errors import BackendCrashed, BackendTimeout, with_tail
from harness.adapters.errors import BackendUnavailable
from harness.model import Scenario

#: How long to wait for a killed process group to release its pipes.
_REAP_SECONDS = 5.0


class CommandBackend(ContractBackend):
    name = "command"
    description = "any program speaking the JSON contract prorata.backend/1 on stdin/stdout (docs/backend-contract.md)"
    options = {
        "command": 'the command line to start per scenario, split like a shell would (e.g. "python3 bill.py")',
        "timeout": "seconds a scenario may take before the process is killed (default 30)",
        "name": "the name of this backend's deviations ledger (deviations/NAME.yaml; default: the backend's)",
    }
    reach_detail = "started once per scenario; a program that cannot be started stops the run (exit 3)"

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        command = options.get("command", "")
        try:
            self.argv = shlex.split(command)
        except ValueError as error:
            raise BackendOptionError(f"backend 'command': cannot split command {command!r}: {error}") from None
        if not self.argv:
            raise BackendOptionError(
                "backend 'command' needs the program to run: --backend-option command=\"python3 my_backend.py\""
            )
        self.command = command

    def where(self) -> str:
        return f"command `{self.command}`"

    def _exchange(self, body: bytes, scenario: Scenario) -> tuple[bytes, str]:
        try:
            process = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: killpg reaches its children
            )
        except OSError as error:  # not found, not executable: no scenario can run
            raise BackendUnavailable(
                f"cannot start {self.where()}: {error.strerror or error}; "
                "check the program name and PATH, or give its full path"
            ) from None
        try:
            stdout, stderr = process.communicate(body, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _, stderr = _kill(process)
            raise BackendTimeout(
                with_tail(f"{self.where()} gave no answer within {self.timeout:g} s and was killed",
                          "stderr", _text(stderr))
            ) from None
        except BaseException:  # KeyboardInterrupt, or a broken pipe: leave nothing running
            _kill(process)
            raise
        side = _text(stderr)
        if process.returncode != 0:
            raise BackendCrashed(with_tail(f"{self.where()} {_exit_text(process.returncode)}", "stderr", side))
        return stdout, side


def _kill(process: subprocess.Popen) -> tuple[bytes, bytes]:
    """Kill the process's whole group and collect what it wrote."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        return process.communicate(timeout=_REAP_SECONDS)
    except subprocess.TimeoutExpired:  # a grandchild that left the group still holds the pipes
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        process.wait()
        return b"", b""


def _exit_text(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8", errors="replace")
