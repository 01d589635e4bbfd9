from datetime import date
from fractions import Fraction

import pytest

from harness.engine.calendar import add_interval, add_months, fraction, measure
from harness.model import DayCount, Interval, IntervalUnit
from tests.engine.builders import MONTH, YEAR, at


@pytest.mark.parametrize(
    "n, expected",
    [(1, "2026-02-28"), (2, "2026-03-31"), (3, "2026-04-30"), (13, "2027-02-28"), (25, "2028-02-29"), (-1, "2025-12-31")],
)
def test_month_end_anchor_clamps_without_drifting(n, expected):
    assert add_interval(at("2026-01-31"), MONTH, n) == at(expected)


def test_leap_day_anchor_yearly():
    assert add_interval(at("2028-02-29"), YEAR, 1) == at("2029-02-28")
    assert add_interval(at("2028-02-29"), YEAR, 4) == at("2032-02-29")


def test_week_day_and_count():
    assert add_interval(at("2026-04-01"), Interval(IntervalUnit.WEEK, 2), 1) == at("2026-04-15")
    assert add_interval(at("2026-04-01"), Interval(IntervalUnit.DAY), 30) == at("2026-05-01")
    assert add_interval(at("2026-01-31"), Interval(IntervalUnit.MONTH, 3), 1) == at("2026-04-30")


def test_add_months_across_years():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_actual_days_counts_local_dates():
    # 14:00 on Apr 16 still gives the whole of Apr 16 to the new span
    assert measure(DayCount.ACTUAL_DAYS, at("2026-04-16T14:00:00+00:00"), at("2026-05-01")) == 15


def test_thirty_day_is_30e360():
    assert measure(DayCount.THIRTY_DAY, at("2026-02-28"), at("2026-03-01")) == 3
    assert measure(DayCount.THIRTY_DAY, at("2026-01-31"), at("2026-02-28")) == 28
    assert measure(DayCount.THIRTY_DAY, at("2026-05-30"), at("2026-05-31")) == 0
    assert measure(DayCount.THIRTY_DAY, at("2026-04-01"), at("2027-04-01")) == 360


def test_seconds_respect_dst():
    # Europe/Berlin springs forward on 2026-03-29: that day has 23 hours
    tz = "Europe/Berlin"
    assert measure(DayCount.ACTUAL_SECONDS, at("2026-03-29", tz), at("2026-03-30", tz)) == 23 * 3600
    assert measure(DayCount.ACTUAL_DAYS, at("2026-03-29", tz), at("2026-03-30", tz)) == 1


def test_fraction_of_zero_length_period_is_zero():
    share, used, total = fraction(DayCount.THIRTY_DAY, (at("2026-05-30"), at("2026-05-31")), (at("2026-05-30"), at("2026-05-31")))
    assert (share, used, total) == (Fraction(0), 0, 0)
