"""The adapter's end of the pipe to worker.py.

Two reader threads drain the worker's stdout (replies) and stderr (kept as a
tail for error messages), so a chatty or hung worker can neither block the
harness nor hide why it died. The worker runs in a session of its own: Ctrl-C
reaches the harness, whose `close()` stops the worker; if the harness dies
outright, the worker reads end-of-file and exits."""

from __future__ import annotations

import collections
import json
import queue
import subprocess
import threading
from typing import Any

from harness.adapters.silver.environment import Environment

_EOF = object()


class WorkerError(Exception):
    """An operation silver refused or failed: the worker is still fine."""

    def __init__(self, op: str, message: str, traceback: str = "") -> None:
        super().__init__(f"silver {op}: {message}")
        self.traceback = traceback


class WorkerCrashed(Exception):
    """The worker died, hung or spoke garbage; it must be restarted."""


class Worker:
    def __init__(self, env: Environment, *, start_timeout: float = 300, call_timeout: float = 60) -> None:
        self.env = env
        self.start_timeout = start_timeout  # the first start of an environment may migrate (~13 s)
        self.call_timeout = call_timeout
        self.process: subprocess.Popen | None = None
        self.ready: dict = {}
        self._replies: queue.Queue = queue.Queue()
        self._stderr: collections.deque[str] = collections.deque(maxlen=40)
        self._next_id = 0

    # -- lifecycle

    def start(self) -> dict:
        self.process = subprocess.Popen(
            self.env.worker_command(),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", bufsize=1, start_new_session=True,
        )
        self._replies = queue.Queue()
        threading.Thread(target=self._pump_stdout, args=(self.process, self._replies), daemon=True).start()
        threading.Thread(target=self._pump_stderr, args=(self.process,), daemon=True).start()
        self.ready = self._receive(self.start_timeout, "start")
        if not self.ready.get("ready"):
            raise WorkerCrashed(f"unexpected first line from the silver worker: {self.ready!r}{self.stderr_tail()}")
        return self.ready

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def close(self) -> None:
        """Ask the worker to stop, then insist. Idempotent."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.poll() is None:
                try:
                    process.stdin.write(json.dumps({"id": 0, "op": "shutdown"}) + "\n")
                    process.stdin.flush()
                except (BrokenPipeError, OSError, ValueError):
                    pass
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.terminate()
                    try:
                        process.wait(timeout=5)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
        finally:
            for stream in (process.stdin, process.stdout, process.stderr):
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass

    # -- calls

    def call(self, op: str, **args: Any) -> Any:
        if not self.alive:
            raise WorkerCrashed(f"the silver worker is not running{self.stderr_tail()}")
        self._next_id += 1
        request = {"id": self._next_id, "op": op, "args": args}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise WorkerCrashed(f"the silver worker stopped reading ({error}){self.stderr_tail()}") from None
        reply = self._receive(self.call_timeout, op)
        if reply.get("id") != self._next_id:
            raise WorkerCrashed(f"out-of-order reply to {op}: {reply!r}")
        if not reply.get("ok"):
            raise WorkerError(op, reply.get("error", "failed"), reply.get("traceback", ""))
        return reply.get("result")

    def _receive(self, timeout: float, what: str) -> dict:
        try:
            line = self._replies.get(timeout=timeout)
        except queue.Empty:
            raise WorkerCrashed(f"the silver worker did not answer {what} within {timeout:g} s{self.stderr_tail()}") from None
        if line is _EOF:
            code = self.process.wait() if self.process is not None else None
            raise WorkerCrashed(f"the silver worker exited (code {code}) during {what}{self.stderr_tail()}")
        try:
            return json.loads(line)
        except ValueError:
            raise WorkerCrashed(f"the silver worker wrote a line that is not JSON: {line[:200]!r}") from None

    def stderr_tail(self, lines: int = 15) -> str:
        tail = list(self._stderr)[-lines:]
        return ("; stderr tail:\n" + "\n".join(tail)) if tail else ""

    # -- reader threads

    @staticmethod
    def _pump_stdout(process: subprocess.Popen, replies: queue.Queue) -> None:
        try:
            for line in process.stdout:
                replies.put(line)
        except (OSError, ValueError):
            pass
        replies.put(_EOF)

    def _pump_stderr(self, process: subprocess.Popen) -> None:
        try:
            for line in process.stderr:
                self._stderr.append(line.rstrip("\n"))
        except (OSError, ValueError):
            pass
