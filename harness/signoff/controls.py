"""The control sheet the seeds ask finance to keep: per policy rule, who owns
it, where the system sets it, which scenarios show its output, and the last
sign-off that evidences it.

A scenario shows a rule when the reference engine judged one of its events
by that rule with the pack's own values (`engine.requirements`): a scenario
that overrides the rule, or never reaches it, is no evidence for the setting
finance approved. The shared rules (day count, rounding, ...) are shown by
every scenario that runs under the pack's value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from harness.engine.requirements import requirements
from harness.engine.state import value_text
from harness.evidence import DecisionRow, decision_matrix
from harness.model import Pack
from harness.packs.fingerprint import Fingerprint
from harness.signoff.log import Entry


@dataclass(frozen=True)
class Evidence:
    """One approving sign-off as evidence; `stale` names what changed since ("" when current)."""

    entry: Entry
    stale: str = ""

    def __str__(self) -> str:
        entry = self.entry
        text = (f"{entry.date} {entry.signer_name} ({entry.role}), backend {entry.backend}, "
                f"results {short(entry.results_hash)}")
        return f"{text} (stale: {self.stale})" if self.stale else text


@dataclass(frozen=True)
class ControlRow:
    rule: DecisionRow
    scenarios: tuple[str, ...]  # ids, in pack order
    evidence: tuple[Evidence, ...]  # the latest valid approval per backend, newest first

    @property
    def setting(self) -> str:
        """Where pack.yaml sets the rule, e.g. `policy.upgrade = {effective: immediately, ...}`."""
        return f"policy.{self.rule.key} = {self.rule.setting}"

    @property
    def evidence_text(self) -> str:
        return "; ".join(str(item) for item in self.evidence) or "no sign-off"


def short(digest: str, length: int = 12) -> str:
    """`sha256:` and the first hex digits, with an ellipsis: enough to find the entry."""
    prefix, _, hexdigits = digest.partition(":")
    return f"{prefix}:{hexdigits[:length]}…" if hexdigits else digest


def control_sheet(pack: Pack, entries: Iterable[Entry], current: Fingerprint) -> tuple[ControlRow, ...]:
    """One row per decision-matrix row of the pack."""
    needs = {scenario.id: {(need.key, need.value) for need in requirements(scenario)} for scenario in pack.scenarios}
    evidence = approvals(pack.name, entries, current)
    rows = []
    for row in decision_matrix(pack.meta):
        wanted = _needs_of(pack, row)
        shown = tuple(s.id for s in pack.scenarios if _shows(needs[s.id], row, wanted))
        stale_rule = [_rule_stale(item, row) for item in evidence]
        rows.append(ControlRow(row, shown, tuple(stale_rule)))
    return tuple(rows)


def _needs_of(pack: Pack, row: DecisionRow) -> set[tuple[str, str]]:
    """The `key=value` needs a scenario has when it uses the rule as the pack sets it."""
    policy = pack.meta.policy
    value = getattr(policy, row.key)
    if row.is_event:
        return {(f"{row.key}.{name}", value_text(field)) for name, field in vars(value).items()}
    if row.key == "minimum_adjustment":
        return {("minimum_adjustment", "set")} if value else set()
    return {(row.key, value_text(value))}


def _shows(needs: set[tuple[str, str]], row: DecisionRow, wanted: set[tuple[str, str]]) -> bool:
    if row.is_event:
        if ("event", row.key) not in needs:
            return False
        used = {need for need in needs if need[0].startswith(f"{row.key}.")}
        return used <= wanted  # every value of the rule the scenario relied on is the pack's
    if row.key == "minimum_adjustment" and not wanted:
        return ("minimum_adjustment", "set") not in needs
    return wanted <= needs


def approvals(pack: str, entries: Iterable[Entry], current: Fingerprint) -> tuple[Evidence, ...]:
    """Per backend, the last approval no later rejection revoked, newest first."""
    latest: dict[str, Entry | None] = {}
    for entry in reversed(list(entries)):
        if entry.pack != pack or entry.backend in latest:
            continue
        latest[entry.backend] = entry if entry.approved else None
    found = [entry for entry in latest.values() if entry is not None]
    found.sort(key=lambda entry: (entry.time, entry.line), reverse=True)
    return tuple(Evidence(entry, _stale(entry, current)) for entry in found)


def _stale(entry: Entry, current: Fingerprint) -> str:
    changes = current.changes(entry.pack_parts)
    return ", ".join(changes.lines()) if changes else ""


def _rule_stale(evidence: Evidence, row: DecisionRow) -> Evidence:
    """Say so first when this very rule is what changed since the sign-off."""
    if not evidence.stale:
        return evidence
    own = f"policy {row.key}: "
    if any(change.startswith(own) for change in evidence.stale.split(", ")):
        return Evidence(evidence.entry, "this rule changed since")
    return Evidence(evidence.entry, "pack changed since")


def scenario_summary(ids: Sequence[str], total: int, limit: int = 8) -> str:
    """Ids for a table cell: all of them when few, else a count and the first `limit`."""
    if len(ids) <= limit:
        return ", ".join(ids) if ids else "none"
    return f"{len(ids)} of {total} scenarios: {', '.join(ids[:limit])}, …"
