"""Building invoice lines: one exact product, one rounding, one derivation.

Everything that turns a price and a span into an amount lives here, so the
rule "amount = round(unit x quantity x fraction), once per line" has exactly
one implementation, and every line can be explained afterwards."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from harness.engine.calendar import BASIS, fraction
from harness.model import Derivation, Line, LineKind, Period, Plan, Policy, ProrationLines, Rounding, round_to_minor

# Enum members bound once, as in harness/model/money.py (a lookup on an enum class is slow).
_RECURRING = LineKind.RECURRING
_CHARGE = LineKind.PRORATION_CHARGE
_CREDIT = LineKind.PRORATION_CREDIT
_USAGE = LineKind.USAGE
_GROSS = ProrationLines.GROSS
#: A rounding mode's value, looked up (an enum member's `.value` is a Python-level property).
_ROUNDING_TEXT = {mode: mode.value for mode in Rounding}


#: Month abbreviations as `%b` writes them in the C locale, without going
#: through strftime (which is locale-dependent and, on an aware datetime,
#: asks the time zone for its offset: a measurable share of an engine run).
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time()


def describe_period(start: datetime, end: datetime) -> str:
    """'16 Apr - 30 Apr 2026': the last covered day, as customers read periods
    (local dates; a period from midnight to midnight ends the day before)."""
    first, last = start.date(), end.date()
    if end.time() == _MIDNIGHT and start.time() == _MIDNIGHT:
        last -= _ONE_DAY
    return _days_text(first, last)


@lru_cache(maxsize=4096)
def _days_text(first: date, last: date) -> str:
    """Cached by the two dates (plain dates hash cheaply): the scenarios of a
    pack share most of their periods' dates."""
    if last <= first:
        return f"{first.day} {_MONTHS[first.month]} {first.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month]} - {last.day} {_MONTHS[last.month]} {last.year}"
    return f"{first.day} {_MONTHS[first.month]} {first.year} - {last.day} {_MONTHS[last.month]} {last.year}"


def price_label(plan: Plan, quantity: Decimal | int, unit: Decimal) -> str:
    # !s: the text format() gives, without parsing a format spec
    return f"{plan.name} ({quantity!s} x {unit!s}/{plan.interval.describe()})"


class Context:
    """What every line of one scenario shares: policy, currency precision,
    and the texts every derivation repeats (worked out once per scenario)."""

    __slots__ = ("policy", "minor_units", "rounding", "basis")

    def __init__(self, policy: Policy, minor_units: int) -> None:
        self.policy = policy
        self.minor_units = minor_units
        self.rounding = _ROUNDING_TEXT[policy.rounding]  # the policy's rounding mode as derivations name it
        self.basis = BASIS[policy.day_count]  # the day count's unit as derivations name it

    def round(self, value: Fraction) -> Decimal:
        return round_to_minor(value, self.minor_units, self.policy.rounding)


class Rule(NamedTuple):
    """The policy row behind a line, as a reader would quote it (a tuple, so
    it is cheap to hash: it keys the whole periods `recurring` shares)."""

    name: str
    text: str
    event_index: int | None = None


_ONE, _ZERO = Fraction(1), Fraction(0)


def exact_amount(unit: Decimal, quantity: int | Decimal, used: int = 1, total: int = 1) -> Fraction:
    """unit x quantity x used/total, exactly: one Fraction built from the
    integers of the three (the same value as multiplying Fractions, without
    building and normalising the intermediate ones for every line). The share
    comes as its two counts, which the day count gives as integers."""
    unit_num, unit_den = unit.as_integer_ratio()
    qty_num, qty_den = quantity.as_integer_ratio()
    return Fraction(unit_num * qty_num * used, unit_den * qty_den * total)


#: Whole periods priced so far (see `recurring`), by everything their price depends on.
_WHOLE_PERIODS: dict[tuple, tuple[Derivation, Decimal, str, Plan]] = {}
_WHOLE_PERIODS_KEPT = 4096  # bound: a fuzz run prices many plans once each


def _price_whole_period(ctx: Context, plan: Plan, rule: Rule, quantity: int) -> tuple[Derivation, Decimal, str, Plan]:
    unit, count = plan.amount, Decimal(quantity)
    exact = exact_amount(unit, quantity)
    derivation = Derivation(
        rule=rule.name, policy=rule.text, unit_amount=unit, quantity=count,
        fraction=_ONE, basis="full", units_used=1, units_total=1,
        rounding=ctx.rounding, exact=exact, event_index=rule.event_index,
    )
    return derivation, ctx.round(exact), price_label(plan, quantity, unit), plan


def recurring(ctx: Context, plan: Plan, quantity: int, period: Period, rule: Rule) -> Line:
    """A whole period of the plan. Its price does not depend on which period,
    so every renewal of the same plan and quantity, in this scenario or
    another of the pack, shares one (frozen) derivation and its amount
    instead of redoing the product, the rounding and the price's label. The
    key holds all they depend on: the plan (by identity: a frozen plan is its
    unit amount as written, its name and interval; the entry holds the plan,
    so its id is not reused while the entry lives), the quantity, the
    rounding mode, the minor units and the context's class (whose `round`
    made the amount)."""
    key = (id(plan), quantity, rule, ctx.rounding, ctx.minor_units, type(ctx))
    priced = _WHOLE_PERIODS.get(key)
    if priced is None or priced[3] is not plan:
        if len(_WHOLE_PERIODS) >= _WHOLE_PERIODS_KEPT:
            _WHOLE_PERIODS.clear()
        priced = _WHOLE_PERIODS[key] = _price_whole_period(ctx, plan, rule, quantity)
    derivation, amount, label, _ = priced
    description = f"{label}, {describe_period(period.start, period.end)}"
    # positional, in field order, here and in `prorated`: keyword arguments to a
    # class call cost a dict per call (CPython 3.11), and these run for every line
    return Line(_RECURRING, amount, period, plan.id, derivation.quantity, description, derivation)


