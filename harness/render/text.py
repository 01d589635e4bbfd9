"""Small text helpers shared by the renderers: instants, periods, money, fractions.

Everything here is pure and deterministic (no clock, no locale), so rendered
output can be snapshot-tested."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from harness.compare.text import instant_text
from harness.model.money import UnknownCurrency, minor_units, quantize


def instant(value: datetime | date) -> str:
    """A date alone when the instant is local midnight, else date and time."""
    if not isinstance(value, datetime):
        return value.isoformat()
    return instant_text(value, value.tzinfo)  # shown in its own (the pack's) timezone


def period(start: datetime | date, end: datetime | date) -> str:
    """Half-open, as the spec writes periods: [2026-04-16, 2026-05-01)."""
    return f"[{instant(start)}, {instant(end)})"


def plain(number: Decimal | int) -> str:
    """A Decimal as written, never in exponent notation ("0.002", "10.00", "3")."""
    if isinstance(number, Decimal):
        return format(number, "f")
    return str(number)


def money(amount: Decimal, currency: str | None = None) -> str:
    """An amount with the currency's minor units (no rounding: amounts already have them)."""
    if currency:
        try:
            return format(quantize(amount, minor_units(currency)), "f")
        except (UnknownCurrency, ArithmeticError):
            pass
    return plain(amount)


def exact(value: Fraction, places: int = 6) -> str:
    """An exact rational as a decimal, cut at `places` with "..." when it goes on."""
    numerator, denominator = value.as_integer_ratio()  # integers: no Fraction built to negate it
    negative = numerator < 0
    whole, rest = divmod(-numerator if negative else numerator, denominator)
    digits = []
    for _ in range(places):
        if not rest:
            break
        rest *= 10
        digit, rest = divmod(rest, denominator)
        digits.append(str(digit))
    text = str(whole) + ("." + "".join(digits) if digits else "")
    if rest:
        text += "..."
    return ("-" if negative else "") + text


def field_path(field: object) -> str:
    """("events", 2, "change_plan", "to") -> "events[2].change_plan.to"."""
    if field is None:
        return ""
    if isinstance(field, str):
        return field
    if isinstance(field, Sequence):
        text = ""
        for part in field:
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                text += ("." if text else "") + str(part)
        return text
    return str(field)


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())
