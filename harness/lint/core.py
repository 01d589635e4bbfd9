"""The rule book, and linting one backend's documents for one scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from harness.lint.context import Context
from harness.lint.documents import credit_note_reference, separate_debits_credits, totals_match
from harness.lint.finding import Finding
from harness.lint.lines import (
    currency_minor_units,
    proration_period,
    proration_subject,
    service_period,
    usage_separate,
)
from harness.model import Outcome, Scenario


@dataclass(frozen=True)
class Rule:
    """`id` is what findings, ledgers and docs/lint.md (one section per rule) use."""

    id: str
    summary: str
    check: Callable[[Context], Iterable[Finding]]


RULES: tuple[Rule, ...] = (
    Rule("proration-period", "every proration line says which dates it covers", proration_period),
    Rule("proration-subject", "a proration line names its plan and quantity and says whether it is "
         "unused or remaining time", proration_subject),
    Rule("separate-debits-credits", "a plan or seat change shows its credit and its charge as separate lines",
         separate_debits_credits),
    Rule("service-period", "every line covers a real span of time", service_period),
    Rule("totals-match", "a document's stated total is the sum of its lines", totals_match),
    Rule("currency-minor-units", "amounts have the currency's minor units", currency_minor_units),
    Rule("credit-note-reference", "a credit note names the invoice it adjusts", credit_note_reference),
    Rule("usage-separate", "metered usage is billed on usage lines only, and only for metered plans",
         usage_separate),
)


def lint(scenario: Scenario, outcome: Outcome) -> tuple[Finding, ...]:
    """Every finding on `outcome`, rule by rule in RULES order, then by
    position: a stable order, so findings can be pinned and diffed."""
    context = Context(scenario, outcome)
    return tuple(finding for rule in RULES for finding in rule.check(context))
