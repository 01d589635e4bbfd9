"""Money is exact: amounts are Decimals in the currency's ISO 4217 minor units,
and every intermediate value is a Fraction until the one rounding per line."""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from iso4217 import Currency as _Iso4217


class Rounding(str, enum.Enum):
    """Modes act on the magnitude, so a credit rounds like the charge it mirrors."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"
    UP = "up"


class UnknownCurrency(ValueError):
    pass


@lru_cache(maxsize=None)
def minor_units(code: str) -> int:
    """Minor units from the maintained ISO 4217 table (USD 2, JPY 0, KWD 3)."""
    try:
        exponent = _Iso4217(code.upper()).exponent
    except ValueError:
        raise UnknownCurrency(f"{code!r} is not an ISO 4217 currency code") from None
    if exponent is None:
        raise UnknownCurrency(f"{code} has no minor unit in ISO 4217 (not a billing currency)")
    return exponent


def decimal_places(amount: Decimal) -> int:
    """How many decimals an amount was written with ("10.50" -> 2, "10" -> 0)."""
    exponent = amount.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# Enum members bound to module names once: an enum class defines __getattr__
# (CPython 3.11), which makes every `Kind.MEMBER` lookup on it several times
# slower than reading a global; the engine rounds every line it issues.
_UP = Rounding.UP
_HALF_UP = Rounding.HALF_UP
_HALF_EVEN = Rounding.HALF_EVEN


def round_to_minor(value: Fraction, units: int, mode: Rounding) -> Decimal:
    """The single rounding of a line, done in integers so no float can creep in.

    Works on the numerator and denominator directly rather than through
    Fraction arithmetic: the engine rounds every line it builds, and
    building intermediate Fractions was a measurable share of a run."""
    numerator, denominator = value.as_integer_ratio()  # one call where .numerator/.denominator are two
    numerator *= 10**units
    negative = numerator < 0
    whole, rest = divmod(-numerator if negative else numerator, denominator)
    if rest:
        if mode is _UP:
            whole += 1
        elif mode is _HALF_UP:
            whole += 2 * rest >= denominator
        elif mode is _HALF_EVEN:
            twice = 2 * rest
            whole += twice > denominator or (twice == denominator and whole % 2 == 1)
    return Decimal(-whole if negative else whole).scaleb(-units)


def quantize(amount: Decimal, units: int) -> Decimal:
    """An exact amount shown with the currency's minor units (no rounding happens)."""
    return amount.quantize(Decimal(1).scaleb(-units))
