"""Judging results against a deviations ledger, and updating one from a run.

A ledger entry is an exact fingerprint: the differences a backend showed,
worded as the comparison words them. Exactness is the point — a backend that
used to round a cent the other way and now also drops a line must not hide
behind the old entry — and so is the reverse: an entry that is no longer
observed fails the run, so a fixed backend gets its ledger cleaned on purpose
rather than carrying stale excuses."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from harness.model import DRAFT, Deviation, Ledger
from harness.runner.results import RunResult, ScenarioResult, Status


def judge(result: ScenarioResult, entry: Deviation | None) -> ScenarioResult:
    """`result` seen through its ledger entry (None: no entry, unchanged).

    failed, differing exactly as recorded -> deviation (note: the finding);
    failed, differing otherwise           -> failed (note says so);
    passed although an entry exists       -> failed (the entry is stale);
    errors and not-applicable results are left as they are."""
    if entry is None or result.status not in (Status.PASSED, Status.FAILED):
        return result
    where = f"ledger entry at {entry.source}" if entry.source else "ledger entry"
    if result.status is Status.PASSED:
        note = (f"recorded deviation no longer observed ({where}: {entry.finding}); "
                f"if the backend was fixed, remove the entry with `prorata ledger update`")
        return dataclasses.replace(result, status=Status.FAILED, note=note, deviation=entry)
    if Counter(observed(result)) == Counter(entry.differences):
        return dataclasses.replace(result, status=Status.DEVIATION, note=entry.finding, deviation=entry)
    note = (f"differs from its {where} ({entry.finding}); if the new behaviour is accepted, "
            f"record it with `prorata ledger update`")
    return dataclasses.replace(result, note=note, deviation=entry)


def observed(result: ScenarioResult) -> tuple[str, ...]:
    return tuple(difference.observed for difference in result.differences)


@dataclass(frozen=True)
class LedgerChanges:
    """What `prorata ledger update` changed, by scenario id."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    kept_on_error: tuple[str, ...] = ()  # entries of scenarios that errored: cannot be judged, left alone

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def updated_ledger(run: RunResult, old: Ledger, today: date) -> tuple[Ledger, LedgerChanges]:
    """The ledger that records what `run` observed, starting from `old`.

    A scenario that differs gets an entry (a new one with a drafted finding
    and `first_seen` today, or its old one with the new differences; the
    finding and first_seen are kept); a scenario that passed or is not
    applicable loses its entry; errored and unselected scenarios keep theirs."""
    entries = {entry.scenario: entry for entry in old.deviations}
    added, changed, removed, kept = [], [], [], []
    for result in run.results:
        previous = entries.get(result.id)
        if result.status is Status.ERROR:
            if previous is not None:
                kept.append(result.id)
            continue
        differences = observed(result)
        if not differences:
            if previous is not None:
                del entries[result.id]
                removed.append(result.id)
            continue
        if previous is None:
            entries[result.id] = Deviation(result.id, draft_finding(differences), differences, today)
            added.append(result.id)
        elif Counter(previous.differences) != Counter(differences):
            entries[result.id] = dataclasses.replace(previous, differences=differences, source=None)
            changed.append(result.id)
    order = {result.id: index for index, result in enumerate(run.results)}
    ledger = dataclasses.replace(
        old,
        deviations=tuple(sorted(entries.values(), key=lambda entry: (order.get(entry.scenario, -1), entry.scenario))),
    )
    return ledger, LedgerChanges(tuple(added), tuple(changed), tuple(removed), tuple(kept))


def draft_finding(differences: Iterable[str]) -> str:
    first = next(iter(differences))
    return f"{DRAFT} {first} (replace with what the backend does, in plain words)"
