"""The shortcuts the engine takes for speed give exactly what the plain
library calls give: month lengths as calendar.monthrange, month names as
strftime in the C locale, products as Fraction arithmetic, roundings as
Decimal's own modes; and a shared whole-period price is shared only where
everything it depends on is the same."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

import pytest

from harness.engine.calendar import add_months
from harness.engine.lines import Context, Rule, describe_period, exact_amount, recurring
from harness.engine.state import rule_text
from harness.model import (
    AnchorRule,
    Bill,
    ChangeRule,
    Effective,
    Interval,
    IntervalUnit,
    Period,
    Plan,
    Policy,
    Rounding,
    round_to_minor,
)


def test_add_months_clamps_like_monthrange_for_every_month_of_four_years():
    for year in (2023, 2024, 2100, 2000):
        for month in range(1, 13):
            start = date(year, month, 31 if month in (1, 3, 5, 7, 8, 10, 12) else 28)
            for months in (-13, -1, 1, 2, 11, 12, 25):
                got = add_months(start, months)
                index = year * 12 + month - 1 + months
                y, m = divmod(index, 12)
                last = calendar.monthrange(y, m + 1)[1]
                assert got == date(y, m + 1, min(start.day, last))


def test_describe_period_month_names_match_strftime():
    utc = timezone.utc
    for month in range(1, 13):
        start = datetime(2026, month, 3, tzinfo=utc)
        end = start + timedelta(days=40)
        last = end - timedelta(days=1)
        expected = (f"3 {start:%b} - {last.day} {last:%b %Y}" if start.year == last.year
                    else f"3 {start:%b %Y} - {last.day} {last:%b %Y}")
        assert describe_period(start, end) == expected


@pytest.mark.parametrize("unit", ["19.99", "0.002", "300", "-7.5", "0.00"])
@pytest.mark.parametrize("quantity", [1, 3, Decimal("2.5"), Decimal("20000")])
@pytest.mark.parametrize("used, total", [(1, 1), (16, 31), (0, 30), (86399, 2678400), (32, 16)])
def test_exact_amount_is_the_fraction_product(unit, quantity, used, total):
    want = Fraction(Decimal(unit)) * Fraction(quantity) * Fraction(used, total)
    assert exact_amount(Decimal(unit), quantity, used, total) == want


_DECIMAL_MODES = {Rounding.HALF_UP: ROUND_HALF_UP, Rounding.HALF_EVEN: ROUND_HALF_EVEN,
                  Rounding.DOWN: ROUND_DOWN, Rounding.UP: ROUND_UP}


@pytest.mark.parametrize("mode", list(Rounding))
@pytest.mark.parametrize("units", [0, 2, 3])
def test_round_to_minor_agrees_with_decimal_quantize(mode, units):
    step = Decimal(1).scaleb(-units)
    for numerator in range(-2005, 2006, 7):
        for denominator in (1, 2, 8, 200, 2000):  # Decimal divides these exactly
            value = Fraction(numerator, denominator)
            want = (Decimal(numerator) / Decimal(denominator)).quantize(step, rounding=_DECIMAL_MODES[mode])
            got = round_to_minor(value, units, mode)
            assert got == want, (value, units, mode)
            assert str(got) == str(abs(want) if not want else want)  # the engine writes no "-0"



# ---- a whole period's price is shared, but only where everything it depends on is the same

def _plan(amount: str, name: str = "P", interval: Interval = Interval(IntervalUnit.MONTH)) -> Plan:
    return Plan("p", name, "USD", interval, Decimal(amount))


def _renewal(ctx, plan: Plan, quantity: int = 3):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return recurring(ctx, plan, quantity, Period(start, start + timedelta(days=31)), Rule("renewal", "bill in advance"))


def test_a_shared_whole_period_is_shared_by_one_plan_and_not_by_an_equal_price_written_differently():
    ctx = Context(Policy(), 2)
    ten_point_zero, ten_point_zero_zero = _plan("10.0"), _plan("10.00")
    written = [_renewal(ctx, plan) for plan in (ten_point_zero, ten_point_zero_zero, ten_point_zero)]
    assert [str(line.derivation.unit_amount) for line in written] == ["10.0", "10.00", "10.0"]
    assert "3 x 10.00/month" in written[1].description and "3 x 10.0/month" in written[0].description
    assert written[0].derivation is written[2].derivation  # shared where nothing differs
    assert _renewal(ctx, ten_point_zero, quantity=4).amount == Decimal("40.00")  # nor by another quantity


def test_a_shared_whole_period_keeps_each_plan_s_own_label():
    ctx = Context(Policy(), 2)
    assert _renewal(ctx, _plan("10.00")).description.startswith("P (3 x 10.00/month), ")
    assert _renewal(ctx, _plan("10.00", name="Q")).description.startswith("Q (3 x 10.00/month), ")
    assert _renewal(ctx, _plan("10.00", interval=Interval(IntervalUnit.MONTH, 3))).description.startswith(
        "P (3 x 10.00/3 months), ")


def test_a_plan_gone_does_not_lend_its_price_to_a_new_one():
    """Plans are keyed by identity; many short-lived plans (as a fuzz run makes)
    each get their own price, whatever ids the interpreter hands out again."""
    ctx = Context(Policy(), 2)
    for cents in range(1, 300):
        amount = f"{cents // 100}.{cents % 100:02d}"
        assert _renewal(ctx, _plan(amount), quantity=1).amount == Decimal(amount)


def test_a_shared_whole_period_is_not_reused_across_precision_rounding_or_context_class():
    class Truncating(Context):  # rounds its own way, as a canary backend's context does
        __slots__ = ()

        def round(self, value):
            return round_to_minor(value, self.minor_units, Rounding.DOWN)

    half_up, down = Policy(rounding=Rounding.HALF_UP), Policy(rounding=Rounding.DOWN)
    plan = _plan("0.3335")  # one plan throughout: only the context changes
    # 3 x 0.3335 = 1.0005: each pair below differs in one thing the price depends on,
    # the first of each pair fills the shared price the second must not take
    assert _renewal(Context(half_up, 3), plan).amount == Decimal("1.001")
    assert _renewal(Context(half_up, 2), plan).amount == Decimal("1.00")  # precision
    assert _renewal(Context(down, 3), plan).amount == Decimal("1.000")  # rounding mode
    assert _renewal(Truncating(half_up, 3), plan).amount == Decimal("1.000")  # the context's own round
    assert _renewal(Context(half_up, 3), plan).amount == Decimal("1.001")  # and back


def test_a_policy_row_gone_does_not_lend_its_text_to_a_new_one():
    """Rows are quoted by identity; short-lived rows (a fuzz run makes many)
    each get their own text, whatever ids the interpreter hands out again."""
    for round_ in range(200):
        effective = (Effective.IMMEDIATELY, Effective.NEXT_PERIOD)[round_ % 2]
        prorate, bill = round_ % 3 != 0, (Bill.NOW, Bill.NEXT_INVOICE)[round_ % 5 == 0]
        row = ChangeRule(effective=effective, prorate=prorate, bill=bill)
        expected = ", ".join([f"effective {effective.value.replace('_', ' ')}",
                              "prorate" if prorate else "no proration", f"bill {bill.value.replace('_', ' ')}"])
        assert rule_text(row) == expected
    assert rule_text(AnchorRule(prorate=False)) == "no proration"
