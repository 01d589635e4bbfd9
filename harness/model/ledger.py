"""A deviations ledger: where one backend departs from a pack's policy, on
purpose or knowingly, scenario by scenario.

A real backend differs from the signed policy in places a team has accepted
(it prorates by the second, it rounds half-even). Recording each such place
turns "known and accepted" into something a run can check: a scenario that
differs exactly as recorded is a `deviation`, one that differs otherwise, or
no longer differs, fails until the ledger is updated on purpose."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from harness.model.scenario import SourceRef

#: Prefix of the finding `prorata ledger update` drafts for a new entry; a
#: person replaces it with a sentence finance understands.
DRAFT = "DRAFT:"


@dataclass(frozen=True)
class Deviation:
    """`differences` are the observed differences as the comparison words
    them (without hints), in the comparison's order, and `lint` the invoice
    clarity findings (`rule: message`): together the exact fingerprint a
    later run must reproduce. An entry has at least one of them."""

    scenario: str
    finding: str
    differences: tuple[str, ...]
    first_seen: date
    lint: tuple[str, ...] = ()
    source: SourceRef | None = field(default=None, compare=False)

    @property
    def drafted(self) -> bool:
        return self.finding.startswith(DRAFT)


@dataclass(frozen=True)
class Ledger:
    backend: str
    pack: str
    deviations: tuple[Deviation, ...] = ()
    path: str = field(default="", compare=False)

    def entry(self, scenario_id: str) -> Deviation | None:
        for deviation in self.deviations:
            if deviation.scenario == scenario_id:
                return deviation
        return None
