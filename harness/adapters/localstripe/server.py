"""Start and stop a localstripe server as a separate process.

localstripe is GPL-3.0: its code never runs in the harness's process. A tiny
wrapper, passed to `python -c`, imports it in a child process, turns off its
pickling of the whole store to a fixed file under /tmp on every write (slow,
and shared between concurrent runs), and serves it on 127.0.0.1 only (the
stock `localstripe` command binds every interface).

The child runs in its own session so a Ctrl-C in the terminal reaches the
harness, which then stops the child itself, instead of killing it halfway or
leaving it behind."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from harness.adapters.errors import BackendUnavailable

# Runs in the child: argv[1] is the port. Store methods are replaced before the
# server module creates its app, so nothing is ever read from or written to disk.
# A watchdog thread ends the child if the harness dies without stopping it
# (SIGKILL): its parent then changes.
WRAPPER = """
import os, sys, threading, time
parent = os.getppid()
def watchdog():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watchdog, daemon=True).start()
from localstripe import resources
resources.Store.dump_to_disk = lambda self: None
resources.Store.try_load_from_disk = lambda self: None
from aiohttp import web
from localstripe.server import app
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""

INSTALL_HINT = "install it with: python3 -m pip install 'proration-harness[localstripe]'"


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def installed() -> bool:
    return importlib.util.find_spec("localstripe") is not None


def answers(url: str, timeout: float = 1.0) -> bool:
    """True when a localstripe (or anything Stripe-shaped) answers at `url`."""
    request = urllib.request.Request(url.rstrip("/") + "/v1/plans", headers={"Authorization": "Bearer sk_test_harness"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def reset(url: str) -> None:
    """Forget every object: DELETE /_config/data."""
    request = urllib.request.Request(url.rstrip("/") + "/_config/data", method="DELETE")
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
    except (urllib.error.URLError, OSError) as error:
        raise BackendUnavailable(f"localstripe at {url} did not accept a reset (DELETE /_config/data): {error}") from error


class LocalstripeServer:
    """One localstripe child process on a free 127.0.0.1 port, in time zone `tz`."""

    def __init__(self, tz: str = "UTC", startup_timeout: float = 20.0) -> None:
        self.tz = tz
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> str:
        """Start the child and wait until it answers; its URL. BackendUnavailable
        when localstripe is missing or does not come up."""
        if self.process is not None:
            return self.url
        if not installed():
            raise BackendUnavailable(f"the Python package localstripe is not installed; {INSTALL_HINT}")
        self.port = free_port()
        env = dict(os.environ, TZ=self.tz, PYTHONUNBUFFERED="1")
        self._log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRAPPER, str(self.port)],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self.url

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BackendUnavailable(
                    f"localstripe exited at start (code {self.process.returncode}): {self._tail()}; "
                    f"check that it runs with: {sys.executable} -m localstripe --help"
                )
            if answers(self.url, timeout=0.5):
                return
            time.sleep(0.05)
        raise BackendUnavailable(
            f"localstripe did not answer on {self.url} within {self.startup_timeout:.0f} s: {self._tail()}"
        )

    def _tail(self, limit: int = 800) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace").strip()
        return " / ".join(text[-limit:].splitlines()[-8:]) or "no output"

    def stop(self) -> None:
        """Terminate, then kill after a grace period. Idempotent."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "LocalstripeServer":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
