"""Billing calendars: period boundaries from an anchor, and the three day counts.

Periods are computed from the anchor itself (anchor + n intervals, day clamped
to the month's end), never by stepping from the previous period, so an anchor
on the 31st comes back to the 31st after February instead of drifting."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from harness.model import DayCount, Interval, IntervalUnit

# Enum members bound once, as in harness/model/money.py (a lookup on an enum class is slow).
_DAY, _WEEK, _MONTH = IntervalUnit.DAY, IntervalUnit.WEEK, IntervalUnit.MONTH
_ACTUAL_DAYS, _THIRTY_DAY = DayCount.ACTUAL_DAYS, DayCount.THIRTY_DAY


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    # calendar.monthrange would also work out the weekday, which nothing here needs
    last = 29 if month == 1 and calendar.isleap(year) else _MONTH_DAYS[month]
    return date(year, month + 1, min(day.day, last))


def shift_date(day: date, interval: Interval, n: int) -> date:
    """`day` moved by n intervals (n may be negative), the day clamped to the month's end."""
    steps = interval.count * n
    unit = interval.unit
    if unit is _MONTH:
        return add_months(day, steps)
    if unit is _DAY:
        return day + timedelta(days=steps)
    if unit is _WEEK:
        return day + timedelta(weeks=steps)
    return add_months(day, 12 * steps)  # years


def add_interval(anchor: datetime, interval: Interval, n: int) -> datetime:
    """The start of the n-th period after `anchor` (n may be negative), same wall time."""
    if interval.unit is _MONTH:  # most plans: straight to the month arithmetic (it reads y/m/d only)
        day = add_months(anchor, interval.count * n)
    else:
        day = shift_date(anchor.date(), interval, n)
    return datetime.combine(day, anchor.timetz())


def _d30(day: date) -> int:  # a datetime counts by its local date
    return 360 * day.year + 30 * day.month + min(day.day, 30)


def _seconds(start: datetime, end: datetime) -> int:
    delta = end.astimezone(timezone.utc) - start.astimezone(timezone.utc)
    return delta.days * 86400 + delta.seconds


#: How each day count names its unit in derivations ("15/30 days").
BASIS = {
    DayCount.ACTUAL_DAYS: "days",
    DayCount.THIRTY_DAY: "days (30E/360)",
    DayCount.ACTUAL_SECONDS: "seconds",
}


def measure(day_count: DayCount, start: datetime, end: datetime) -> int:
    """Length of [start, end) in the day count's unit.

    Calendar days are counted between local dates, so a change at 14:00 gives
    the new plan that whole day; seconds use the exact instants (DST-aware)."""
    if day_count is _ACTUAL_DAYS:
        return end.toordinal() - start.toordinal()  # of the local dates
    if day_count is _THIRTY_DAY:
        return _d30(end) - _d30(start)
    return _seconds(start, end)


def fraction(day_count: DayCount, span: tuple[datetime, datetime], of: tuple[datetime, datetime]) -> tuple[Fraction, int, int]:
    """The share of period `of` that `span` covers, with its numerator and denominator units."""
    if day_count is _ACTUAL_DAYS:  # most policies: the two day counts without two calls
        used = span[1].toordinal() - span[0].toordinal()
        total = of[1].toordinal() - of[0].toordinal()
    else:
        used = measure(day_count, *span)
        total = measure(day_count, *of)
    if total <= 0:  # a one-day period on the 31st counts zero 30E/360 days
        return Fraction(0), used, total
    return Fraction(used, total), used, total