def prorated(
    ctx: Context,
    kind: LineKind,
    plan: Plan,
    quantity: int,
    unit: Decimal,
    span: Period,
    of: Period,
    rule: Rule,
    *,
    cap: Fraction | None = None,
    description: str,
    line_quantity: int | None = None,
    measured: tuple[Fraction, int, int] | None = None,
) -> Line | None:
    """A proration line for `span` of period `of`; credits are negative.

    `cap` limits a credit's magnitude to what was billed for the span
    (exact; compared and applied rounded the policy's way, so a credit that
    only repeats what was billed is never cut by a rounding). `measured` is
    `calendar.fraction` of the span, when the caller has it already.
    Returns None when the line rounds to zero (nothing to post)."""
    share, used, total = measured or fraction(ctx.policy.day_count, (span.start, span.end), (of.start, of.end))
    signed = unit.copy_negate() if kind is _CREDIT else unit  # exact, where -unit would round
    # share is used/total (0 for an empty period): the product is built from the two counts
    exact = exact_amount(signed, quantity, used, total) if total > 0 else _ZERO
    amount = ctx.round(exact)
    capped = None
    if cap is not None:
        most = ctx.round(cap)
        if -amount > most:
            capped = max(most, Decimal(0))
            amount = -capped
    if amount == 0:
        return None
    count = Decimal(quantity)
    derivation = Derivation(
        rule.name, rule.text, unit, count,  # rule, policy, unit_amount, quantity
        share, ctx.basis, used, total,  # fraction, basis, units_used, units_total
        ctx.rounding, exact, capped, rule.event_index,  # rounding, exact, cap, event_index
    )
    shown = count if line_quantity is None else Decimal(line_quantity)
    return Line(kind, amount, span, plan.id, shown, description, derivation)


def usage(ctx: Context, plan: Plan, quantity: Decimal, period: Period) -> Line | None:
    unit = plan.unit_amount
    exact = exact_amount(unit, quantity)
    amount = ctx.round(exact)
    if amount == 0:
        return None
    return Line(
        kind=_USAGE,
        amount=amount,
        period=period,
        plan=plan.id,
        quantity=quantity,
        description=f"{plan.name}: {quantity!s} x {unit!s}, {describe_period(period.start, period.end)}",
        derivation=Derivation(
            rule="usage", policy="billed in arrears", unit_amount=unit, quantity=quantity,
            fraction=_ONE, basis="usage", units_used=1, units_total=1,
            rounding=ctx.rounding, exact=exact,
        ),
    )


def unused(ctx: Context, plan: Plan, quantity: int, span: Period, of: Period, rule: Rule, billed: Fraction,
           measured: tuple[Fraction, int, int] | None = None) -> Line | None:
    """The credit for time paid for and not used, capped at what was billed."""
    return prorated(
        ctx, _CREDIT, plan, quantity, plan.amount, span, of, rule, cap=billed, measured=measured,
        description=f"Unused time on {price_label(plan, quantity, plan.amount)}, {describe_period(span.start, span.end)}",
    )


def remaining(ctx: Context, plan: Plan, quantity: int, span: Period, of: Period, rule: Rule,
              measured: tuple[Fraction, int, int] | None = None) -> Line | None:
    return prorated(
        ctx, _CHARGE, plan, quantity, plan.amount, span, of, rule, measured=measured,
        description=f"Remaining time on {price_label(plan, quantity, plan.amount)}, {describe_period(span.start, span.end)}",
    )


def swap(
    ctx: Context, old: Plan, old_quantity: int, new: Plan, quantity: int,
    span: Period, of: Period, rule: Rule, billed: Fraction,
) -> list[Line]:
    """Proration for moving an item from (old, old_quantity) to (new, quantity)
    over `span`: a credit and a charge (gross), or one line for the difference (net)."""
    if ctx.policy.proration_lines is _GROSS:  # the credit and the charge measure the same span
        measured = fraction(ctx.policy.day_count, (span.start, span.end), (of.start, of.end))
        pair = (unused(ctx, old, old_quantity, span, of, rule, billed, measured),
                remaining(ctx, new, quantity, span, of, rule, measured))
        return [line for line in pair if line is not None]
    if new is old:  # seats: the difference is a number of seats
        unit, count, seats = new.amount, abs(quantity - old_quantity), abs(quantity - old_quantity)
        rising = quantity > old_quantity
        what = f"{seats} {'added' if rising else 'removed'} x {new.name} at {new.amount!s}/{new.interval.describe()}"
    else:
        unit, count, seats = abs(new.amount - old.amount), quantity, None
        rising = new.amount > old.amount
        what = f"change from {old.name} to {new.name} ({quantity!s} x {old.amount!s} -> {new.amount!s})"
    line = prorated(
        ctx, _CHARGE if rising else _CREDIT, new, count, unit, span, of, rule,
        cap=None if rising else billed,
        description=f"Net {what}, remaining time {describe_period(span.start, span.end)}",
        line_quantity=seats,
    )
    return [line] if line is not None else []
