"""The log as git knows it: what the file alone cannot prove.

Cutting the last entries off leaves a chain that still verifies; only an
older copy shows they were there. The log is committed, so git holds those
copies: the log at any earlier ref must be a prefix of the log now. Git also
knows which commit recorded an entry, which is the version of the pack that
was signed, and so the base a pricing-change diff should start from."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from harness.signoff.log import LogError, Problem

GIT_TIMEOUT = 60


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise LogError("git is not installed, so the log cannot be compared with a git ref") from None
    except subprocess.TimeoutExpired:
        raise LogError(f"git {' '.join(args)} took over {GIT_TIMEOUT} s") from None


def log_at(path: str | os.PathLike[str], ref: str) -> bytes:
    """The log's bytes at `ref`; b"" when the ref has no log yet. A ref git
    does not know, or a log outside a git work tree, is a LogError."""
    path = Path(path).resolve()
    folder = path.parent
    if not folder.is_dir():
        raise LogError(f"no folder {folder} for the sign-off log")
    if _git(folder, "rev-parse", "--show-toplevel").returncode != 0:
        raise LogError(f"{path} is not in a git work tree, so it cannot be compared with {ref!r}")
    if _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise LogError(f"{ref!r} is not a git commit, branch or tag here (try `git fetch` for a remote ref)")
    shown = _git(folder, "show", f"{ref}:./{path.name}")
    if shown.returncode != 0:
        return b""  # the ref predates the log: every entry is new since
    return shown.stdout


def prefix_problem(old: bytes, current: bytes, ref: str) -> Problem | None:
    """Where the log at `ref` stops being the start of the current log."""
    if current.startswith(old):
        return None
    old_lines, current_lines = old.split(b"\n"), current.split(b"\n")
    for index, line in enumerate(old_lines):
        if index >= len(current_lines) or current_lines[index] != line:
            number = index + 1
            if index >= len(current_lines) - 1 or not current_lines[index]:
                detail = f"is in the log at {ref} but gone now: entries were removed from the end"
            else:
                detail = f"differs from line {number} of the log at {ref}: the entry was edited, removed or replaced"
            return Problem(number, "removed or reordered", detail)
    return Problem(len(old_lines), "edited", f"differs from the log at {ref}")


def recorded_in(path: str | os.PathLike[str], entry_hash: str) -> str:
    """The short commit that added the entry with `entry_hash` to the log;
    "" when it is not committed (or git cannot tell)."""
    path = Path(path).resolve()
    try:
        found = _git(path.parent, "log", "--format=%h", f"-S{entry_hash}", "--", path.name)
    except LogError:
        return ""
    commits = found.stdout.decode(errors="replace").split() if found.returncode == 0 else []
    return commits[-1] if commits else ""
