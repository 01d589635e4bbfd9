"""The mutable state of one simulated subscription.

Only the simulation touches these; they never leave the engine (documents,
lines and notes do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from harness.engine.calendar import measure
from harness.model import DayCount, Line, Period, Plan


@dataclass(slots=True)
class Item:
    """One position of the subscription; keeps its identity across plan changes."""

    plan: Plan
    quantity: int
    billed: list[Line] = field(default_factory=list)  # its lines in the current period: the credit cap
    usage: Decimal = Decimal(0)
    next_plan: Plan | None = None  # scheduled for the end of the period
    next_quantity: int | None = None

    def paid_for(self, span: Period, day_count: DayCount) -> Fraction:
        """What the customer was billed for this item over `span`, net: each of
        its lines in the period counts pro rata for the part of `span` it
        covers, at its exact value before rounding (a capped line at its
        amount). A credit for `span` never exceeds it (docs/semantics.md)."""
        numerator, denominator = 0, 1  # the sum so far, kept as integers: one Fraction at the end
        for line in self.billed:
            period = line.period
            covered = measure(day_count, max(period.start, span.start), min(period.end, span.end))
            if covered <= 0:
                continue
            length = measure(day_count, period.start, period.end)
            if length > 0:
                derivation = line.derivation
                value = derivation.exact if derivation is not None and derivation.cap is None else line.amount
                value_numerator, value_denominator = value.as_integer_ratio()
                # + value x covered / length
                numerator = numerator * value_denominator * length + value_numerator * covered * denominator
                denominator *= value_denominator * length
        return Fraction(numerator, denominator)


@dataclass(slots=True)
class Billing:
    """Where the subscription stands: its grid, its current period, what waits."""

    anchor: datetime
    index: int  # the current period is the index-th from the anchor (-1: before it)
    start: datetime  # current period as it runs
    end: datetime
    basis: Period  # the full period prorations in this one are measured against
    pending: list[Line] = field(default_factory=list)
    cancel_at_end: bool = False
    ended: datetime | None = None
    cut_short: bool = False  # an anchor change ends the period off the grid: a new grid starts there


#: Rows quoted so far, by identity (hashing a row runs its dataclass __hash__,
#: and equal rows of different packs are different objects): id -> (row, text).
#: An entry holds its row, so the id is not reused while the entry lives.
_QUOTED: dict[int, tuple[object, str]] = {}
_QUOTED_KEPT = 4096  # bound: a fuzz run makes policies of its own


def rule_text(rule) -> str:
    """A policy row as a derivation quotes it: 'effective immediately, prorate, bill now'."""
    quoted = _QUOTED.get(id(rule))
    if quoted is None or quoted[0] is not rule:
        if len(_QUOTED) >= _QUOTED_KEPT:
            _QUOTED.clear()
        quoted = _QUOTED[id(rule)] = (rule, _quote(rule))
    return quoted[1]


def _quote(rule) -> str:
    parts = []
    if getattr(rule, "effective", None) is not None:
        parts.append(f"effective {rule.effective.value.replace('_', ' ')}")
    parts.append("prorate" if rule.prorate else "no proration")
    if getattr(rule, "bill", None) is not None:
        parts.append(f"bill {rule.bill.value.replace('_', ' ')}")
    return ", ".join(parts)


def value_text(value: object) -> str:
    """A policy value as the YAML writes it: enums by value, booleans lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(getattr(value, "value", value))
