"""Goldens on disk against the goldens a run produced: what would be added,
changed or removed, and doing it.

One vocabulary for both commands: `check` reports the changes an update
would make (a missing golden, one that differs, a stale one) and `update`
makes them. Files are read and written as UTF-8 bytes, never through
newline translation, so `prorata golden update` and `pytest --snapshot-update`
(harness.golden.syrupy_extension) write identical bytes."""

from __future__ import annotations

import difflib
import enum
from dataclasses import dataclass, field
from pathlib import Path

from harness.golden.paths import golden_path, on_disk


@dataclass(frozen=True)
class Goldens:
    """What one backend produced for one pack: a golden text per scenario that
    ran, the reason for each scenario that has no golden (not applicable), and
    the scenarios that errored (their goldens are left as they are)."""

    backend: str
    pack: str
    texts: dict[str, str]
    not_applicable: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


class ChangeKind(str, enum.Enum):
    """Named for `update` (what it did); `check_word` names the same change
    for `check` and the pytest suite (what is wrong now)."""

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"

    @property
    def check_word(self) -> str:
        return {"added": "missing", "changed": "differs", "removed": "stale"}[self.value]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    path: Path
    old: str | None  # the golden on disk (None: there is none)
    new: str | None  # the golden the run produced (None: the file goes)
    note: str = ""  # why a golden goes: the scenario is gone, or not applicable

    def diff(self, label: str | None = None) -> str:
        """A unified diff of the golden, as `git diff` would show the update."""
        name = label or str(self.path)
        old = (self.old or "").splitlines(keepends=True)
        new = (self.new or "").splitlines(keepends=True)
        before = "/dev/null" if self.old is None else f"a/{name}"
        after = "/dev/null" if self.new is None else f"b/{name}"
        lines = difflib.unified_diff(old, new, before, after)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def read_golden(path: Path) -> str | None:
    """The golden's text, None when there is no such file."""
    try:
        return Path(path).read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def write_golden(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def changes(root: Path, goldens: Goldens) -> list[Change]:
    """Goldens to add or change, in the order the run produced them, then the
    stale ones (no such scenario any more, or not run on this backend).
    Errored scenarios are neither: their goldens stay until they run again."""
    found = []
    for scenario_id, text in goldens.texts.items():
        path = golden_path(root, goldens.backend, goldens.pack, scenario_id)
        old = read_golden(path)
        if old is None:
            found.append(Change(ChangeKind.ADDED, path, None, text))
        elif old != text:
            found.append(Change(ChangeKind.CHANGED, path, old, text))
    return found + stale(root, goldens)


def stale(root: Path, goldens: Goldens) -> list[Change]:
    """Goldens on disk that no scenario of this run uses."""
    keep = set(goldens.texts) | set(goldens.errors)
    found = []
    for scenario_id, path in on_disk(root, goldens.backend, goldens.pack).items():
        if scenario_id in keep:
            continue
        reason = goldens.not_applicable.get(scenario_id)
        note = (f"not applicable on {goldens.backend}: {reason}" if reason is not None
                else f"pack {goldens.pack!r} has no scenario {scenario_id!r}")
        found.append(Change(ChangeKind.REMOVED, path, read_golden(path), None, note))
    return found


def apply(changes_: list[Change]) -> None:
    """Write the added and changed goldens, delete the stale ones (and the
    backend's pack folder when it is left empty)."""
    for change in changes_:
        if change.new is not None:
            write_golden(change.path, change.new)
        else:
            change.path.unlink(missing_ok=True)
            for folder in (change.path.parent, change.path.parent.parent):
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()


__all__ = ["Change", "ChangeKind", "Goldens", "apply", "changes", "read_golden", "stale", "write_golden"]
