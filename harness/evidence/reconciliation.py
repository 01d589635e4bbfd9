"""The seeds' monthly reconciliation, done on a test pack: per change type and
currency, how many scenarios, how they fared, what the policy expected them to
bill and what the backend billed.

A scenario's expected amount is what its author wrote (the expected documents'
totals, or `total_billed`), not the reference engine's: the report is evidence
that the backend bills what finance signed. Amounts are summed only over
scenarios that produced documents, and never across currencies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

from harness.evidence.change_types import CHANGE_TYPES, change_type
from harness.model import Scenario
from harness.runner import RunResult, ScenarioResult
from harness.runner.results import summarize


@dataclass(frozen=True)
class ReconciliationRow:
    """`scenarios` counts every scenario of this type and currency, `ran` those
    with an outcome to compare; `expected` and `billed` sum over the `ran` ones.
    `statuses` has runner.summarize's keys (passed, failed, not_applicable,
    deviations, errors)."""

    change_type: str
    currency: str
    scenarios: int
    ran: int
    statuses: Mapping[str, int]
    expected: Decimal
    billed: Decimal

    @property
    def delta(self) -> Decimal:
        """Billed minus expected: positive when the backend overcharged."""
        return self.billed - self.expected


def scenario_currency(scenario: Scenario) -> str:
    """The currency a scenario bills in: its first start item's plan's (the
    engine refuses subscriptions that mix currencies)."""
    return scenario.pack.catalog[scenario.start.items[0].plan].currency


def expected_net(scenario: Scenario) -> Decimal | None:
    """What the author expects the scenario to bill in all (credit notes count
    negative, as their lines are), or None when it checks no amount."""
    expect = scenario.expect
    if expect.total_billed is not None:
        return expect.total_billed
    documents = (*(expect.invoices or ()), *(expect.credit_notes or ()))
    if expect.invoices is None and expect.credit_notes is None:
        return None
    return sum((document.total for document in documents), Decimal(0))


def reconciliation(run: RunResult) -> tuple[ReconciliationRow, ...]:
    """One row per (change type, currency) the run has, in CHANGE_TYPES order, then by currency."""
    groups: dict[tuple[str, str], list[ScenarioResult]] = defaultdict(list)
    for result in run.results:
        groups[change_type(result.scenario), scenario_currency(result.scenario)].append(result)
    rows = []
    for (kind, currency), results in sorted(groups.items(), key=lambda item: (CHANGE_TYPES.index(item[0][0]), item[0][1])):
        compared = [(result, expected_net(result.scenario)) for result in results if result.outcome is not None]
        compared = [(result, expected) for result, expected in compared if expected is not None]
        rows.append(ReconciliationRow(
            change_type=kind,
            currency=currency,
            scenarios=len(results),
            ran=len(compared),
            statuses=summarize(results),
            expected=sum((expected for _, expected in compared), Decimal(0)),
            billed=sum((result.outcome.total_billed for result, _ in compared), Decimal(0)),
        ))
    return tuple(rows)
