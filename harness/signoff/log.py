"""The sign-off log: one JSON line per sign-off, each holding the hash of the
line before it, so that editing, removing or reordering an entry breaks the
chain where it happened.

Every line must be byte for byte the canonical JSON of its entry (sorted
keys, no spaces, ASCII): then any byte edit is visible, even one that leaves
the parsed JSON equal (a space, a key moved), and there is exactly one way to
write an entry, so two machines agree on its hash.

What a hash chain cannot show from the file alone: the last entries cut off
(the rest still chains), or a whole log rewritten with fresh hashes. The first
is caught by comparing with the log at a git ref (`signoff.history`); the
second is what review of the committed file is for. This is tamper-evidence,
not a signature."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping

from harness.packs.fingerprint import canonical, sha256

VERSION = 1
GENESIS = "sha256:" + "0" * 64
DEFAULT_LOG = Path("reports") / "signoffs.jsonl"
DECISIONS = ("approve", "reject")

#: Every field an entry holds; `hash` is the sha256 of the canonical entry without it.
FIELDS = (
    "version", "pack", "pack_dir", "pack_hash", "pack_parts", "results_hash", "results", "backend",
    "backend_version", "harness_version", "time", "signer", "role", "decision", "note", "summary", "prev", "hash",
)

_SIGNER = re.compile(r"^\s*(?P<name>[^<>@\s][^<>@]*?)\s*<(?P<email>[^<>@\s]+@[^<>@\s]+\.[^<>@\s.]+)>\s*$")


class LogError(Exception):
    """The log cannot be read at all (missing, a folder, unreadable): bad input."""


class LogMissing(LogError):
    pass


class LogTampered(Exception):
    """The log does not verify; nothing may be appended to it."""

    def __init__(self, problem: "Problem") -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Signer:
    name: str
    email: str

    @classmethod
    def parse(cls, text: str) -> "Signer":
        """`Name <email>`, the form git uses; anything else is refused, since a
        sign-off must say who, in a form a person can check."""
        match = _SIGNER.match(text or "")
        if not match:
            raise ValueError(f"--as {text!r} is not \"Name <email>\", e.g. --as \"Ada Lovelace <ada@example.com>\"")
        return cls(" ".join(match["name"].split()), match["email"])

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Entry:
    """One verified line of the log (`line` counts from 1)."""

    line: int
    data: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        if name in FIELDS:
            return self.data[name]
        raise AttributeError(name)

    @property
    def signer_name(self) -> str:
        return self.data["signer"]["name"]

    @property
    def signer_email(self) -> str:
        return self.data["signer"]["email"]

    @property
    def date(self) -> str:
        return str(self.data["time"])[:10]

    @property
    def approved(self) -> bool:
        return self.data["decision"] == "approve"

    @property
    def scenario_count(self) -> int:
        return sum(self.data["summary"].values())


@dataclass(frozen=True)
class Problem:
    """The first thing wrong with a log: its line and, in words, what happened."""

    line: int
    kind: str  # "not JSON", "edited", "not an entry", "removed or reordered"
    detail: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.detail}"


@dataclass(frozen=True)
class Verified:
    """The entries that verify (every one before the first problem) and that problem, if any."""

    entries: tuple[Entry, ...]
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def last_hash(self) -> str:
        return self.entries[-1].data["hash"] if self.entries else GENESIS


def utc_now() -> str:
    """The sign-off time: UTC to the second, e.g. 2026-05-01T09:30:00Z (tests replace this)."""
    return datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_hash(entry: Mapping[str, Any]) -> str:
    return sha256(canonical({key: value for key, value in entry.items() if key != "hash"}))


def serialise(entry: Mapping[str, Any]) -> bytes:
    """The one way an entry is written: its canonical JSON and a newline."""
    return canonical(dict(entry)) + b"\n"


def read_log(path: str | os.PathLike[str]) -> bytes:
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LogMissing(f"no sign-off log at {path}") from None
    except IsADirectoryError:
        raise LogError(f"{path} is a folder, not a sign-off log") from None
    except OSError as error:
        raise LogError(f"cannot read the sign-off log {path}: {error.strerror or error}") from None


def verify(path: str | os.PathLike[str]) -> Verified:
    return verify_bytes(read_log(path))


def verify_bytes(content: bytes) -> Verified:
    """Check every line in order and stop at the first problem."""
    entries: list[Entry] = []
    prev = GENESIS
    lines = content.split(b"\n")
    last = lines.pop()  # b"" when the file ends with a newline, as prorata writes it
    if last:
        lines.append(last)
    for number, raw in enumerate(lines, start=1):
        unterminated = last and number == len(lines)
        problem, data = _check_line(number, raw, prev, unterminated)
        if problem is not None:
            return Verified(tuple(entries), problem)
        entries.append(Entry(number, data))
        prev = data["hash"]
    return Verified(tuple(entries))


def _check_line(number: int, raw: bytes, prev: str, unterminated: bool) -> tuple[Problem | None, dict]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        where = f" ({error.msg}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        what = "is empty" if not raw.strip() else f"is not JSON{where}"
        return Problem(number, "not JSON", f"{what}: the log was edited or damaged by hand"), {}
    if not isinstance(data, dict):
        return Problem(number, "not an entry", "is not a sign-off entry (not a JSON object)"), {}
    missing = [field for field in FIELDS if field not in data]
    if missing:
        return Problem(number, "not an entry", f"is not a sign-off entry: no {', '.join(missing)}"), {}
    if data["version"] != VERSION:
        return Problem(number, "not an entry", f"has entry version {data['version']!r}; this prorata reads {VERSION}"), {}
    if raw != canonical(data):
        return Problem(number, "edited", "was edited: it is not byte for byte as prorata wrote it "
                                         "(spacing, key order or escaping changed)"), {}
    if unterminated:
        return Problem(number, "edited", "was edited: the line has no newline at its end"), {}
    if entry_hash(data) != data["hash"]:
        return Problem(number, "edited", "was edited: its content no longer matches its hash"), {}
    if data["prev"] != prev:
        before = "the start of the log" if number == 1 else f"line {number - 1}"
        return Problem(number, "removed or reordered",
                       f"does not follow {before} (its prev is not that entry's hash): an entry was removed, "
                       f"entries were reordered, or this line was added by hand"), {}
    return None, data


def build(fields: Mapping[str, Any], prev: str) -> dict[str, Any]:
    """An entry from its fields, chained to `prev`, with its hash."""
    entry = {**fields, "version": VERSION, "prev": prev}
    missing = [field for field in FIELDS if field not in entry and field != "hash"]
    if missing:
        raise ValueError(f"a sign-off entry needs {', '.join(missing)}")
    if entry["decision"] not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    entry = {key: entry[key] for key in FIELDS if key != "hash"}
    entry["hash"] = entry_hash(entry)
    return entry


def append(path: str | os.PathLike[str], fields: Mapping[str, Any]) -> Entry:
    """Append one entry: under a lock, verify the log as it is now, chain the
    entry to its last line, and replace the file with old + new in one rename,
    so a reader or a crash sees the old log or the new one, never half a line.
    A log that does not verify raises LogTampered and is left as it is."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.parent):
        try:
            content = read_log(path)
        except LogMissing:
            content = b""
        verified = verify_bytes(content)
        if not verified.ok:
            raise LogTampered(verified.problem)
        entry = build(fields, verified.last_hash)
        _replace(path, content + serialise(entry))
    return Entry(len(verified.entries) + 1, entry)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the log's folder: two sign-offs at once would both
    chain to the same last entry. The folder, not the file, because the file
    is replaced by a rename (a lock on the old file would not hold the new)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the rename still keeps the file whole
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _replace(path: Path, content: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows it
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
