"""Judging results against a deviations ledger, and updating one from a run.

A ledger entry is an exact fingerprint: the differences a backend showed,
worded as the comparison words them, and the invoice clarity findings its
documents drew, worded as the lint words them. Exactness is the point — a backend that
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


def judge(result: ScenarioResult, entry: Deviation | None, *, lint: bool = True) -> ScenarioResult:
    """`result` seen through its ledger entry (None: no entry, unchanged).

    failed, differing and linting exactly as recorded -> deviation (note: the finding);
    failed, otherwise                                  -> failed (note says so);
    passed although an entry exists                    -> failed (the entry is stale);
    errors and not-applicable results are left as they are. Without `lint`
    (the run did not lint) the entry's lint pins are not judged, and an
    entry that pins nothing else judges nothing."""
    pinned = entry.lint if entry is not None and lint else ()
    if entry is None or result.status not in (Status.PASSED, Status.FAILED) or not (entry.differences or pinned):
        return result
    where = f"ledger entry at {entry.source}" if entry.source else "ledger entry"
    if result.status is Status.PASSED:
        note = (f"recorded deviation no longer observed ({where}: {entry.finding}); "
                f"if the backend was fixed, remove the entry with `prorata ledger update`")
        return dataclasses.replace(result, status=Status.FAILED, note=note, deviation=entry)
    if Counter(observed(result)) == Counter(entry.differences) and Counter(linted(result)) == Counter(pinned):
        return dataclasses.replace(result, status=Status.DEVIATION, note=entry.finding, deviation=entry)
    gone = [*(Counter(entry.differences) - Counter(observed(result))).elements(),
            *(f"lint {text}" for text in (Counter(pinned) - Counter(linted(result))).elements())]
    vanished = f"; recorded but no longer observed: {'; '.join(gone)}" if gone else ""
    note = (f"differs from its {where} ({entry.finding}){vanished}; if the new behaviour is accepted, "
            f"record it with `prorata ledger update`")
    return dataclasses.replace(result, note=note, deviation=entry)


def observed(result: ScenarioResult) -> tuple[str, ...]:
    return tuple(difference.observed for difference in result.differences)


def linted(result: ScenarioResult) -> tuple[str, ...]:
    """The lint findings as a ledger pins them (`rule: message`)."""
    return tuple(str(finding) for finding in result.findings)


@dataclass(frozen=True)
class LintPins:
    """A result's lint findings set against its ledger entry's `lint:` pins
    (`prorata lint` reports these): `new` are observed and not pinned,
    `vanished` pinned and no longer observed (texts as pinned)."""

    pinned: tuple[str, ...] = ()
    new: tuple[str, ...] = ()
    vanished: tuple[str, ...] = ()


def lint_pins(result: ScenarioResult) -> LintPins:
    """Against `result.deviation`, the entry `judge` attached (none: nothing is pinned)."""
    seen = Counter(linted(result))
    recorded = Counter(result.deviation.lint if result.deviation is not None else ())
    return LintPins(tuple((seen & recorded).elements()), tuple((seen - recorded).elements()),
                    tuple((recorded - seen).elements()))


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

    A scenario that differs or has lint findings gets an entry (a new one
    with a drafted finding and `first_seen` today, or its old one with the
    new differences and findings; the finding and first_seen are kept); a
    scenario that passed or is not applicable loses its entry; errored and
    unselected scenarios keep theirs."""
    entries = {entry.scenario: entry for entry in old.deviations}
    added, changed, removed, kept = [], [], [], []
    for result in run.results:
        previous = entries.get(result.id)
        if result.status is Status.ERROR:
            if previous is not None:
                kept.append(result.id)
            continue
        differences, findings = observed(result), linted(result)
        if not differences and not findings:
            if previous is not None:
                del entries[result.id]
                removed.append(result.id)
            continue
        if previous is None:
            entries[result.id] = Deviation(result.id, draft_finding((*differences, *findings)), differences, today,
                                           findings)
            added.append(result.id)
        elif Counter(previous.differences) != Counter(differences) or Counter(previous.lint) != Counter(findings):
            entries[result.id] = dataclasses.replace(previous, differences=differences, lint=findings, source=None)
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
