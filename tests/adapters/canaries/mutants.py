"""Canary backends: the reference engine with exactly one injected bug each.

A pack that cannot tell one of these from the reference is missing a case, so
tests/adapters/canaries/test_canaries.py runs the core pack through every one
and expects it to fail. Each bug is a mistake real billing code makes (the
vendor notes in shared/spec list most of them).

Bugs that live in the simulation are injected by subclassing `Simulation` and
overriding one method. Bugs that live in a line builder of
`harness.engine.lines` (which `Simulation` and the other builders call through
that module's globals) are injected by swapping that one function for the
duration of a `run` with `unittest.mock.patch.object`, which restores it even
when the run raises; a lock keeps two mutants from patching at once. The
harness runs scenarios one after another, so nothing else sees the swap."""

from __future__ import annotations

import dataclasses
import threading
from contextlib import AbstractContextManager, nullcontext
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction
from unittest import mock

from harness.adapters.base import Adapter
from harness.engine import lines
from harness.engine.calendar import fraction as true_fraction
from harness.engine.lines import Context
from harness.engine.simulation import Simulation
from harness.model import DayCount, DocumentKind, Effective, Outcome, Rounding, Scenario

_real = {name: getattr(lines, name) for name in ("unused", "prorated", "fraction")}
_patching = threading.Lock()


class Mutant(Adapter):
    """Runs `simulation` on the scenario, with `patch()` in force meanwhile."""

    simulation: type[Simulation] = Simulation

    def patch(self) -> AbstractContextManager:
        return nullcontext()

    def run(self, scenario: Scenario) -> Outcome:
        with _patching, self.patch():
            return self.simulation(scenario).run()


# 1. credit the whole period instead of the unused part ----------------------


def _unused_whole_period(ctx, plan, quantity, span, of, rule, billed, measured=None):
    """The credit a system gives when it refunds the last invoice line instead
    of the time left: priced on the whole period (and so past any cap on what
    the span was billed, and whatever share of it was measured), still
    labelled with the span."""
    line = _real["unused"](ctx, plan, quantity, of, of, rule, None)
    return None if line is None else dataclasses.replace(line, period=span)


class WholePeriodCredit(Mutant):
    name = "canary-whole-period-credit"
    description = "credits the whole period instead of the unused part"

    def patch(self):
        return mock.patch.object(lines, "unused", _unused_whole_period)


# 2. count one day too many ---------------------------------------------------

_ONE_DAY = {DayCount.ACTUAL_DAYS: 1, DayCount.THIRTY_DAY: 1, DayCount.ACTUAL_SECONDS: 86400}


def _fraction_one_day_more(day_count, span, of):
    """Counting both the first and the last day of a span (an inclusive count)."""
    _, used, total = true_fraction(day_count, span, of)
    used += _ONE_DAY[day_count]
    return (Fraction(used, total) if total > 0 else Fraction(0)), used, total


class OneDayTooMany(Mutant):
    name = "canary-one-day-too-many"
    description = "counts one day too many in every prorated span"

    def patch(self):
        return mock.patch.object(lines, "fraction", _fraction_one_day_more)


# 3. round through float ------------------------------------------------------

_DECIMAL_MODE = {
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.HALF_EVEN: ROUND_HALF_EVEN,
    Rounding.DOWN: ROUND_DOWN,
    Rounding.UP: ROUND_UP,  # away from zero, as the engine's `up`
}


class _FloatContext(Context):
    """Rounds the policy's way, but from the nearest binary float of the exact
    amount: 5.005 is stored as 5.00499999..., so half-up gives 5.00, not 5.01."""

    def round(self, value: Fraction) -> Decimal:
        binary = Decimal(float(value))
        return binary.quantize(Decimal(1).scaleb(-self.minor_units), rounding=_DECIMAL_MODE[self.policy.rounding])


class _FloatSimulation(Simulation):
    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario)
        self.ctx = _FloatContext(self.ctx.policy, self.ctx.minor_units)


class RoundThroughFloat(Mutant):
    name = "canary-round-through-float"
    description = "computes amounts in binary floating point before rounding"
    simulation = _FloatSimulation


# 4. post a retried event twice -----------------------------------------------


class _Forgetful(set):
    """An idempotency store that never finds a key."""

    def __contains__(self, key: object) -> bool:
        return False


class _RetryingSimulation(Simulation):
    def __init__(self, scenario: Scenario) -> None:
        super().__init__(scenario)
        self.seen_ids = _Forgetful()


class RetryPostedTwice(Mutant):
    name = "canary-retry-posted-twice"
    description = "applies an event again when it is retried with the same id"
    simulation = _RetryingSimulation


# 5. drop a negative invoice total --------------------------------------------


class _NoNegativeInvoices(Simulation):
    def _document(self, kind: DocumentKind, at, entries, reason: str) -> None:
        if kind is DocumentKind.INVOICE and sum((line.amount for line in entries), Decimal(0)) < 0:
            return  # "nothing to collect": the customer's credit is lost
        super()._document(kind, at, entries, reason)


class NegativeInvoiceDropped(Mutant):
    name = "canary-negative-invoice-dropped"
    description = "does not issue an invoice whose total is negative"
    simulation = _NoNegativeInvoices


# 6. let a chained credit exceed what was billed ------------------------------


def _prorated_uncapped(*args, cap=None, **kwargs):
    return _real["prorated"](*args, cap=None, **kwargs)


class CreditUncapped(Mutant):
    name = "canary-credit-uncapped"
    description = "credits unused time at the plan's price even beyond what was billed"

    def patch(self):
        return mock.patch.object(lines, "prorated", _prorated_uncapped)


# 7. bill a downgrade immediately ---------------------------------------------


class _ImmediateDowngrade(Simulation):
    def _change(self, event, item, plan, quantity, name, policy_rule) -> None:
        if name == "downgrade" and policy_rule.effective is not Effective.IMMEDIATELY:
            policy_rule = dataclasses.replace(policy_rule, effective=Effective.IMMEDIATELY)
        super()._change(event, item, plan, quantity, name, policy_rule)


class DowngradeBilledNow(Mutant):
    name = "canary-downgrade-billed-now"
    description = "applies and prorates a downgrade at once, ignoring effective: next_period"
    simulation = _ImmediateDowngrade


MUTANTS: tuple[type[Mutant], ...] = (
    WholePeriodCredit,
    OneDayTooMany,
    RoundThroughFloat,
    RetryPostedTwice,
    NegativeInvoiceDropped,
    CreditUncapped,
    DowngradeBilledNow,
)
