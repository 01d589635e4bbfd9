"""What a run found: one result per scenario, and the run's summary.

Kept apart from the running itself so that the ledger (harness.runner.ledger)
and the report writers can judge and show results without the machinery
that produced them."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Sequence

from harness.compare import Difference
from harness.lint import Finding
from harness.model import Deviation, Outcome, Pack, Scenario


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    DEVIATION = "deviation"
    ERROR = "error"


@dataclass(frozen=True)
class ScenarioResult:
    """`error` is the one-line failure of an ERROR ("ValueError: ..."); `note`
    is the reason of a NOT_APPLICABLE, the finding of a DEVIATION, or why a
    scenario with a ledger entry failed; `deviation` is that ledger entry.
    `findings` are the invoice clarity lint's (harness.lint): like
    differences, each one fails the scenario unless the ledger pins it."""

    scenario: Scenario
    status: Status
    differences: tuple[Difference, ...] = ()
    outcome: Outcome | None = None
    error: str = ""
    duration: float = 0.0
    note: str = ""
    deviation: Deviation | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def problems(self) -> tuple[str, ...]:
        """Every difference, then every lint finding (`lint rule: ...`), as a report lists them."""
        return (*(str(difference) for difference in self.differences),
                *(f"lint {finding}" for finding in self.findings))

    @property
    def detail(self) -> str:
        """What a report shows beside the status when there is no difference to show."""
        return self.error if self.status is Status.ERROR else self.note


_SUMMARY_KEYS = {
    Status.PASSED: "passed",
    Status.FAILED: "failed",
    Status.NOT_APPLICABLE: "not_applicable",
    Status.DEVIATION: "deviations",
    Status.ERROR: "errors",
}


def summarize(results: Sequence[ScenarioResult]) -> dict[str, int]:
    """Counts keyed passed, failed, not_applicable, deviations, errors (all present)."""
    counts = dict.fromkeys(_SUMMARY_KEYS.values(), 0)
    for result in results:
        counts[_SUMMARY_KEYS[result.status]] += 1
    return counts


@dataclass(frozen=True)
class RunResult:
    pack: Pack
    backend: str
    results: tuple[ScenarioResult, ...]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.results)

    @property
    def ok(self) -> bool:
        """No failure or error, and at least one scenario actually ran."""
        counts = self.summary
        ran = len(self.results) - counts["not_applicable"]
        return ran > 0 and counts["failed"] == 0 and counts["errors"] == 0

    @property
    def duration(self) -> float:
        return sum(result.duration for result in self.results)
