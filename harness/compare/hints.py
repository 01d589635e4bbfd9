"""Likely causes of a difference, offered only when the evidence supports them.

Each function returns "" when it has nothing it can stand behind: a hint that
guesses wrong costs a reviewer more time than no hint."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Sequence

from harness.compare.context import Context, one_minor_unit
from harness.compare.text import amount_text, kind_text
from harness.model import (
    Document,
    DocumentKind,
    ExpectedDocument,
    ExpectedLine,
    Line,
    LineKind,
    Rounding,
    round_to_minor,
)

CREDIT = LineKind.PRORATION_CREDIT.value
CHARGE = LineKind.PRORATION_CHARGE.value


def join(hints: Iterable[str]) -> str:
    return "; ".join(hint for hint in hints if hint)


# -- a missing line paired with the extra line nearest to it ------------------


def line_pair(ctx: Context, expected: ExpectedLine, actual: Line, units: int) -> str:
    hints = []
    if not ctx.same_period(expected, actual):
        hints.extend(_period(ctx, expected, actual))
    if expected.amount != actual.amount:
        hints.extend(_amount(ctx, expected, actual, units))
    # "day count off by one?" from the period and the same, with figures, from the derivation
    return join(hint for hint in hints if not any(other != hint and other.startswith(hint) for other in hints))


def _period(ctx: Context, expected: ExpectedLine, actual: Line) -> list[str]:
    want_start, want_end = (ctx.instant(moment) for moment in expected.period)
    got_start, got_end = ctx.instant(actual.period.start), ctx.instant(actual.period.end)
    if got_start != want_start and got_start == _as_utc_wall_clock(ctx, want_start):
        return [f"period in UTC instead of {ctx.scenario.pack.timezone}?"]
    hints = []
    if _shifted_days(ctx, want_start, got_start) in (-1, 1):
        hints.append("day count off by one?")
    if _shifted_days(ctx, want_end, got_end) == -1:
        hints.append("period end inclusive? periods are [start, end)")
    return hints


def _shifted_days(ctx: Context, want: datetime, got: datetime) -> int | None:
    """Whole local days from `want` to `got` at the same wall-clock time, else None."""
    want_local, got_local = want.astimezone(ctx.tz), got.astimezone(ctx.tz)
    if want_local.time() != got_local.time():
        return None
    return (got_local.date() - want_local.date()).days


def _as_utc_wall_clock(ctx: Context, moment: datetime) -> datetime:
    """The same wall-clock time read in UTC (what a backend that ignores the
    pack's timezone would produce)."""
    wall = moment.astimezone(ctx.tz).replace(tzinfo=None)
    return wall.replace(tzinfo=timezone.utc)


def _amount(ctx: Context, expected: ExpectedLine, actual: Line, units: int) -> list[str]:
    want, got = expected.amount, actual.amount
    if got == -want:
        return ["sign convention: credits are negative" if want < 0 else "sign convention: charges are positive"]
    hints = [_whole_period(ctx, expected, actual)]
    derivation = actual.derivation
    if derivation is not None:
        if derivation.cap is not None:
            hints.append(f"credit capped at what was billed ({amount_text(derivation.cap, units)})")
        else:
            # another rounding mode is the simpler explanation; only then look at the day count
            hints.append(_rounding_modes(derivation, want, units) or _day_count(derivation, want, units))
    elif abs(got - want) == one_minor_unit(units):
        hints.append(f"rounding? (off by {amount_text(one_minor_unit(units), units)})")
    return [hint for hint in hints if hint]


def _whole_period(ctx: Context, expected: ExpectedLine, actual: Line) -> str:
    kind = kind_text(actual.kind)
    plan = ctx.plan(actual.plan if actual.plan is not None else expected.plan)
    if kind not in (CREDIT, CHARGE) or plan is None or plan.amount is None:
        return ""
    quantity = actual.quantity if actual.quantity is not None else expected.quantity
    whole = plan.amount * (quantity if quantity is not None else 1)
    if abs(actual.amount) != whole or not 0 < abs(expected.amount) < whole:
        return ""
    if kind == CREDIT:
        return "credited the whole period instead of the unused part?"
    return "charged the whole period instead of the remaining part?"


def _mode(name: str) -> Rounding | None:
    try:
        return Rounding(name)
    except ValueError:
        return None


def _rounding_modes(derivation, want: Decimal, units: int) -> str:
    """Which other rounding mode(s) would have given the expected amount."""
    used = _mode(derivation.rounding)
    others = [
        mode.value
        for mode in Rounding
        if mode is not used and round_to_minor(derivation.exact, units, mode) == want
    ]
    if not others:
        return ""
    listed = others[0] if len(others) == 1 else f"{', '.join(others[:-1])} or {others[-1]}"
    return f"rounding {derivation.rounding} vs {listed}?"


def _day_count(derivation, want: Decimal, units: int) -> str:
    """One day more or less, on either side of the fraction, would give the expected amount."""
    used, total = derivation.units_used, derivation.units_total
    if (
        "day" not in derivation.basis
        or total <= 0
        or derivation.fraction == 0
        or derivation.fraction != Fraction(used, total)
    ):
        return ""
    whole = derivation.exact / derivation.fraction
    mode = _mode(derivation.rounding) or Rounding.HALF_UP
    for du, dt in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        if used + du < 0 or total + dt <= 0:
            continue
        if round_to_minor(whole * Fraction(used + du, total + dt), units, mode) == want:
            return (
                f"day count off by one? {used + du}/{total + dt} {derivation.basis} "
                f"gives the expected amount, the backend used {used}/{total}"
            )
    return ""


def net_or_gross(
    expected: ExpectedLine,
    actual: Line,
    lone_missing: Sequence[ExpectedLine],
    lone_extra: Sequence[Line],
    units: int,
) -> str:
    """A paired line whose amount is the sum of two lines on the other side
    (within one minor unit: a net line is rounded once, gross lines twice):
    one net line where a credit and a charge were expected, or the reverse."""
    if kind_text(actual.kind) not in (CREDIT, CHARGE) or expected.amount == actual.amount:
        return ""
    close = lambda a, b: abs(a - b) <= one_minor_unit(units)  # noqa: E731
    if any(
        other.kind in (CREDIT, CHARGE) and close(expected.amount + other.amount, actual.amount)
        for other in lone_missing
    ):
        return "one net line instead of a credit and a charge? (proration_lines net vs gross)"
    if any(
        kind_text(other.kind) in (CREDIT, CHARGE) and close(actual.amount + other.amount, expected.amount)
        for other in lone_extra
    ):
        return "a credit and a charge instead of one net line? (proration_lines gross vs net)"
    return ""


# -- lines without a counterpart -------------------------------------------------


def missing_line(
    ctx: Context, expected: ExpectedLine, where: Document, outcome_documents: Sequence[Document], label
) -> str:
    """The line was posted, but on another document (waiting for the next
    invoice, or on a credit note instead of a negative line)."""
    for document in outcome_documents:
        if document is where:
            continue
        if any(line_matches(ctx, expected, line) for line in document.lines):
            return f"posted on the {label(document)} instead?"
    return ""


def extra_line(actual: Line) -> str:
    if actual.amount == 0 and kind_text(actual.kind) != LineKind.RECURRING.value:
        return "a zero-amount proration or usage line is not posted"
    return ""


def line_matches(ctx: Context, expected: ExpectedLine, actual: Line) -> bool:
    """The multiset key of 3.2: kind, plan if given, quantity if given, period as instants, amount."""
    return (
        kind_text(actual.kind) == expected.kind
        and (expected.plan is None or expected.plan == actual.plan)
        and (expected.quantity is None or expected.quantity == actual.quantity)
        and actual.amount == expected.amount
        and ctx.same_period(expected, actual)
    )


# -- documents --------------------------------------------------------------------


def missing_document(
    ctx: Context,
    kind: DocumentKind,
    expected: ExpectedDocument,
    extra_same_kind: Sequence[Document],
    extra_other_kind: Sequence[Document],
    lines_equal,
) -> str:
    for document in extra_same_kind:
        if document.total == expected.total and lines_equal(expected, document):
            day = ctx.local_date(document.date)
            if _utc_date(document.date) == expected.date:
                return (
                    f"dated {expected.date} in UTC but {day} in {ctx.scenario.pack.timezone}: "
                    "dates in UTC instead of the pack's timezone?"
                )
            return f"issued on {day} instead?"
    for document in extra_other_kind:
        if ctx.local_date(document.date) == expected.date and document.total == expected.total:
            other = "a credit note" if document.kind is DocumentKind.CREDIT_NOTE else "an invoice"
            return f"issued as {other} instead?"
    if kind is DocumentKind.INVOICE and expected.total < 0:
        return "a negative invoice total was dropped?"
    return ""


def _utc_date(moment: datetime) -> date | None:
    return moment.astimezone(timezone.utc).date() if moment.tzinfo is not None else None


def extra_document(actual: Document) -> str:
    return "an empty document is not issued" if not actual.lines else ""


def total(expected: ExpectedDocument, actual: Document, lines_match: bool, units: int) -> str:
    if not lines_match:
        return ""
    stated_sum = sum((line.amount for line in actual.lines), Decimal(0))
    if actual.stated_total is not None and actual.stated_total != stated_sum:
        return f"the lines match; the document's stated total disagrees with its lines ({amount_text(stated_sum, units)})"
    expected_sum = sum((line.amount for line in expected.lines), Decimal(0))
    if expected.total != expected_sum:
        return f"the expected total is not the sum of the expected lines ({amount_text(expected_sum, units)})"
    return ""


def total_billed(expected: Decimal, invoices: Sequence[Document], credit_notes: Sequence[Document], units: int) -> str:
    actual = sum((d.total for d in (*invoices, *credit_notes)), Decimal(0))
    credited = sum((d.total for d in credit_notes), Decimal(0))
    if credited and expected == actual - credited:
        return "credit notes not counted? total billed includes credit-note totals"
    if actual == -expected:
        return "sign convention: credits are negative"
    if abs(actual - expected) == one_minor_unit(units):
        return f"rounding? (off by {amount_text(one_minor_unit(units), units)})"
    return ""
