"""The CI gate's verdict: is there a valid sign-off for this pack on this
backend, does it still stand for the pack as it is, and does the backend
still produce what was signed?

Each step fails with the words an engineer needs in CI: what is wrong and
the exact command that fixes it. The steps are separate so the CLI can stop
before running a pack whose sign-off is already void (a run can take minutes
on a sandbox backend)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Iterable, Sequence

from harness.evidence import ResultsDigest
from harness.packs.fingerprint import Fingerprint, PartChanges
from harness.signoff.log import Entry


@dataclass(frozen=True)
class Found:
    """The sign-off the gate stands on, or why there is none."""

    entry: Entry | None
    reason: str = ""  # when entry is None


def valid_signoff(entries: Iterable[Entry], pack: str, backend: str, role: str | None = None) -> Found:
    """The last approval of `pack` on `backend` (by `role`, if given) that no
    later rejection of the same pack and backend revoked. A rejection by
    anyone revokes: it says the results are not to ship."""
    role = role.lower() if role else None
    relevant = [entry for entry in entries if entry.pack == pack and entry.backend == backend]
    other_roles: list[Entry] = []
    for entry in reversed(relevant):
        if not entry.approved:
            return Found(None, f"the last sign-off of pack {pack} on backend {backend} is a rejection "
                               f"by {entry.signer_name} ({entry.role}) on {entry.date}{_note(entry)}")
        if role is None or entry.role == role:
            return Found(entry)
        other_roles.append(entry)
    if other_roles:
        roles = ", ".join(sorted({entry.role for entry in other_roles}))
        return Found(None, f"pack {pack} on backend {backend} is signed off only by role {roles}, not {role}")
    return Found(None, f"pack {pack} has never been signed off on backend {backend}")


def _note(entry: Entry) -> str:
    return f": {entry.note!r}" if entry.note else ""


def signoff_command(pack_dir: str, backend: str, backend_args: Sequence[str] = (), role: str | None = None) -> str:
    """The command that records the sign-off the gate asks for."""
    words = ["prorata", "signoff", pack_dir, "--backend", backend, *backend_args]
    text = shlex.join(words) + ' --as "Your Name <you@example.com>" --role ' + shlex.quote(role or "finance")
    return text


def no_signoff(found: Found, pack_dir: str, backend: str, backend_args: Sequence[str], role: str | None) -> list[str]:
    who = f"someone in role {role}" if role else "finance"
    return [
        f"gate failed: no valid sign-off: {found.reason}.",
        f"Run the pack and have {who} review the results (prorata report / prorata run), then record the sign-off:",
        f"  {signoff_command(pack_dir, backend, backend_args, role)}",
        "and commit the sign-off log with the change.",
    ]


def pack_changed(entry: Entry, changes: PartChanges, pack_dir: str, backend: str, backend_args: Sequence[str],
                 base: str = "") -> list[str]:
    """The pack is not what was signed: name each changed part."""
    diff = shlex.join(["prorata", "diff", pack_dir, "--base", base or "GIT_REF"])
    where = (f"  ({base} is the commit that recorded the sign-off)" if base else
             "  (GIT_REF: the commit that holds the signed pack, usually the one that recorded the sign-off)")
    return [
        f"gate failed: pack {entry.pack} changed since {entry.signer_name} ({entry.role}) signed it off "
        f"on {entry.date} (log line {entry.line}):",
        *(f"  {line}" for line in changes.lines()),
        "Review what the change does to invoices:",
        f"  {diff}",
        where,
        "then get a new sign-off for the changed pack:",
        f"  {signoff_command(pack_dir, backend, backend_args, entry.role)}",
    ]


def results_changed(entry: Entry, changed: Sequence[str], pack_dir: str, backend: str, backend_args: Sequence[str],
                    backend_version: str, limit: int = 20) -> list[str]:
    """Same pack, other results: the backend (or its deviations ledger) drifted."""
    shown = list(changed[:limit]) + ([f"... and {len(changed) - limit} more"] if len(changed) > limit else [])
    lines = [
        f"gate failed: backend {backend} no longer produces the results {entry.signer_name} ({entry.role}) "
        f"signed off on {entry.date} (log line {entry.line}); the pack itself is unchanged.",
        f"{len(changed)} scenario{'s' if len(changed) != 1 else ''} changed:",
        *(f"  {scenario}" for scenario in shown),
    ]
    if backend_version != entry.backend_version:
        lines.append(f"The backend's version changed: {entry.backend_version or 'unknown'} when signed, "
                     f"{backend_version or 'unknown'} now.")
    lines += [
        "The backend's behaviour (or its deviations ledger) drifted. See what differs:",
        f"  {shlex.join(['prorata', 'run', pack_dir, '--backend', backend, *backend_args])}",
        "If the new results are right, get a new sign-off:",
        f"  {signoff_command(pack_dir, backend, backend_args, entry.role)}",
    ]
    return lines


def passed(entry: Entry, scenarios: int) -> str:
    return (f"gate passed: {entry.pack} signed by {entry.signer_name} ({entry.role}) on {entry.date}, "
            f"{scenarios} scenarios")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    lines: tuple[str, ...]


def judge(entry: Entry, current: Fingerprint, results: ResultsDigest | None, *, pack_dir: str, backend: str,
          backend_args: Sequence[str] = (), backend_version: str = "", base: str = "") -> Verdict:
    """The gate over a found sign-off: the pack first (no run needed), then
    the results (`results` None: not run yet, judge the pack only)."""
    changes = current.changes(entry.pack_parts)
    if changes or current.digest != entry.pack_hash:
        return Verdict(False, tuple(pack_changed(entry, changes, pack_dir, backend, backend_args, base)))
    if results is None:
        return Verdict(True, ())
    changed = results.changed(entry.results)
    if changed or results.digest != entry.results_hash:
        return Verdict(False, tuple(results_changed(entry, changed, pack_dir, backend, backend_args,
                                                    backend_version)))
    return Verdict(True, (passed(entry, len(results.scenarios)),))
