from decimal import Decimal
from fractions import Fraction

import pytest

from harness.model.money import Rounding, UnknownCurrency, minor_units, round_to_minor


@pytest.mark.parametrize("code, units", [("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("usd", 2)])
def test_minor_units_come_from_iso4217(code, units):
    assert minor_units(code) == units


@pytest.mark.parametrize("code", ["XYZ", "XAU"])
def test_codes_without_minor_units_are_refused(code):
    with pytest.raises(UnknownCurrency):
        minor_units(code)


@pytest.mark.parametrize(
    "value, mode, expected",
    [
        (Fraction(5025, 1000), Rounding.HALF_UP, "5.03"),
        (Fraction(5025, 1000), Rounding.HALF_EVEN, "5.02"),
        (Fraction(5035, 1000), Rounding.HALF_EVEN, "5.04"),
        (Fraction(5021, 1000), Rounding.UP, "5.03"),
        (Fraction(5029, 1000), Rounding.DOWN, "5.02"),
        (Fraction(-5025, 1000), Rounding.HALF_UP, "-5.03"),  # magnitude: away from zero
        (Fraction(-5029, 1000), Rounding.DOWN, "-5.02"),
        (Fraction(-5021, 1000), Rounding.UP, "-5.03"),
        (Fraction(1, 3), Rounding.HALF_UP, "0.33"),
    ],
)
def test_rounding_acts_on_magnitude(value, mode, expected):
    assert round_to_minor(value, 2, mode) == Decimal(expected)


def test_rounding_keeps_minor_units_in_the_exponent():
    assert str(round_to_minor(Fraction(10), 2, Rounding.HALF_UP)) == "10.00"
    assert str(round_to_minor(Fraction(1001, 2), 0, Rounding.HALF_UP)) == "501"
    assert str(round_to_minor(Fraction(21, 4), 3, Rounding.HALF_UP)) == "5.250"
